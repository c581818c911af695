// Before/after of one photo over the grid, full screen. Keyboard: ←/→ previous/next photo (the
// range input keeps arrows for itself while focused), + and − zoom, 0 fits, 1 shows 1:1 pixels,
// Shift+arrows pan, S switches slider/side by side, R colorizes again, A accepts and X rejects
// the result on screen, [ and ] move along the variant strip, Escape closes. Zoom and pan live
// here, above both modes, so they stay in sync and survive a mode switch; a new photo starts
// fitted. The neighbours' full-size files are fetched ahead so stepping is instant.
// The "after" image is one of the photo's results, fetched by job id: the one picked on the
// strip, else the accepted one, else the newest. Rejecting a result opens "colorize again".
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Dialog } from '../components/Dialog';
import { ChevronIcon, CloseIcon, FolderIcon, RetryIcon } from '../components/icons';
import { ProgressBar } from '../components/ProgressBar';
import type { Review } from '../../electron/shared/contract';
import type { MessageKey } from '../i18n/messages';
import { useT } from '../i18n/use-t';
import { useApp } from '../store/context';
import { comparableIds } from '../store/photos';
import { photoStatus } from '../store/status';
import type { CompareMode } from '../store/store';
import { RerunPanel } from './compare/RerunPanel';
import { ReviewControls } from './compare/ReviewControls';
import { VariantStrip } from './compare/VariantStrip';
import { defaultVariant, shownVariant, stepVariant, variantTexts } from './compare/variants';
import { useZoom } from './compare/use-zoom';
import { ZoomControls } from './compare/ZoomControls';
import { ZOOM_STEP } from './compare/zoom';
import { SideBySideCompare } from './SideBySideCompare';
import { SliderCompare } from './SliderCompare';

const MODES: readonly { mode: CompareMode; label: MessageKey }[] = [
  { mode: 'slider', label: 'compare.slider' },
  { mode: 'side-by-side', label: 'compare.sideBySide' },
];
/** Shift+arrow pans by this share of the frame. */
const PAN_STEP = 0.1;

function isTextEntry(target: EventTarget): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
}

/** Starts loading the neighbours' full-resolution files into the browser cache. */
function usePrefetch(urls: readonly string[]): void {
  const key = urls.join('\n');
  useEffect(() => {
    const images = key.split('\n').filter(Boolean).map((url) => {
      const image = new Image();
      image.decoding = 'async';
      image.src = url;
      return image;
    });
    return () => {
      for (const image of images) image.src = '';
    };
  }, [key]);
}

export function CompareView({ photoId }: { photoId: string }) {
  const t = useT();
  const photo = useApp((s) => s.photos[photoId]);
  const ids = useApp(useShallow((s) => comparableIds(s.photos, s.index.visible)));
  const mode = useApp((s) => s.compareMode);
  const setMode = useApp((s) => s.setCompareMode);
  const step = useApp((s) => s.stepCompare);
  const close = useApp((s) => s.closeCompare);
  const mediaUrl = useApp((s) => s.mediaUrl);
  const resultUrl = useApp((s) => s.resultUrl);
  const results = useApp((s) => s.results[photoId]);
  const workflows = useApp(useShallow((s) => s.workflows));
  const loadResults = useApp((s) => s.loadResults);
  const review = useApp((s) => s.review);
  /** The variant picked on the strip for this photo (null: the default one). */
  const [picked, setPicked] = useState<string | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const canReveal = useApp((s) => s.canReveal);
  const reveal = useApp((s) => s.reveal);
  const zoom = useZoom();
  const [rerunOpen, setRerunOpen] = useState(false);
  const rerunButton = useRef<HTMLButtonElement>(null);
  // The form's controls had the focus: it goes back to the button that opened the form, inside
  // the dialog, where the compare view's keys work.
  const closeRerun = () => {
    setRerunOpen(false);
    rerunButton.current?.focus();
  };
  // A new photo starts fitted, without the previous one's re-run form (state adjusted while
  // rendering, as React recommends for resets on a prop change).
  const [shownId, setShownId] = useState(photoId);
  if (shownId !== photoId) {
    setShownId(photoId);
    setRerunOpen(false);
    setPicked(null);
    zoom.fit();
  }

  // The photo's results again whenever its newest job changes (a re-run queued, finished).
  const jobKey = `${photo?.job?.id ?? ''}:${photo?.job?.state ?? ''}`;
  useEffect(() => {
    void loadResults(photoId);
  }, [photoId, jobKey, loadResults]);

  const index = ids.indexOf(photoId);
  const neighbours = [ids[index - 1], ids[index + 1]].filter((id): id is string => id !== undefined);
  const neighbourPhotos = useApp(useShallow((s) => neighbours.map((id) => s.photos[id])));
  const neighbourResults = useApp(useShallow((s) => neighbours.map((id) => s.results[id])));
  const missingResults = neighbours.filter((_, i) => neighbourResults[i] === undefined).join('\n');
  useEffect(() => {
    for (const id of missingResults.split('\n').filter(Boolean)) void loadResults(id);
  }, [missingResults, loadResults]);
  usePrefetch(
    neighbourPhotos.flatMap((p, i) => {
      if (p === undefined) return [];
      const variant = defaultVariant(neighbourResults[i]);
      return variant === null ? [mediaUrl(p.id, 'original')] : [mediaUrl(p.id, 'original'), resultUrl(p.id, variant)];
    }),
  );
  if (photo === undefined) return null;

  const shown = shownVariant(results, picked);
  const shownResult = results?.results.find((r) => r.jobId === shown) ?? null;
  const texts = results === undefined ? [] : variantTexts(results.results, workflows, t);
  const acceptedIndex = results?.results.findIndex((r) => r.jobId === results.favoriteJobId) ?? -1;
  const accepted = acceptedIndex >= 0 ? texts[acceptedIndex] : undefined;
  const sendReview = async (verdict: Review | null) => {
    if (shown === null || reviewing) return;
    setReviewing(true);
    const ok = await review(photo.id, shown, verdict);
    setReviewing(false);
    if (ok && verdict === 'rejected') setRerunOpen(true);
  };
  const toggleReview = (verdict: Review) => void sendReview(shownResult?.review === verdict ? null : verdict);

  const status = photoStatus(photo, t);
  const images = {
    photo,
    beforeUrl: mediaUrl(photo.id, 'original'),
    beforeThumbUrl: mediaUrl(photo.id, 'thumb'),
    // The variant on screen by job id; until the results are listed, the photo's own result.
    afterUrl: shown !== null ? resultUrl(photo.id, shown) : mediaUrl(photo.id, 'result', photo.job?.state === 'succeeded' ? photo.job.updatedAtMs : undefined),
    zoom,
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (isTextEntry(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const panBy = (dx: number, dy: number) => zoom.pan(dx * zoom.box.width * PAN_STEP, dy * zoom.box.height * PAN_STEP);
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (event.shiftKey && key.startsWith('Arrow')) {
      if (key === 'ArrowLeft') panBy(1, 0);
      else if (key === 'ArrowRight') panBy(-1, 0);
      else if (key === 'ArrowUp') panBy(0, 1);
      else panBy(0, -1);
    } else if (key === 'ArrowLeft') step(-1);
    else if (key === 'ArrowRight') step(1);
    else if (key === '+' || key === '=') zoom.zoomBy(ZOOM_STEP);
    else if (key === '-') zoom.zoomBy(1 / ZOOM_STEP);
    else if (key === '0') zoom.fit();
    else if (key === '1') zoom.actualPixels();
    else if (key === 's') setMode(mode === 'slider' ? 'side-by-side' : 'slider');
    else if (key === 'r') setRerunOpen(true);
    else if (key === 'a') toggleReview('accepted');
    else if (key === 'x') toggleReview('rejected');
    else if (key === '[' || key === ']') setPicked(stepVariant(results, shown, key === '[' ? -1 : 1));
    else return;
    event.preventDefault();
  };

  return (
    <Dialog label={t('compare.title', { name: photo.name })} onClose={close} className="compare" testId="compare-view" onKeyDown={onKeyDown}>
      <header className="compare-toolbar">
        <div className="compare-title">
          <h2>{photo.name}</h2>
          {index >= 0 && <span className="muted">{t('compare.counter', { index: index + 1, total: ids.length })}</span>}
          {results !== undefined && results.results.length > 0 && (
            <span className={accepted === undefined ? 'review-state muted' : 'review-state review-state-done'} role="status" data-testid="review-state">
              {accepted === undefined ? t('review.notReviewed') : t('review.acceptedVariant', { variant: accepted.main })}
            </span>
          )}
        </div>
        <div className="segmented" role="group" aria-label={t('compare.mode')}>
          {MODES.map((option) => (
            <button
              key={option.mode}
              type="button"
              aria-pressed={mode === option.mode}
              className={mode === option.mode ? 'segment segment-on' : 'segment'}
              onClick={() => setMode(option.mode)}
            >
              {t(option.label)}
            </button>
          ))}
        </div>
        <ReviewControls result={shownResult} busy={reviewing} onReview={(verdict) => void sendReview(verdict)} />
        <div className="compare-nav">
          <button ref={rerunButton} type="button" className="button" aria-expanded={rerunOpen} aria-keyshortcuts="R" onClick={() => setRerunOpen((open) => !open)}>
            <RetryIcon />
            {t('rerun.open')}
          </button>
          {canReveal && (
            <button type="button" className="icon-button icon-button-framed" aria-label={t('compare.reveal')} title={t('compare.reveal')} onClick={() => void reveal(photo.id, 'result')}>
              <FolderIcon />
            </button>
          )}
          <button type="button" className="icon-button icon-button-framed" aria-label={t('compare.previous')} aria-keyshortcuts="ArrowLeft" disabled={index <= 0} onClick={() => step(-1)}>
            <ChevronIcon direction="left" />
          </button>
          <button type="button" className="icon-button icon-button-framed" aria-label={t('compare.next')} aria-keyshortcuts="ArrowRight" disabled={index < 0 || index >= ids.length - 1} onClick={() => step(1)}>
            <ChevronIcon direction="right" />
          </button>
          <button type="button" className="icon-button icon-button-framed" aria-label={t('actions.close')} aria-keyshortcuts="Escape" onClick={close}>
            <CloseIcon />
          </button>
        </div>
      </header>
      {rerunOpen && <RerunPanel photo={photo} onClose={closeRerun} />}
      {results !== undefined && results.results.length > 1 && <VariantStrip results={results} workflows={workflows} shown={shown} onPick={setPicked} />}
      {photo.job?.state !== 'succeeded' && (
        <div className={`compare-status compare-status-${status.tone}`} role="status" data-testid="compare-status">
          <span>{status.label}</span>
          {status.detail !== null && <span className="muted">{status.detail}</span>}
          {status.progress !== null && <ProgressBar value={status.progress} label={t('card.progress', { name: photo.name })} inline />}
        </div>
      )}
      {mode === 'slider' ? <SliderCompare key={photo.id} {...images} /> : <SideBySideCompare {...images} />}
      <footer className="compare-footer">
        <ZoomControls zoom={zoom} />
        <p className="compare-keys muted">{t('compare.keys')}</p>
      </footer>
    </Dialog>
  );
}

