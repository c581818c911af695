import { useT } from '../../i18n/use-t';
import type { SaveState } from './use-autosave';

export function SaveStatus({ state }: { state: SaveState }) {
  const t = useT();
  const text = state.kind === 'saving' ? t('settings.saving') : state.kind === 'saved' ? t('settings.saved') : state.kind === 'failed' ? state.errors.general : null;
  return (
    <p className={state.kind === 'failed' ? 'save-status form-error' : 'save-status muted'} role="status" data-testid="save-status">
      {text}
    </p>
  );
}
