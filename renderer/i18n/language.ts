// Which table to show: the setting, or for 'system' the first of the OS's preferred languages
// that Heirloom has (any Chinese → zh-CN, since zh-CN is the only Chinese table), else English.
import type { SettingsDto } from '../../electron/shared/contract';
import type { Language } from './messages';

export function resolveLanguage(setting: SettingsDto['language'], preferred: readonly string[]): Language {
  if (setting !== 'system') return setting;
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return 'en';
}
