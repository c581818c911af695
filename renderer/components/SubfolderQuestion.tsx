// The Add folder button asks what the menu's "Add Folder…" asks (electron/main/imports.ts):
// include the sub-folders? Ticked by default; Cancel adds nothing. Asked only when a picked
// folder has sub-folders — otherwise the answer changes nothing. A dropped folder is not asked
// about: dropping a folder means all of it (issue 5).
import { useId, useState } from 'react';
import { useT } from '../i18n/use-t';
import { Dialog } from './Dialog';

interface SubfolderQuestionProps {
  /** Names of the picked folders. */
  folders: readonly string[];
  /** Sub-folders found under them (e.g. 'Grandma/1962'), counted for the hint. */
  subfolders: number;
  onAnswer: (recursive: boolean) => void;
  onCancel: () => void;
}

export function SubfolderQuestion({ folders, subfolders, onAnswer, onCancel }: SubfolderQuestionProps) {
  const t = useT();
  const [recursive, setRecursive] = useState(true);
  const hintId = useId();
  const title = folders.length === 1 ? t('addFolder.titleOne', { name: folders[0] ?? '' }) : t('addFolder.titleMany', { count: folders.length });
  return (
    <Dialog label={title} onClose={onCancel} className="folder-question" testId="subfolder-question">
      <form
        className="settings-form"
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onAnswer(recursive);
        }}
      >
        <h2>{title}</h2>
        <div className="field field-check">
          <input id={`${hintId}-box`} type="checkbox" checked={recursive} onChange={(e) => setRecursive(e.currentTarget.checked)} aria-describedby={hintId} />
          <label htmlFor={`${hintId}-box`}>{t('addFolder.includeSubfolders')}</label>
          <p id={hintId} className="field-hint">
            {t('addFolder.subfolderHint', { count: subfolders })}
          </p>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onCancel}>
            {t('actions.cancel')}
          </button>
          <button type="submit" className="button button-primary">
            {t('addFolder.add')}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
