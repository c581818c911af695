// A family album on disk, as a scanner or a phone export leaves it: photos in subfolders, the
// junk every OS adds (Thumbs.db, desktop.ini, .DS_Store), a note that is not a photo, and a copy
// of a photo under another name.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { grayscalePhoto } from './test-photos';

export interface AlbumOnDisk {
  root: string;
  /** Photo paths inside the album ('1962 婚礼/a.jpg'), each a different photo. */
  photos: string[];
  junk: string[];
  notPhotos: string[];
  /** Same bytes as another photo of the album. */
  duplicates: string[];
}

/** `withCopy`: also a copy of the first photo under another name (true by default); `width`: of every photo (4:3). */
export async function writeAlbum(
  parent: string,
  name: string,
  photoPaths: readonly string[],
  options: { seed?: number; withCopy?: boolean; width?: number } = {},
): Promise<AlbumOnDisk> {
  const width = options.width ?? 480;
  const root = join(parent, name);
  const seed = options.seed ?? 10;
  const bytesByPath = new Map<string, Buffer>();
  for (const [index, path] of photoPaths.entries()) {
    const photo = await grayscalePhoto(path, seed + index, width, Math.round((width * 3) / 4));
    bytesByPath.set(path, photo.bytes);
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), photo.bytes);
  }
  const junk = ['Thumbs.db', 'desktop.ini', '.DS_Store'];
  for (const file of junk) await writeFile(join(root, file), 'system');
  const notPhotos = ['notes.txt'];
  await writeFile(join(root, 'notes.txt'), '1962: Grandma and Grandpa, wedding day.\n');
  const duplicates: string[] = [];
  const first = photoPaths[0];
  const bytes = first === undefined || options.withCopy === false ? undefined : bytesByPath.get(first);
  if (bytes !== undefined) {
    duplicates.push('copy of the first photo.jpg');
    await writeFile(join(root, duplicates[0] as string), bytes);
  }
  return { root, photos: [...photoPaths], junk, notPhotos, duplicates };
}
