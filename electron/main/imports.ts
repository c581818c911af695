// "Add Photos…" / "Add Folder…": what the native dialog asks for and what the user is told
// afterwards. Dropped files go through the renderer (which lists rejections itself); a menu
// import has no UI of its own, so skipped files are summarised in a message box.
import type { MessageBoxOptions, MessageBoxReturnValue, OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import { ImportResultSchema } from '../shared/contract';
import type { CommandArgs, CommandEnvelope } from '../shared/contract';

export type ImportKind = 'files' | 'folder';

/** Extensions offered by default; "All files" stays available and the core decides (magic bytes). */
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'tif', 'tiff', 'webp'] as const;
const MAX_LISTED = 15;

export function importDialogOptions(kind: ImportKind): OpenDialogOptions {
  switch (kind) {
    case 'files':
      return {
        title: 'Add photos',
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: 'Photos', extensions: [...IMAGE_EXTENSIONS] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
    case 'folder':
      return { title: 'Add a folder of photos', properties: ['openDirectory', 'multiSelections'] };
    default: {
      const never: never = kind;
      throw new Error(`unknown import kind ${String(never)}`);
    }
  }
}

/** The message box to show after an import, or undefined when everything went in quietly. */
export function importSummary(envelope: CommandEnvelope): MessageBoxOptions | undefined {
  if (!envelope.ok) return { type: 'error', message: 'The photos could not be added', detail: `${envelope.error.message} (${envelope.error.code})` };
  const parsed = ImportResultSchema.safeParse(envelope.result);
  if (!parsed.success) return { type: 'error', message: 'The import finished with an unexpected answer', detail: parsed.error.message };
  const { photos, rejected, skipped, duplicates } = parsed.data;
  if (rejected.length === 0) return undefined;
  const listed = rejected.slice(0, MAX_LISTED).map((r) => `${r.name}: ${r.reason}`);
  if (rejected.length > MAX_LISTED) listed.push(`…and ${rejected.length - MAX_LISTED} more`);
  const added = `${photos.length} added${duplicates > 0 ? `, ${duplicates} already in the library` : ''}${skipped.length > 0 ? `, ${skipped.length} left out on purpose (system or hidden files)` : ''}`;
  return { type: 'warning', message: `${rejected.length} file${rejected.length === 1 ? '' : 's'} skipped (${added})`, detail: listed.join('\n') };
}

/** Buttons of the sub-folder question, in this order: Add is the default, Cancel the cancel id. */
const RECURSION_BUTTONS = ['Add', 'Cancel'] as const;

/**
 * A folder chosen in the dialog is asked about, where a dropped one is not (dropping a folder
 * means all of it): include its sub-folders? A checkbox, ticked by default, in a box that names
 * the folders; Cancel adds nothing.
 */
export function recursionQuestion(folders: readonly string[]): MessageBoxOptions {
  const names = folders.slice(0, MAX_LISTED).join('\n') + (folders.length > MAX_LISTED ? `\n…and ${folders.length - MAX_LISTED} more` : '');
  return {
    type: 'question',
    message: folders.length === 1 ? 'Add this folder as an album?' : `Add these ${folders.length} folders as albums?`,
    detail: names,
    checkboxLabel: 'Include subfolders',
    checkboxChecked: true,
    buttons: [...RECURSION_BUTTONS],
    defaultId: 0,
    cancelId: 1,
  };
}

/** The answer to `recursionQuestion`: whether to walk sub-folders, or undefined when canceled. */
export function recursionAnswer(answer: Pick<MessageBoxReturnValue, 'response' | 'checkboxChecked'>): boolean | undefined {
  return RECURSION_BUTTONS[answer.response] === 'Add' ? answer.checkboxChecked : undefined;
}

export interface DialogImportDeps {
  showOpenDialog(options: OpenDialogOptions): Promise<Pick<OpenDialogReturnValue, 'canceled' | 'filePaths'>>;
  showMessageBox(options: MessageBoxOptions): Promise<Pick<MessageBoxReturnValue, 'response' | 'checkboxChecked'>>;
  importPaths(args: CommandArgs<'photos.importPaths'>): Promise<CommandEnvelope>;
}

/** "Add Photos…" / "Add Folder…" from the menu: pick, ask about sub-folders (folders only), import, then summarise. */
export async function importFromDialog(kind: ImportKind, deps: DialogImportDeps): Promise<void> {
  const picked = await deps.showOpenDialog(importDialogOptions(kind));
  if (picked.canceled || picked.filePaths.length === 0) return;
  let recursive: boolean | undefined;
  if (kind === 'folder') {
    recursive = recursionAnswer(await deps.showMessageBox(recursionQuestion(picked.filePaths)));
    if (recursive === undefined) return;
  }
  const summary = importSummary(await deps.importPaths({ paths: picked.filePaths, ...(recursive === undefined ? {} : { recursive }) }));
  if (summary) await deps.showMessageBox(summary);
}
