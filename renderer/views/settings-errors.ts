// Maps a failed 'settings.update' to the fields it concerns. The host reports argument errors
// as `path: message` parts joined by '; ' (code 'invalid-arguments'); parts that name no
// settings field, and errors of other kinds, belong to the form as a whole.
import type { HeirloomError } from '../../electron/shared/client';
import type { SettingsDto } from '../../electron/shared/contract';

/** The settings this dialog edits as text fields. */
export type SettingsField = Extract<keyof SettingsDto, 'backendUrl' | 'outputDir' | 'workflowId'>;
export const SETTINGS_FIELDS: readonly SettingsField[] = ['backendUrl', 'outputDir', 'workflowId'];

export interface SettingsErrors {
  fields: Partial<Record<SettingsField, string>>;
  form: string | null;
}

function isField(name: string): name is SettingsField {
  return (SETTINGS_FIELDS as readonly string[]).includes(name);
}

export function settingsErrors(error: HeirloomError): SettingsErrors {
  const fields: Partial<Record<SettingsField, string>> = {};
  const rest: string[] = [];
  for (const part of error.message.split('; ')) {
    const match = /^([\w.]+): (.+)$/s.exec(part);
    const field = match?.[1];
    if (match && field !== undefined && isField(field)) fields[field] = match[2];
    else rest.push(part);
  }
  return { fields, form: rest.length > 0 ? rest.join('; ') : null };
}
