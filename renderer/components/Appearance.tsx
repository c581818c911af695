// Applies the language and theme settings to the page: i18next's language and <html lang>, and
// <html data-theme> (the CSS follows the OS through `color-scheme: light dark` unless a theme is
// forced). 'system' language follows the browser's preferred languages, live.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { resolveLanguage } from '../i18n/language';
import { useApp } from '../store/context';

export function Appearance() {
  const { i18n } = useTranslation();
  const languageSetting = useApp((s) => s.settings?.language ?? 'system');
  const theme = useApp((s) => s.settings?.theme ?? 'system');
  const [preferred, setPreferred] = useState<readonly string[]>(() => navigator.languages);

  useEffect(() => {
    const changed = () => setPreferred(navigator.languages);
    window.addEventListener('languagechange', changed);
    return () => window.removeEventListener('languagechange', changed);
  }, []);

  const language = resolveLanguage(languageSetting, preferred);
  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  }, [i18n, language]);

  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset['theme'];
    else root.dataset['theme'] = theme;
  }, [theme]);

  return null;
}
