// −, the zoom level (100 % = one photo pixel per screen pixel), +, fit and 1:1.
import { FitIcon, ZoomIcon } from '../../components/icons';
import { useT } from '../../i18n/use-t';
import type { Zoom } from './use-zoom';
import { ZOOM_STEP } from './zoom';

export function ZoomControls({ zoom }: { zoom: Zoom }) {
  const t = useT();
  return (
    <div className="zoom-controls" role="group" aria-label={t('zoom.label')}>
      <button type="button" className="icon-button icon-button-framed" aria-label={t('zoom.out')} title={t('zoom.outKey')} disabled={!zoom.zoomed} onClick={() => zoom.zoomBy(1 / ZOOM_STEP)}>
        <ZoomIcon direction="out" />
      </button>
      <output className="zoom-level" aria-live="polite" data-testid="zoom-level">
        {zoom.percent === null ? t('zoom.fit') : zoom.zoomed ? t('zoom.percent', { percent: zoom.percent }) : t('zoom.fitted', { percent: zoom.percent })}
      </output>
      <button type="button" className="icon-button icon-button-framed" aria-label={t('zoom.in')} title={t('zoom.inKey')} onClick={() => zoom.zoomBy(ZOOM_STEP)}>
        <ZoomIcon direction="in" />
      </button>
      <button type="button" className="icon-button icon-button-framed" aria-label={t('zoom.fit')} title={t('zoom.fitKey')} disabled={!zoom.zoomed} onClick={zoom.fit}>
        <FitIcon />
      </button>
      <button type="button" className="button button-small" aria-label={t('zoom.actual')} title={t('zoom.actualKey')} onClick={zoom.actualPixels} data-testid="zoom-actual">
        {t('zoom.actualShort')}
      </button>
    </div>
  );
}
