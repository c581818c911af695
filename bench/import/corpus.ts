// The benchmark albums, generated once and kept under bench/.cache (gitignored): a few distinct
// photo-like encodes, each copied many times with a unique JPEG comment (COM) segment, so every
// file has its own SHA-256 (no dedupe shortcut) while decoding costs what a real photo of that
// size costs. Files sit in folders of 100, like a scanned album's rolls.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { photoPixels } from '../../electron/core/library/test-images';

export interface AlbumSpec {
  count: number;
  width: number;
  height: number;
  quality: number;
}

export interface Album {
  root: string;
  files: string[];
  bytes: number;
}

const VERSION = 1;
const DISTINCT_ENCODES = 12;
const PER_FOLDER = 100;

/** SOI, then a COM segment holding `text`, then the rest of the JPEG. */
function withComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const segment = Buffer.alloc(4 + body.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(body.length + 2, 2);
  body.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

const fileOf = (root: string, i: number) => join(root, `roll-${String(Math.floor(i / PER_FOLDER)).padStart(3, '0')}`, `IMG_${String(i).padStart(5, '0')}.jpg`);

export async function ensureAlbum(root: string, spec: AlbumSpec, log: (line: string) => void, signal: AbortSignal): Promise<Album> {
  const manifestPath = join(root, 'manifest.json');
  const wanted = JSON.stringify({ version: VERSION, ...spec });
  const files = Array.from({ length: spec.count }, (_, i) => fileOf(root, i));
  const have = existsSync(manifestPath) ? await readFile(manifestPath, 'utf8') : '';
  if (have !== wanted || !files.every((file) => existsSync(file))) {
    const started = Date.now();
    log(`generating ${spec.count} JPEGs of ${spec.width}×${spec.height} in ${root} (once; kept for later runs)…`);
    await rm(root, { recursive: true, force: true });
    const encodes: Buffer[] = [];
    for (let seed = 1; seed <= DISTINCT_ENCODES; seed++) {
      const pixels = photoPixels(spec.width, spec.height, seed, seed % 3 === 0 ? 'sepia' : 'grey');
      encodes.push(await sharp(pixels, { raw: { width: spec.width, height: spec.height, channels: 3 } }).jpeg({ quality: spec.quality }).toBuffer());
    }
    for (let i = 0; i < spec.count; i++) {
      signal.throwIfAborted();
      if (i % PER_FOLDER === 0) await mkdir(join(files[i] as string, '..'), { recursive: true });
      await writeFile(files[i] as string, withComment(encodes[i % DISTINCT_ENCODES] as Buffer, `heirloom bench ${i}`));
    }
    await writeFile(manifestPath, wanted);
    log(`  generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  let bytes = 0;
  for (const folder of await readdir(root, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const name of await readdir(join(root, folder.name))) bytes += (await readFile(join(root, folder.name, name))).byteLength;
  }
  return { root, files, bytes };
}
