import { t } from '../i18n/t';
import { AddPhotosButton } from './AddPhotosButton';
import { PhotosIcon } from './icons';

export function EmptyState() {
  return (
    <div className="empty" data-testid="empty-state">
      <div className="empty-art" aria-hidden>
        <PhotosIcon size={56} />
      </div>
      <h2>{t('empty.title')}</h2>
      <p className="muted">{t('empty.body')}</p>
      <AddPhotosButton />
    </div>
  );
}
