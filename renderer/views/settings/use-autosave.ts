// Settings in these sections apply as soon as they are changed (no Save button): each change
// goes to the core, which validates it; its message appears next to the field, and a short
// "Saved" confirms the rest.
import { useState } from 'react';
import type { CommandArgs } from '../../../electron/shared/contract';
import { useApp } from '../../store/context';
import { fieldErrors } from './field-errors';
import type { FieldErrors } from './field-errors';

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; errors: FieldErrors };

export function useAutosave(fields: readonly string[], params: readonly string[] = []) {
  const applySettings = useApp((s) => s.applySettings);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const save = async (patch: CommandArgs<'settings.update'>): Promise<boolean> => {
    setState({ kind: 'saving' });
    const outcome = await applySettings(patch);
    setState(outcome.ok ? { kind: 'saved' } : { kind: 'failed', errors: fieldErrors(outcome.error, fields, params) });
    return outcome.ok;
  };
  const errorOf = (field: string): string | undefined => (state.kind === 'failed' ? state.errors.fields[field] : undefined);
  return { state, save, errorOf };
}
