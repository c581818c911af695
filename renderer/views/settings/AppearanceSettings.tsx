// Language and theme: each follows the OS unless chosen here, and applies at once.
import { useState } from 'react';
import type { SettingsDto } from '../../../electron/shared/contract';
import type { MessageKey } from '../../i18n/messages';
import { useT } from '../../i18n/use-t';
import { SaveStatus } from './SaveStatus';
import { useAutosave } from './use-autosave';

const LANGUAGES: readonly { value: SettingsDto['language']; label: MessageKey }[] = [
  { value: 'system', label: 'settings.languageSystem' },
  { value: 'zh-CN', label: 'settings.languageZh' },
  { value: 'en', label: 'settings.languageEn' },
];
const THEMES: readonly { value: SettingsDto['theme']; label: MessageKey }[] = [
  { value: 'system', label: 'settings.themeSystem' },
  { value: 'light', label: 'settings.themeLight' },
  { value: 'dark', label: 'settings.themeDark' },
];

export function AppearanceSettings({ settings }: { settings: SettingsDto }) {
  const t = useT();
  const { state, save, errorOf } = useAutosave(['language', 'theme']);
  // Shown as chosen at once; the core's answer follows (and its message if it refuses).
  const [language, setLanguage] = useState(settings.language);
  const [theme, setTheme] = useState(settings.theme);
  return (
    <div className="settings-section" data-testid="settings-appearance">
      <div className="field">
        <label htmlFor="settings-language">{t('settings.language')}</label>
        <select
          id="settings-language"
          value={language}
          onChange={(e) => {
            const value = LANGUAGES.find((l) => l.value === e.currentTarget.value)?.value;
            if (value === undefined) return;
            setLanguage(value);
            void save({ language: value });
          }}
        >
          {LANGUAGES.map((option) => (
            <option key={option.value} value={option.value}>
              {t(option.label)}
            </option>
          ))}
        </select>
        <p className="field-error">{errorOf('language')}</p>
      </div>
      <fieldset className="field">
        <legend>{t('settings.theme')}</legend>
        <div className="radio-row">
          {THEMES.map((option) => (
            <label key={option.value} className="radio">
              <input
                type="radio"
                name="settings-theme"
                value={option.value}
                checked={theme === option.value}
                onChange={() => {
                  setTheme(option.value);
                  void save({ theme: option.value });
                }}
              />
              {t(option.label)}
            </label>
          ))}
        </div>
        <p className="field-error">{errorOf('theme')}</p>
      </fieldset>
      <SaveStatus state={state} />
    </div>
  );
}
