// One photo in the library grid, as a grid cell: thumbnail with its state badge and progress,
// the name, and why it failed. Click focuses, Ctrl/Cmd-click toggles the selection, Shift-click
// selects a range, double-click (or Enter) opens the comparison. The thumbnail of a finished
// photo and the Retry of a failed one are buttons of their own (not in the Tab order: the grid
// moves with the arrow keys, and every action has a key or a toolbar button). A reviewed photo
// carries a small mark (accepted ✓, rejected ✕), also read out in the cell's name.
import { memo, useState } from 'react';
import type { MouseEvent } from 'react';
import type { T } from '../i18n/messages';
import { useApp, useAppStore } from '../store/context';
import { photoStatus } from '../store/status';
import { RetryIcon } from './icons';
import { ProgressBar } from './ProgressBar';
import { StateBadge } from './StateBadge';

interface PhotoCardProps {
  photoId: string;
  column: number;
  /** The one cell in the Tab order (roving tabindex). */
  active: boolean;
  /** From the grid: one language subscription for the grid, not one per card. */
  t: T;
  /** False while the grid is flung: the thumbnail loads once the scroll slows (then stays). */
  showThumbnail: boolean;
}

// Cards mount and unmount by the dozen on every scrolled frame (see `npm run bench -- ui`): each
// subscribes to its photo and its selection only, and takes the (stable) actions from the store.
export const PhotoCard = memo(function PhotoCard({ photoId, column, active, t, showThumbnail }: PhotoCardProps) {
  const photo = useApp((s) => s.photos[photoId]);
  const [thumbnail, setThumbnail] = useState(showThumbnail);
  if (showThumbnail && !thumbnail) setThumbnail(true);
  const selected = useApp((s) => s.selection.ids.has(photoId));
  const { openCompare, select, focus, retry, colorize, mediaUrl } = useAppStore().getState();
  if (photo === undefined) return null;
  const status = photoStatus(photo, t);
  // The verdict from the compare view, read with the card's name and state; the mark is its picture.
  const review = photo.reviewed === null ? null : t(photo.reviewed === 'accepted' ? 'review.accepted' : 'review.rejected');

  const onClick = (event: MouseEvent) => {
    if (event.shiftKey) select(photo.id, 'range');
    else if (event.ctrlKey || event.metaKey) select(photo.id, 'toggle');
    else focus(photo.id);
  };

  return (
    <div
      role="gridcell"
      aria-colindex={column}
      aria-selected={selected}
      aria-label={review === null ? t('card.label', { name: photo.name, status: status.label }) : t('card.labelReviewed', { name: photo.name, status: status.label, review })}
      tabIndex={active ? 0 : -1}
      className={`card card-${status.tone}${selected ? ' card-selected' : ''}`}
      data-testid="photo-card"
      data-photo-id={photo.id}
      data-photo-name={photo.name}
      onClick={onClick}
      onDoubleClick={() => {
        if (status.canCompare) openCompare(photo.id);
      }}
      onFocus={(event) => {
        if (event.target === event.currentTarget) focus(photo.id);
      }}
    >
      <div className="thumb">
        {status.canCompare ? (
          <button
            type="button"
            className="thumb-open"
            tabIndex={-1}
            aria-label={t('card.open', { name: photo.name })}
            onClick={(event) => {
              if (event.shiftKey || event.ctrlKey || event.metaKey) return;
              event.stopPropagation();
              openCompare(photo.id);
            }}
          >
            <img src={thumbnail ? mediaUrl(photo.id, 'thumb') : undefined} alt={photo.name} loading="lazy" decoding="async" draggable={false} />
          </button>
        ) : (
          <img src={thumbnail ? mediaUrl(photo.id, 'thumb') : undefined} alt={photo.name} loading="lazy" decoding="async" draggable={false} />
        )}
        <StateBadge tone={status.tone} label={status.label} />
        <button
          type="button"
          className="card-check"
          tabIndex={-1}
          aria-pressed={selected}
          aria-label={t('card.selectLabel', { name: photo.name })}
          onClick={(event) => {
            event.stopPropagation();
            select(photo.id, event.shiftKey ? 'range' : 'toggle');
          }}
        />
        {status.canRetry && (
          <button
            type="button"
            className="button button-small card-retry"
            tabIndex={-1}
            data-testid="retry"
            aria-label={t('actions.retryLabel', { name: photo.name })}
            onClick={(event) => {
              event.stopPropagation();
              void retry([photo.id]);
            }}
          >
            <RetryIcon />
            {t('actions.retry')}
          </button>
        )}
        {status.canColorize && (
          <button
            type="button"
            className="button button-small card-retry"
            tabIndex={-1}
            aria-label={t('actions.colorizeLabel', { name: photo.name })}
            onClick={(event) => {
              event.stopPropagation();
              void colorize([photo.id]);
            }}
          >
            {t('actions.colorize')}
          </button>
        )}
        {review !== null && <span className={`card-review card-review-${photo.reviewed ?? ''}`} data-testid="review-mark" data-review={photo.reviewed} title={review} aria-hidden />}
        {status.progress !== null && <ProgressBar value={status.progress} label={t('card.progress', { name: photo.name })} />}
      </div>
      <div className="card-info">
        <span className="card-name" title={photo.relPath}>
          {photo.name}
        </span>
        {status.detail !== null ? (
          <span className="card-detail" data-testid="error-reason" title={status.hint === null ? status.detail : `${status.detail}\n${status.hint}`}>
            {status.detail}
          </span>
        ) : (
          photo.relPath !== photo.name && <span className="card-path muted">{photo.relPath}</span>
        )}
      </div>
    </div>
  );
});
