// Where the core's complaint about a settings change belongs. The host reports argument errors
// as `path: message` parts joined by '; ' ('namingPattern: must contain {name}'); a workflow
// parameter refused by its manifest comes as `<workflow>: <param> must …`. Parts naming no field
// stay with the section as a whole.
import type { HeirloomError } from '../../../electron/shared/client';

export interface FieldErrors {
  /** By settings key, or `workflowParams.<name>` for one parameter. */
  fields: Record<string, string>;
  general: string | null;
}

export function fieldErrors(error: HeirloomError, fields: readonly string[], params: readonly string[] = []): FieldErrors {
  const found: Record<string, string> = {};
  const rest: string[] = [];
  for (const part of error.message.split('; ')) {
    const match = /^([^:\s]+): (.+)$/s.exec(part);
    const path = match?.[1];
    const text = match?.[2] ?? part;
    if (path !== undefined && fields.includes(path)) {
      found[path] = text;
      continue;
    }
    const param = error.code === 'invalid-parameters' ? params.find((name) => new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text)) : undefined;
    if (param !== undefined) found[`workflowParams.${param}`] = text;
    else rest.push(part);
  }
  return { fields: found, general: rest.length > 0 ? rest.join('; ') : null };
}
