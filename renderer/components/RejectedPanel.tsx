// Files the last imports refused, each with the reason, until the user dismisses the list.
import { useShallow } from 'zustand/react/shallow';
import { t } from '../i18n/t';
import { useApp } from '../store/context';
import { CloseIcon } from './icons';

export function RejectedPanel() {
  const rejected = useApp(useShallow((s) => s.rejected));
  const duplicates = useApp((s) => s.duplicates);
  const dismiss = useApp((s) => s.dismissRejected);
  if (rejected.length === 0 && duplicates === 0) return null;
  return (
    <section className="rejected" aria-label={t('rejected.region')} data-testid="rejected-list">
      <header className="rejected-header">
        <div>
          {rejected.length > 0 && <h2>{t('rejected.title', { count: rejected.length })}</h2>}
          {duplicates > 0 && <p className="muted" data-testid="duplicates">{t('rejected.duplicates', { count: duplicates })}</p>}
        </div>
        <button type="button" className="icon-button" aria-label={t('actions.dismiss')} onClick={dismiss}>
          <CloseIcon />
        </button>
      </header>
      {rejected.length > 0 && (
        <ul>
          {rejected.map((file, index) => (
            <li key={`${index}:${file.name}`} data-testid="rejected-item" data-code={file.code}>
              <span className="rejected-name">{file.name}</span>
              <span className="rejected-reason">{file.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
