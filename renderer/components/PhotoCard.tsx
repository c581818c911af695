// One photo in the library grid. The card's main area is a button (opens the compare view when
// a result exists); Retry is a separate button beside it, never nested inside.
import { memo } from 'react';
import { t } from '../i18n/t';
import { useApp } from '../store/context';
import { photoStatus } from '../store/status';
import { RetryIcon } from './icons';
import { ProgressBar } from './ProgressBar';
import { StateBadge } from './StateBadge';

export const PhotoCard = memo(function PhotoCard({ photoId }: { photoId: string }) {
  const photo = useApp((s) => s.photos[photoId]);
  const openCompare = useApp((s) => s.openCompare);
  const retry = useApp((s) => s.retry);
  const mediaUrl = useApp((s) => s.mediaUrl);
  if (photo === undefined) return null;
  const status = photoStatus(photo);

  return (
    <li className={`card card-${status.tone}`} data-testid="photo-card" data-photo-id={photo.id} data-photo-name={photo.name}>
      <button
        type="button"
        className="card-main"
        aria-label={status.canCompare ? t('card.open', { name: photo.name }) : t('card.select', { name: photo.name })}
        aria-disabled={!status.canCompare}
        onClick={() => {
          if (status.canCompare) openCompare(photo.id);
        }}
      >
        <span className="thumb">
          <img src={mediaUrl(photo.id, 'thumb')} alt={photo.name} loading="lazy" decoding="async" draggable={false} />
          <StateBadge tone={status.tone} label={status.label} />
          {status.progress !== null && <ProgressBar value={status.progress} label={t('card.progress', { name: photo.name })} />}
        </span>
        <span className="card-name" title={photo.relPath}>
          {photo.name}
        </span>
      </button>
      {(status.detail !== null || status.canRetry) && (
        <div className="card-footer">
          {status.detail !== null && (
            <p className="card-detail" data-testid="error-reason">
              {status.detail}
            </p>
          )}
          {status.canRetry && (
            <button type="button" className="button button-small" data-testid="retry" aria-label={t('actions.retryLabel', { name: photo.name })} onClick={() => void retry([photo.id])}>
              <RetryIcon />
              {t('actions.retry')}
            </button>
          )}
        </div>
      )}
    </li>
  );
});
