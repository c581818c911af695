// "Add Photos…" / "Add Folder…": what the native dialog asks for and what the user is told
// afterwards. Dropped files go through the renderer (which lists rejections itself); a menu
// import has no UI of its own, so skipped files are summarised in a message box.
import type { MessageBoxOptions, OpenDialogOptions } from 'electron';
import { ImportResultSchema } from '../shared/contract';
import type { CommandEnvelope } from '../shared/contract';

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
