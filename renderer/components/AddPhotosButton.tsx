// The file picker routes into the library, next to drag and drop: photos, or whole folders
// (each becomes an album, subfolders included).
import { useEffect, useRef } from 'react';
import { foldersFromInput } from '../dnd/collect-files';
import { useT } from '../i18n/use-t';
import { useApp } from '../store/context';
import { askToNotify } from '../desktop/notify';
import { FolderIcon, PlusIcon } from './icons';

export function AddPhotosButton({ primary = true }: { primary?: boolean }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const importFiles = useApp((s) => s.importFiles);
  return (
    <>
      <button
        type="button"
        className={primary ? 'button button-primary' : 'button'}
        onClick={() => {
          askToNotify();
          input.current?.click();
        }}
      >
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

export function AddFolderButton() {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const importFolders = useApp((s) => s.importFolders);
  const importFiles = useApp((s) => s.importFiles);
  // React has no prop for it: the picker takes folders only with the attribute set on the element.
  useEffect(() => {
    if (input.current !== null) input.current.webkitdirectory = true;
  }, []);
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => {
          askToNotify();
          input.current?.click();
        }}
      >
        <FolderIcon />
        {t('actions.addFolder')}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label={t('actions.addFolder')}
        data-testid="folder-input"
        onChange={(event) => {
          const { folders, loose } = foldersFromInput(Array.from(event.currentTarget.files ?? []));
          event.currentTarget.value = '';
          void importFolders(folders);
          void importFiles(loose);
        }}
      />
    </>
  );
}
