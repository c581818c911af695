// One i18next instance per app (created in main.tsx, handed down by <I18nextProvider>): no global
// instance, so tests build their own. Resources are bundled, so init is synchronous.
import { createInstance } from 'i18next';
import type { i18n } from 'i18next';
import { en } from './en';
import type { Language, T } from './messages';
import { zhCN } from './zh-CN';

export const RESOURCES = {
  en: { translation: en },
  'zh-CN': { translation: zhCN },
} as const;

export function createI18n(language: Language): i18n {
  const instance = createInstance();
  void instance.init({
    resources: RESOURCES,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh-CN'],
    // Keys are flat ('compare.next'): no nesting, no namespaces in keys.
    keySeparator: false,
    nsSeparator: false,
    // React escapes text itself.
    interpolation: { escapeValue: false },
    initAsync: false,
    react: { useSuspense: false },
  });
  return instance;
}

/** `t` bound to an instance, typed by the English table. */
export function translator(instance: i18n): T {
  return (key, vars) => instance.t(key, vars);
}
