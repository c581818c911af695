// The last failed action (a command that threw), until dismissed.
import { t } from '../i18n/t';
import { useApp } from '../store/context';
import { CloseIcon } from './icons';

export function Notice() {
  const notice = useApp((s) => s.notice);
  const dismiss = useApp((s) => s.dismissNotice);
  if (notice === null) return null;
  return (
    <div className="notice" role="alert" data-testid="notice">
      <p>{notice}</p>
      <button type="button" className="icon-button" aria-label={t('actions.dismiss')} onClick={dismiss}>
        <CloseIcon />
      </button>
    </div>
  );
}
