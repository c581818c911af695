// The file picker route into the library, next to drag and drop.
import { useRef } from 'react';
import { t } from '../i18n/t';
import { useApp } from '../store/context';
import { PlusIcon } from './icons';

export function AddPhotosButton() {
  const input = useRef<HTMLInputElement>(null);
  const importFiles = useApp((s) => s.importFiles);
  return (
    <>
      <button type="button" className="button button-primary" onClick={() => input.current?.click()}>
        <PlusIcon />
        {t('actions.addPhotos')}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept="image/*"
        hidden
        aria-label={t('actions.addPhotos')}
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          // Reset so that picking the same files again fires change again.
          event.currentTarget.value = '';
          void importFiles(files);
        }}
      />
    </>
  );
}
