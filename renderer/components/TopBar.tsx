// Title, what the library is doing in one line, and the two ways in (add photos, settings).
import { useShallow } from 'zustand/react/shallow';
import { t } from '../i18n/t';
import { useApp } from '../store/context';
import { photoStatus, summarize } from '../store/status';
import { AddPhotosButton } from './AddPhotosButton';
import { GearIcon, LogoMark, RetryIcon } from './icons';

export function TopBar() {
  const summary = useApp(useShallow((s) => summarize(s.photos)));
  const failedIds = useApp(useShallow((s) => s.order.filter((id) => s.photos[id] !== undefined && photoStatus(s.photos[id]).tone === 'failed')));
  const importing = useApp((s) => s.importing);
  const retry = useApp((s) => s.retry);
  const openSettings = useApp((s) => s.openSettings);
  const parts = [
    summary.done > 0 && t('summary.done', { count: summary.done }),
    summary.active > 0 && t('summary.active', { count: summary.active }),
    summary.waiting > 0 && t('summary.waiting', { count: summary.waiting }),
    summary.failed > 0 && t('summary.failed', { count: summary.failed }),
  ].filter((part): part is string => typeof part === 'string');

  return (
    <header className="topbar">
      <div className="brand">
        <LogoMark />
        <div>
          <h1>{t('app.title')}</h1>
          <p className="muted">{t('app.tagline')}</p>
        </div>
      </div>
      <p className="summary" data-testid="summary" aria-live="polite">
        {summary.total > 0 && <span className="summary-total">{t('summary.photos', { count: summary.total })}</span>}
        {parts.map((part) => (
          <span key={part}>{part}</span>
        ))}
        {importing > 0 && <span className="summary-importing">{t('summary.importing', { count: importing })}</span>}
      </p>
      <div className="actions">
        {failedIds.length > 1 && (
          <button type="button" className="button" onClick={() => void retry(failedIds)}>
            <RetryIcon />
            {t('actions.retryAll')}
          </button>
        )}
        <AddPhotosButton />
        <button type="button" className="icon-button icon-button-framed" aria-label={t('actions.settings')} title={t('actions.settings')} onClick={openSettings}>
          <GearIcon />
        </button>
      </div>
    </header>
  );
}
