import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Thumbnails are a cache under the data dir, named by content hash and sharded by its first two
 * hex digits (256 folders: 10 000 photos make ~40 files per folder, not 10 000 in one).
 */
export function thumbnailPath(dataDir: string, sha256: string): string {
  return join(dataDir, 'thumbnails', sha256.slice(0, 2), `${sha256}.jpg`);
}

/**
 * Writes a thumbnail in place, without temp file or fsync: the photo's row is committed only after
 * the write returns, so a crash mid-write leaves a file no row points to (rewritten when the album
 * is imported again). Only a power cut after the commit could leave a damaged thumbnail, and a
 * thumbnail is a cache, not the user's data. `madeDirs` remembers folders this importer made.
 */
export async function writeThumbnail(path: string, bytes: Uint8Array, madeDirs: Set<string>): Promise<void> {
  const dir = dirname(path);
  if (!madeDirs.has(dir)) {
    await mkdir(dir, { recursive: true });
    madeDirs.add(dir);
  }
  await writeFile(path, bytes);
}
