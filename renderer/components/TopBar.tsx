// Title, what the library is doing in one line, the queue's own controls (pause or resume
// everything, retry every failed photo) and the ways in (add photos or a folder, settings).
import { useT } from '../i18n/use-t';
import { useApp } from '../store/context';
import { AddFolderButton, AddPhotosButton } from './AddPhotosButton';
import { GearIcon, LogoMark, PauseIcon, PlayIcon, RetryIcon } from './icons';

export function TopBar() {
  const t = useT();
  const all = useApp((s) => s.index.all);
  const paused = useApp((s) => s.queue.paused);
  const importing = useApp((s) => s.importing);
  const retryAllFailed = useApp((s) => s.retryAllFailed);
  const pause = useApp((s) => s.pause);
  const resume = useApp((s) => s.resume);
  const openSettings = useApp((s) => s.openSettings);
  const waiting = all.waiting;
  const parts = [
    all.done > 0 && t('summary.done', { count: all.done }),
    all.running > 0 && t('summary.active', { count: all.running }),
    waiting > 0 && t('summary.waiting', { count: waiting }),
    all.failed > 0 && t('summary.failed', { count: all.failed }),
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
        {all.total > 0 && <span className="summary-total">{t('summary.photos', { count: all.total })}</span>}
        {parts.map((part) => (
          <span key={part}>{part}</span>
        ))}
        {importing > 0 && <span className="summary-importing">{t('summary.importing')}</span>}
      </p>
      <div className="actions">
        {all.failed > 0 && (
          <button type="button" className="button" onClick={() => void retryAllFailed()} data-testid="retry-all">
            <RetryIcon />
            {t('actions.retryAll')}
          </button>
        )}
        {(paused || waiting + all.running > 0) && (
          <button type="button" className="button" onClick={() => void (paused ? resume() : pause())} data-testid="pause-all">
            {paused ? <PlayIcon /> : <PauseIcon />}
            {paused ? t('actions.resumeAll') : t('actions.pauseAll')}
          </button>
        )}
        <AddFolderButton />
        <AddPhotosButton />
        <button type="button" className="icon-button icon-button-framed" aria-label={t('actions.settings')} title={t('actions.settings')} onClick={openSettings}>
          <GearIcon />
        </button>
      </div>
    </header>
  );
}
