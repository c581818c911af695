// Before and after stacked in one frame; the after photo is clipped to the right of a divider.
// At fit, a drag anywhere moves the divider; zoomed in, a drag pans and only a drag that starts
// on the divider moves it. The range input under the frame gives keyboard users the divider
// (arrows ±1 %, Shift or Page keys ±10 %, Home/End). Zoom and pan are shared with side by side.
import { useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import type { PhotoDto } from '../../electron/shared/contract';
import { useT } from '../i18n/use-t';
import { ProgressiveImage } from './compare/ProgressiveImage';
import { usePointerGestures, useZoomSurface } from './compare/use-zoom';
import type { Zoom } from './compare/use-zoom';
import { clipPercent, transformOf } from './compare/zoom';

const clamp = (value: number) => Math.min(100, Math.max(0, value));
/** How close to the divider (px) a drag must start to move it while zoomed in. */
const DIVIDER_GRAB_PX = 24;

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

export interface CompareImages {
  photo: PhotoDto;
  beforeUrl: string;
  beforeThumbUrl: string;
  afterUrl: string;
  zoom: Zoom;
}

export function SliderCompare({ photo, beforeUrl, beforeThumbUrl, afterUrl, zoom }: CompareImages) {
  const t = useT();
  const [position, setPosition] = useState(50);
  const [frame, setFrame] = useState<HTMLDivElement | null>(null);
  useZoomSurface(frame, zoom);
  const gestures = usePointerGestures(zoom);
  const movingDivider = useRef(false);

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

  const layer = { transform: transformOf(zoom.view) };
  const clip = clipPercent(position, zoom.view, zoom.box);
  return (
    <div className="compare-body">
      <div className="stage" data-testid="compare-slider">
        <div
          ref={setFrame}
          className={zoom.zoomed ? 'frame frame-slider frame-zoomed' : 'frame frame-slider'}
          style={{ aspectRatio: `${photo.width} / ${photo.height}`, ['--ar' as string]: photo.width / photo.height }}
          onPointerDown={(event) => {
            const box = event.currentTarget.getBoundingClientRect();
            const nearDivider = Math.abs(event.clientX - box.left - (position / 100) * box.width) <= DIVIDER_GRAB_PX;
            movingDivider.current = gestures.down(event, zoom.zoomed && !nearDivider) === 'none';
            if (movingDivider.current) follow(event);
          }}
          onPointerMove={(event) => {
            const gesture = gestures.move(event);
            if (gesture === 'none' && movingDivider.current) follow(event);
          }}
          onPointerUp={(event) => {
            gestures.up(event);
            movingDivider.current = false;
          }}
          onPointerCancel={(event) => {
            gestures.up(event);
            movingDivider.current = false;
          }}
          data-testid="compare-frame"
        >
          <div className="layer" style={layer}>
            <ProgressiveImage
              key={beforeUrl}
              src={beforeUrl}
              placeholder={beforeThumbUrl}
              alt={t('compare.beforeAlt', { name: photo.name })}
              testId="compare-before"
              onLoaded={zoom.setNaturalWidth}
            />
          </div>
          <div className="layer" style={layer}>
            <ProgressiveImage key={afterUrl} src={afterUrl} placeholder={null} alt={t('compare.afterAlt', { name: photo.name })} testId="compare-after" style={{ clipPath: `inset(0 0 0 ${clip}%)` }} />
          </div>
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
        aria-valuetext={t('compare.positionValue', { percent: Math.round(position) })}
        onChange={(event) => setPosition(clamp(Number(event.currentTarget.value)))}
        onKeyDown={onKeyDown}
        data-testid="compare-range"
      />
    </div>
  );
}
