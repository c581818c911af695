import { useT } from '../i18n/use-t';
import { AddFolderButton, AddPhotosButton } from './AddPhotosButton';
import { PhotosIcon } from './icons';

export function EmptyState() {
  const t = useT();
  return (
    <div className="empty" data-testid="empty-state">
      <div className="empty-art" aria-hidden>
        <PhotosIcon size={56} />
      </div>
      <h2>{t('empty.title')}</h2>
      <p className="muted">{t('empty.body')}</p>
      <div className="empty-actions">
        <AddPhotosButton />
        <AddFolderButton />
      </div>
    </div>
  );
}
