// Before and after stacked in one frame; the after image is clipped to the right of a divider.
// The divider follows a pointer drag anywhere on the frame, and the range input under it gives
// keyboard users the same control (arrows ±1 %, Shift or Page keys ±10 %, Home/End).
import { useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import type { PhotoDto } from '../../electron/shared/contract';
import { t } from '../i18n/t';

const clamp = (value: number) => Math.min(100, Math.max(0, value));

function keyStep(event: KeyboardEvent): number | 'start' | 'end' | null {
  const big = event.shiftKey ? 10 : 1;
  switch (event.key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return -big;
    case 'ArrowRight':
    case 'ArrowUp':
      return big;
    case 'PageDown':
      return -10;
    case 'PageUp':
      return 10;
    case 'Home':
      return 'start';
    case 'End':
      return 'end';
    default:
      return null;
  }
}

interface SliderCompareProps {
  photo: PhotoDto;
  beforeUrl: string;
  afterUrl: string;
}

export function SliderCompare({ photo, beforeUrl, afterUrl }: SliderCompareProps) {
  const [position, setPosition] = useState(50);

  const follow = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width > 0) setPosition(clamp(((event.clientX - box.left) / box.width) * 100));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const step = keyStep(event);
    if (step === null) return;
    // Handled here so arrows move the divider and do not also step to another photo.
    event.preventDefault();
    event.stopPropagation();
    setPosition((current) => (step === 'start' ? 0 : step === 'end' ? 100 : clamp(Math.round(current) + step)));
  };

  return (
    <div className="compare-body">
      <div className="stage" data-testid="compare-slider">
        <div
          className="frame frame-slider"
          style={{ aspectRatio: `${photo.width} / ${photo.height}`, ['--ar' as string]: photo.width / photo.height }}
          onPointerDown={(event) => {
            event.currentTarget.setPointerCapture(event.pointerId);
            follow(event);
          }}
          onPointerMove={(event) => {
            if (event.currentTarget.hasPointerCapture(event.pointerId)) follow(event);
          }}
          data-testid="compare-frame"
        >
          <img className="frame-image" src={beforeUrl} alt={t('compare.beforeAlt', { name: photo.name })} draggable={false} data-testid="compare-before" />
          <img
            className="frame-image"
            src={afterUrl}
            alt={t('compare.afterAlt', { name: photo.name })}
            draggable={false}
            style={{ clipPath: `inset(0 0 0 ${position}%)` }}
            data-testid="compare-after"
          />
          <div className="divider" style={{ left: `${position}%` }} aria-hidden>
            <span className="divider-handle" />
          </div>
          <span className="frame-tag frame-tag-before">{t('compare.before')}</span>
          <span className="frame-tag frame-tag-after">{t('compare.after')}</span>
        </div>
      </div>
      <input
        className="compare-range"
        type="range"
        min={0}
        max={100}
        step="any"
        value={position}
        aria-label={t('compare.position')}
        aria-valuetext={`${Math.round(position)}%`}
        onChange={(event) => setPosition(clamp(Number(event.currentTarget.value)))}
        onKeyDown={onKeyDown}
        data-testid="compare-range"
      />
    </div>
  );
}
