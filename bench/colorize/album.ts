// The benchmark's album: synthetic old photos (electron/core/colorize/testing), generated once and
// cached under bench/.cache/colorize/<generator version>/ (gitignored).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePhoto, syntheticPhoto, type PhotoSpec } from '../../electron/core/colorize/testing/synthetic-photo';

/** Bump when synthetic-photo.ts changes what it draws, so stale files are not reused. */
const GENERATOR_VERSION = 'v1';

export type PhotoClass = '6mp' | '24mp';

export interface AlbumPhoto {
  readonly name: string;
  readonly class: PhotoClass;
  readonly bytes: Uint8Array;
}

function specs(photos: number, scans: number, firstSeed: number): Array<{ name: string; class: PhotoClass; spec: PhotoSpec }> {
  const list: Array<{ name: string; class: PhotoClass; spec: PhotoSpec }> = [];
  for (let i = 0; i < photos; i++) {
    const kind = i % 2 === 0 ? 'grey' : 'sepia';
    const seed = firstSeed + i;
    list.push({ name: `photo-6mp-${kind}-${seed}.jpg`, class: '6mp', spec: { kind, width: 3000, height: 2000, seed, grain: 4 } });
  }
  for (let i = 0; i < scans; i++) {
    const kind = i % 2 === 0 ? 'grey16' : 'grey';
    const seed = firstSeed + 10_000 + i;
    list.push({ name: `scan-24mp-${kind}-${seed}.${kind === 'grey16' ? 'png' : 'jpg'}`, class: '24mp', spec: { kind, width: 6000, height: 4000, seed, grain: 3 } });
  }
  return list;
}

/** The album, generating (and caching) the photos not made yet. `firstSeed` picks a distinct set. */
export async function loadAlbum(cacheRoot: string, photos: number, scans: number, firstSeed: number, log: (line: string) => void): Promise<AlbumPhoto[]> {
  const dir = join(cacheRoot, 'colorize', GENERATOR_VERSION);
  await mkdir(dir, { recursive: true });
  const album: AlbumPhoto[] = [];
  let made = 0;
  for (const { name, class: cls, spec } of specs(photos, scans, firstSeed)) {
    const path = join(dir, name);
    let bytes = await readFile(path).catch(() => undefined);
    if (!bytes) {
      if (made === 0) log(`generating photos into ${dir} (once; later runs reuse them)…`);
      bytes = Buffer.from(await encodePhoto(syntheticPhoto(spec)));
      await writeFile(`${path}.tmp`, bytes);
      await rename(`${path}.tmp`, path);
      made++;
    }
    album.push({ name, class: cls, bytes: new Uint8Array(bytes) });
  }
  if (made > 0) log(`generated ${made} photos`);
  return album;
}
