// A tiny stand-in for i18next's `t` over the English table: `{{name}}` interpolation and
// `_one` / `_other` plurals picked by `count`. Swapped for i18next when zh-CN lands.
import { en } from './en';

type Table = typeof en;
type PluralBase<K> = K extends `${infer B}_one` ? B : K extends `${infer B}_other` ? B : never;
export type MessageKey = Exclude<keyof Table, `${string}_one` | `${string}_other`> | PluralBase<keyof Table>;
export type MessageVars = Readonly<Record<string, string | number>>;

const plurals = new Intl.PluralRules('en');

function lookup(key: MessageKey, vars: MessageVars | undefined): string {
  const table: Readonly<Record<string, string>> = en;
  const count = vars?.['count'];
  if (typeof count === 'number') {
    const plural = table[`${key}_${plurals.select(count)}`] ?? table[`${key}_other`];
    if (plural !== undefined) return plural;
  }
  return table[key] ?? key;
}

export function t(key: MessageKey, vars?: MessageVars): string {
  const text = lookup(key, vars);
  if (vars === undefined) return text;
  return text.replace(/\{\{(\w+)\}\}/g, (match, name: string) => {
    const value = vars[name];
    return value === undefined ? match : String(value);
  });
}
