// The file picker routes into the library, next to drag and drop: photos, or whole folders
// (each becomes an album; whether with its sub-folders is asked, see SubfolderQuestion).
import { useEffect, useRef, useState } from 'react';
import type { FolderPick } from '../client/types';
import { foldersFromInput } from '../dnd/collect-files';
import { splitByDepth } from '../dnd/folder-depth';
import { useT } from '../i18n/use-t';
import { useApp } from '../store/context';
import { askToNotify } from '../desktop/notify';
import { FolderIcon, PlusIcon } from './icons';
import { SubfolderQuestion } from './SubfolderQuestion';

/** Folders picked and waiting for the answer to "Include subfolders?". */
interface PendingPick {
  folders: FolderPick[];
  loose: File[];
  subfolders: number;
}

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
  const [pending, setPending] = useState<PendingPick | null>(null);
  const add = (pick: Pick<PendingPick, 'folders' | 'loose'>, recursive: boolean) => {
    void importFolders(pick.folders, { recursive });
    void importFiles(pick.loose);
  };
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
          const files = Array.from(event.currentTarget.files ?? []);
          event.currentTarget.value = '';
          const pick = foldersFromInput(files);
          const { subfolders } = splitByDepth(files.map((file) => ({ file, relPath: file.webkitRelativePath })));
          // Nothing to ask when there is no sub-folder: the folder goes in as it is.
          if (subfolders.length === 0) add(pick, true);
          else setPending({ ...pick, subfolders: subfolders.length });
        }}
      />
      {pending !== null && (
        <SubfolderQuestion
          folders={pending.folders.map((folder) => folder.name)}
          subfolders={pending.subfolders}
          onCancel={() => setPending(null)}
          onAnswer={(recursive) => {
            setPending(null);
            add(pending, recursive);
          }}
        />
      )}
    </>
  );
}
