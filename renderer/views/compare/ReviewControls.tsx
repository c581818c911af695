// Accept (A) or reject (X) the result on screen. Accepting makes it the photo's result and marks
// the photo reviewed; pressing the pressed button again takes the verdict back. Rejecting opens
// "colorize again" (the caller does) so a better one can be made.
import type { PhotoResultDto } from '../../../electron/shared/contract';
import type { Review } from '../../../electron/shared/contract';
import { useT } from '../../i18n/use-t';

interface ReviewControlsProps {
  /** The result on screen, or null while the photo has none. */
  result: PhotoResultDto | null;
  busy: boolean;
  onReview: (review: Review | null) => void;
}

export function ReviewControls({ result, busy, onReview }: ReviewControlsProps) {
  const t = useT();
  const verdict = result?.review ?? null;
  const toggle = (review: Review) => onReview(verdict === review ? null : review);
  return (
    // Not disabled while a verdict is on its way (the caller ignores a second one): a disabled
    // button would drop the keyboard focus out of the compare view.
    <div className="review-controls" role="group" aria-label={t('review.label')} aria-busy={busy}>
      <button
        type="button"
        className={verdict === 'accepted' ? 'button review-accept review-on' : 'button review-accept'}
        aria-pressed={verdict === 'accepted'}
        aria-keyshortcuts="A"
        title={t('review.acceptKey')}
        disabled={result === null}
        onClick={() => toggle('accepted')}
        data-testid="review-accept"
      >
        {t('review.accept')}
      </button>
      <button
        type="button"
        className={verdict === 'rejected' ? 'button review-reject review-on' : 'button review-reject'}
        aria-pressed={verdict === 'rejected'}
        aria-keyshortcuts="X"
        title={t('review.rejectKey')}
        disabled={result === null}
        onClick={() => toggle('rejected')}
        data-testid="review-reject"
      >
        {t('review.reject')}
      </button>
    </div>
  );
}
