// The batch: N distinct greyscale JPEGs (real image bytes, like scanned prints), written once
// and restored by every run.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

export async function writeAlbum(dir: string, count: number, width: number, height: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const pixels = Buffer.alloc(width * height);
    let seed = (i + 1) * 2_654_435_761;
    for (let p = 0; p < pixels.length; p++) {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      // A soft gradient (the scene) plus grain, different for every photo.
      pixels[p] = (((p % width) * 160) / width + ((Math.floor(p / width) * 60) / height) + (seed >>> 27) + i) & 0xff;
    }
    const path = join(dir, `photo-${String(i).padStart(4, '0')}.jpg`);
    await writeFile(path, await sharp(pixels, { raw: { width, height, channels: 1 } }).jpeg({ quality: 90 }).toBuffer());
    paths.push(path);
  }
  return paths;
}
