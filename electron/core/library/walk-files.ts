import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** System files that are never photos: skipped and listed. */
export function isJunkFile(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'thumbs.db' || lower === 'ehthumbs.db' || lower === 'desktop.ini' || lower === '.ds_store' || name.startsWith('._');
}

export type SkipCode = 'junk' | 'hidden' | 'link-outside' | 'link-broken' | 'link-loop' | 'not-a-file' | 'folder-unreadable' | 'not-recursed' | 'excluded';

/** Files come without size or time: the importer gets them from the open file (one syscall fewer per photo). */
export type WalkEntry =
  | { kind: 'file'; path: string; relPath: string }
  | { kind: 'skipped'; path: string; relPath: string; code: SkipCode; reason: string };

export interface WalkOptions {
  /** Descend into sub-folders (otherwise they are listed as not imported). */
  recursive: boolean;
  /** Real paths of folders never walked (Heirloom's own output and data folders). */
  exclude?: readonly string[];
  signal?: AbortSignal;
}

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'error';
const inside = (path: string, root: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * Streams what lies under `root`, one entry at a time (memory holds the folders still to visit
 * and one folder's listing, never the album). Every entry ends as a file to import or a skip with
 * a reason:
 * - junk (Thumbs.db, .DS_Store, `._*`…) and hidden names (leading dot) are skipped;
 * - a symbolic link is followed only when its target lies inside the root; a folder reached a
 *   second time (a link loop, or a link to a folder already walked) is skipped;
 * - FIFOs, sockets and devices are skipped without being opened (opening a FIFO blocks);
 * - a folder that cannot be listed is reported and the walk goes on.
 * A folder named like a photo (`x.jpg/`) is a folder. Order: depth-first, names sorted.
 */
export async function* walkAlbum(root: string, options: WalkOptions): AsyncGenerator<WalkEntry> {
  const realRoot = await realpath(root);
  // A root the user picked inside an excluded folder is walked all the same: they chose it.
  const excluded = (options.exclude ?? []).filter((folder) => !inside(realRoot, folder));
  const identity = (info: Stats) => `${info.dev}:${info.ino}`;
  const seen = new Set<string>([identity(await stat(realRoot))]);
  const stack: string[] = [root];
  const relOf = (path: string) => relative(root, path).split(sep).join('/');

  while (stack.length > 0) {
    options.signal?.throwIfAborted();
    const dir = stack.pop() as string;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      yield { kind: 'skipped', path: dir, relPath: relOf(dir), code: 'folder-unreadable', reason: `The folder cannot be read (${errno(error)}).` };
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subfolders: string[] = [];
    for (const entry of entries) {
      options.signal?.throwIfAborted();
      const path = join(dir, entry.name);
      const relPath = relOf(path);
      const skip = (code: SkipCode, reason: string): WalkEntry => ({ kind: 'skipped', path, relPath, code, reason });
      if (isJunkFile(entry.name)) {
        yield skip('junk', 'System file, not a photo.');
        continue;
      }
      if (entry.name.startsWith('.')) {
        yield skip('hidden', entry.isDirectory() ? 'Hidden folder, not imported.' : 'Hidden file, not imported.');
        continue;
      }
      if (entry.isFile()) {
        yield { kind: 'file', path, relPath };
        continue;
      }
      let info: Stats;
      try {
        if (entry.isSymbolicLink()) {
          const target = await realpath(path);
          if (!inside(target, realRoot)) {
            yield skip('link-outside', 'Link to a place outside the imported folder; not followed.');
            continue;
          }
        }
        info = await stat(path);
      } catch (error) {
        yield entry.isSymbolicLink()
          ? skip('link-broken', `Broken link (${errno(error)}).`)
          : skip('not-a-file', `Cannot be examined (${errno(error)}).`);
        continue;
      }
      if (info.isDirectory()) {
        if (!options.recursive) {
          yield skip('not-recursed', 'Sub-folder not imported (the import was not recursive).');
          continue;
        }
        const real = await realpath(path);
        if (excluded.some((folder) => inside(real, folder))) {
          yield skip('excluded', "Heirloom's own folder (results or data); not imported.");
          continue;
        }
        if (seen.has(identity(info))) {
          yield skip('link-loop', 'Folder already imported through another path (a link loop); skipped.');
          continue;
        }
        seen.add(identity(info));
        subfolders.push(path);
      } else if (info.isFile()) {
        yield { kind: 'file', path, relPath };
      } else {
        yield skip('not-a-file', 'Not a regular file (a pipe, socket or device); not opened.');
      }
    }
    // Reversed so the depth-first walk visits sub-folders in name order.
    for (let i = subfolders.length - 1; i >= 0; i--) stack.push(subfolders[i] as string);
  }
}
