// Types shared by the UI's strings: keys come from the English table (the source language);
// plural keys (`_one`, `_other`) are addressed by their base name and picked by `count`.
import type { en } from './en';

type Table = typeof en;
type PluralBase<K> = K extends `${infer B}_one` ? B : K extends `${infer B}_other` ? B : never;

export type MessageKey = Exclude<keyof Table, `${string}_one` | `${string}_other`> | PluralBase<keyof Table>;
export type MessageVars = Readonly<Record<string, string | number>>;

/** A UI string to translate later (non-React code hands these to components). */
export interface Message {
  readonly key: MessageKey;
  readonly vars?: MessageVars;
}

/** The translate function every component and helper receives. */
export type T = (key: MessageKey, vars?: MessageVars) => string;

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

export function message(key: MessageKey, vars?: MessageVars): Message {
  return vars === undefined ? { key } : { key, vars };
}
