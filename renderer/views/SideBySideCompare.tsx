// Original and result next to each other, each fitted to half the stage, zoomed and panned
// together: a drag or a wheel on either moves both.
import { useState } from 'react';
import type { PointerEvent } from 'react';
import { useT } from '../i18n/use-t';
import { ProgressiveImage } from './compare/ProgressiveImage';
import { usePointerGestures, useZoomSurface } from './compare/use-zoom';
import { transformOf } from './compare/zoom';
import type { CompareImages } from './SliderCompare';

export function SideBySideCompare({ photo, beforeUrl, beforeThumbUrl, afterUrl, zoom }: CompareImages) {
  const t = useT();
  const [beforeFrame, setBeforeFrame] = useState<HTMLElement | null>(null);
  const [afterFrame, setAfterFrame] = useState<HTMLElement | null>(null);
  useZoomSurface(beforeFrame, zoom);
  useZoomSurface(afterFrame, zoom);
  const gestures = usePointerGestures(zoom);
  const aspect = { aspectRatio: `${photo.width} / ${photo.height}`, ['--ar' as string]: photo.width / photo.height };
  const layer = { transform: transformOf(zoom.view) };
  const handlers = {
    onPointerDown: (event: PointerEvent<HTMLElement>) => void gestures.down(event, zoom.zoomed),
    onPointerMove: (event: PointerEvent<HTMLElement>) => void gestures.move(event),
    onPointerUp: (event: PointerEvent<HTMLElement>) => gestures.up(event),
    onPointerCancel: (event: PointerEvent<HTMLElement>) => gestures.up(event),
  };
  const frameClass = zoom.zoomed ? 'frame frame-pan frame-zoomed' : 'frame frame-pan';
  return (
    <div className="compare-body side-by-side" data-testid="side-by-side">
      <div className="stage">
        <figure ref={setBeforeFrame} className={frameClass} style={aspect} {...handlers}>
          <div className="layer" style={layer}>
            <ProgressiveImage key={beforeUrl} src={beforeUrl} placeholder={beforeThumbUrl} alt={t('compare.beforeAlt', { name: photo.name })} testId="side-before" onLoaded={zoom.setNaturalWidth} />
          </div>
          <figcaption className="frame-tag frame-tag-before">{t('compare.before')}</figcaption>
        </figure>
      </div>
      <div className="stage">
        <figure ref={setAfterFrame} className={frameClass} style={aspect} {...handlers}>
          <div className="layer" style={layer}>
            <ProgressiveImage key={afterUrl} src={afterUrl} placeholder={null} alt={t('compare.afterAlt', { name: photo.name })} testId="side-after" />
          </div>
          <figcaption className="frame-tag frame-tag-before">{t('compare.after')}</figcaption>
        </figure>
      </div>
    </div>
  );
}
