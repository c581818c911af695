import { useT } from '../i18n/use-t';
import { PhotosIcon } from './icons';

export function DropOverlay() {
  const t = useT();
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden>
      <div className="drop-target">
        <PhotosIcon size={44} />
        <p className="drop-title">{t('drop.overlay')}</p>
        <p className="muted">{t('drop.hint')}</p>
      </div>
    </div>
  );
}
