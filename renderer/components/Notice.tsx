// The last failed action (a command that threw), or an outcome worth telling, until dismissed.
import { useT } from '../i18n/use-t';
import { useApp } from '../store/context';
import { CloseIcon } from './icons';

export function Notice() {
  const t = useT();
  const notice = useApp((s) => s.notice);
  const dismiss = useApp((s) => s.dismissNotice);
  if (notice === null) return null;
  return (
    <div className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="notice">
      <p>{t(notice.message.key, notice.message.vars)}</p>
      <button type="button" className="icon-button" aria-label={t('actions.dismiss')} onClick={dismiss}>
        <CloseIcon />
      </button>
    </div>
  );
}
