// The ceiling: what sharp alone does for the same thumbnails with the same concurrency — read the
// file, decode with shrink-on-load, orient, resize to 256 px, encode JPEG, write it. No walk (the
// file list is given), no hash, no validation, no database.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

export async function bareSharpLoop(files: readonly string[], outDir: string, concurrency: number): Promise<void> {
  let next = 0;
  async function lane() {
    for (let i = next++; i < files.length; i = next++) {
      const bytes = await readFile(files[i] as string);
      const thumb = await sharp(bytes).rotate().resize(256, 256, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 82 }).toBuffer();
      await writeFile(join(outDir, `${i}.jpg`), thumb);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
}
