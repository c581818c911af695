// "Include subfolders" for a folder picked with the Add folder button. A browser's folder picker
// always hands over the whole tree; when the user unticks the box, only the files directly in
// the picked folder go in and each sub-folder is listed as left out, as the core does for a
// non-recursive walk (code 'not-recursed', walk-files.ts). A dropped folder is always taken whole.
import type { RejectedFile } from '../../electron/shared/contract';
import type { FolderFile, FolderFiles } from '../client/types';

/** The same code the core gives a sub-folder of a non-recursive import. */
export const NOT_RECURSED_CODE = 'not-recursed';

/** Files directly in the folder, and the names of its sub-folders ('Grandma/1962'), in first-seen order. */
export function splitByDepth(files: readonly FolderFile[]): { top: FolderFile[]; subfolders: string[] } {
  const top: FolderFile[] = [];
  const subfolders = new Set<string>();
  for (const entry of files) {
    const parts = entry.relPath.split('/');
    // 'Grandma/a.jpg' is in the folder; 'Grandma/1962/b.jpg' is in its sub-folder 'Grandma/1962'.
    if (parts.length <= 2) top.push(entry);
    else subfolders.add(`${parts[0] ?? ''}/${parts[1] ?? ''}`);
  }
  return { top, subfolders: [...subfolders] };
}

/** What to import from one folder: all of it, or (not recursive) its own files with its sub-folders listed as skipped. */
export function filesToImport(folder: FolderFiles, recursive: boolean): FolderFiles & { skipped: RejectedFile[] } {
  if (recursive) return { ...folder, skipped: [] };
  const { top, subfolders } = splitByDepth(folder.files);
  const skipped = subfolders.map((name): RejectedFile => ({ name, code: NOT_RECURSED_CODE, reason: 'Sub-folder not imported (the import was not recursive).' }));
  return { files: top, unreadable: folder.unreadable, skipped };
}

