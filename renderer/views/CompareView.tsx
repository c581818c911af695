// Before/after of one photo over the grid. ←/→ step through the photos that have a result
// (the range input keeps arrows for itself while focused); Escape closes. The two modes share
// the photo and URLs, so zoom/pan kept in sync can later live here, above both.
import { useShallow } from 'zustand/react/shallow';
import type { KeyboardEvent } from 'react';
import { Dialog } from '../components/Dialog';
import { ChevronIcon, CloseIcon } from '../components/icons';
import { t } from '../i18n/t';
import { useApp } from '../store/context';
import { comparableIds } from '../store/photos';
import type { CompareMode } from '../store/store';
import { SideBySideCompare } from './SideBySideCompare';
import { SliderCompare } from './SliderCompare';

const MODES: readonly { mode: CompareMode; label: 'compare.slider' | 'compare.sideBySide' }[] = [
  { mode: 'slider', label: 'compare.slider' },
  { mode: 'side-by-side', label: 'compare.sideBySide' },
];

function isTextEntry(target: EventTarget): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
}

export function CompareView({ photoId }: { photoId: string }) {
  const photo = useApp((s) => s.photos[photoId]);
  const ids = useApp(useShallow((s) => comparableIds(s)));
  const mode = useApp((s) => s.compareMode);
  const setMode = useApp((s) => s.setCompareMode);
  const step = useApp((s) => s.stepCompare);
  const close = useApp((s) => s.closeCompare);
  const mediaUrl = useApp((s) => s.mediaUrl);
  if (photo === undefined) return null;

  const index = ids.indexOf(photoId);
  const beforeUrl = mediaUrl(photo.id, 'original');
  const afterUrl = mediaUrl(photo.id, 'result', photo.job?.updatedAtMs);
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (isTextEntry(event.target)) return;
    if (event.key === 'ArrowLeft') step(-1);
    else if (event.key === 'ArrowRight') step(1);
    else return;
    event.preventDefault();
  };

  return (
    <Dialog label={t('compare.title', { name: photo.name })} onClose={close} className="compare" testId="compare-view" onKeyDown={onKeyDown}>
      <header className="compare-toolbar">
        <div className="compare-title">
          <h2>{photo.name}</h2>
          {index >= 0 && <span className="muted">{t('compare.counter', { index: index + 1, total: ids.length })}</span>}
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
        <div className="compare-nav">
          <button type="button" className="icon-button icon-button-framed" aria-label={t('compare.previous')} disabled={index <= 0} onClick={() => step(-1)}>
            <ChevronIcon direction="left" />
          </button>
          <button type="button" className="icon-button icon-button-framed" aria-label={t('compare.next')} disabled={index < 0 || index >= ids.length - 1} onClick={() => step(1)}>
            <ChevronIcon direction="right" />
          </button>
          <button type="button" className="icon-button icon-button-framed" aria-label={t('actions.close')} onClick={close}>
            <CloseIcon />
          </button>
        </div>
      </header>
      {mode === 'slider' ? (
        <SliderCompare key={photo.id} photo={photo} beforeUrl={beforeUrl} afterUrl={afterUrl} />
      ) : (
        <SideBySideCompare photo={photo} beforeUrl={beforeUrl} afterUrl={afterUrl} />
      )}
    </Dialog>
  );
}
