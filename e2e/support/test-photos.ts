// Black-and-white test photos made at test time with sharp: a grayscale gradient with a few
// shapes, different per seed so that no two are duplicates (same bytes = same library photo).
import sharp from 'sharp';

export interface TestFile {
  name: string;
  type: string;
  bytes: Buffer;
}

export async function grayscalePhoto(name: string, seed: number, width = 640, height = 480): Promise<TestFile> {
  const pixels = Buffer.alloc(width * height);
  const cx = width * (0.3 + 0.1 * (seed % 4));
  const cy = height * (0.4 + 0.05 * (seed % 3));
  const radius = Math.min(width, height) * (0.18 + 0.03 * (seed % 5));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const gradient = 40 + Math.round((150 * (x + y * (seed % 3))) / (width + height * (seed % 3)));
      const inCircle = (x - cx) ** 2 + (y - cy) ** 2 < radius ** 2;
      const inBar = y > height * 0.75 && y < height * 0.82 && x > width * 0.1 * (1 + (seed % 3));
      pixels[y * width + x] = inCircle ? 225 - seed * 7 : inBar ? 20 : gradient;
    }
  }
  const bytes = await sharp(pixels, { raw: { width, height, channels: 1 } }).jpeg({ quality: 88 }).toBuffer();
  return { name, type: 'image/jpeg', bytes };
}

/** Text saved under an image name: must be rejected by content, not by extension. */
export function textPretendingToBeJpeg(name: string): TestFile {
  return { name, type: 'image/jpeg', bytes: Buffer.from('These are the notes about grandpa, not a photo.\n', 'utf8') };
}

export function emptyFile(name: string, type = 'image/png'): TestFile {
  return { name, type, bytes: Buffer.alloc(0) };
}
