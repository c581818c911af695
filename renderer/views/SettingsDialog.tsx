// The settings dialog: the ComfyUI computers (views/settings/BackendsSettings: a list with its
// own add/edit forms and connection test) and the sections that save as they change (output,
// workflow, appearance; views/settings/) as tabs beside it.
import { Dialog } from '../components/Dialog';
import { CloseIcon } from '../components/icons';
import { useT } from '../i18n/use-t';
import { useApp } from '../store/context';
import { BackendsSettings } from './settings/BackendsSettings';
import { SettingsTabs } from './settings/SettingsTabs';

export function SettingsDialog() {
  const t = useT();
  const close = useApp((s) => s.closeSettings);
  return (
    <Dialog label={t('settings.title')} onClose={close} className="settings" testId="settings-dialog">
      <header className="dialog-header">
        <h2>{t('settings.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('actions.close')} onClick={close}>
          <CloseIcon />
        </button>
      </header>
      <SettingsTabs comfyui={<BackendsSettings />} />
    </Dialog>
  );
}
