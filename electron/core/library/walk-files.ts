import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';

/** Files that are never photos and are skipped silently-but-listed on import. */
export function isJunkFile(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'thumbs.db' || lower === 'desktop.ini' || lower === '.ds_store' || name.startsWith('._');
}

export interface FoundFile {
  path: string;
  /** Path relative to the walk's root, '/'-separated. */
  relPath: string;
}

/**
 * Streams the files under `root` (recursively), skipping junk. Symbolic links are followed only
 * when they resolve inside the root; directories already visited (loops) are skipped.
 */
export async function* walkFiles(
  root: string,
  onSkip: (path: string, reason: string) => void,
  signal?: AbortSignal,
): AsyncGenerator<FoundFile> {
  const realRoot = await realpath(root);
  const seen = new Set<string>([realRoot]);
  const stack: string[] = [root];
  while (stack.length > 0) {
    signal?.throwIfAborted();
    const dir = stack.pop() as string;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      onSkip(dir, `The folder cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (isJunkFile(entry.name)) {
        onSkip(path, 'System file, not a photo.');
        continue;
      }
      let target = path;
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          target = await realpath(path);
        } catch {
          onSkip(path, 'Broken link.');
          continue;
        }
        if (target !== realRoot && !target.startsWith(realRoot + sep)) {
          onSkip(path, 'Link leads outside the imported folder.');
          continue;
        }
        isDir = (await stat(target)).isDirectory();
      }
      if (isDir) {
        if (seen.has(await realpath(target))) {
          onSkip(path, 'Folder already visited (link loop).');
          continue;
        }
        seen.add(await realpath(target));
        stack.push(path);
      } else {
        yield { path, relPath: relative(root, path).split(sep).join('/') || basename(path) };
      }
    }
  }
}
