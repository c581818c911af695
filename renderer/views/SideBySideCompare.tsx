// Original and result next to each other, each fitted to half the stage.
import type { PhotoDto } from '../../electron/shared/contract';
import { t } from '../i18n/t';

interface SideBySideProps {
  photo: PhotoDto;
  beforeUrl: string;
  afterUrl: string;
}

export function SideBySideCompare({ photo, beforeUrl, afterUrl }: SideBySideProps) {
  const aspect = { aspectRatio: `${photo.width} / ${photo.height}`, ['--ar' as string]: photo.width / photo.height };
  return (
    <div className="compare-body side-by-side" data-testid="side-by-side">
      <div className="stage">
        <figure className="frame" style={aspect}>
          <img className="frame-image" src={beforeUrl} alt={t('compare.beforeAlt', { name: photo.name })} draggable={false} data-testid="side-before" />
          <figcaption className="frame-tag frame-tag-before">{t('compare.before')}</figcaption>
        </figure>
      </div>
      <div className="stage">
        <figure className="frame" style={aspect}>
          <img className="frame-image" src={afterUrl} alt={t('compare.afterAlt', { name: photo.name })} draggable={false} data-testid="side-after" />
          <figcaption className="frame-tag frame-tag-before">{t('compare.after')}</figcaption>
        </figure>
      </div>
    </div>
  );
}
