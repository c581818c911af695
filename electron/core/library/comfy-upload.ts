import { extname } from 'node:path';
import sharp from 'sharp';
import { sniffImageFormat } from './sniff-format';

/**
 * What to upload to ComfyUI for a photo. ComfyUI's LoadImage reads with Pillow: JPEG, WebP and
 * 8-bit PNG go as they are (LoadImage applies their EXIF orientation itself). Everything else is
 * converted here to an upright 8-bit PNG, because Pillow without plugins cannot open HEIC/AVIF and
 * opens a 16-bit grey PNG or TIFF as mode I;16, which LoadImage's convert("RGB") clips to white.
 * The conversion keeps the pixel numbers (no ICC transform): the output writer attaches the
 * original's profile to the result, so both must stay in the original's colour space.
 */
export async function imageForComfy(bytes: Uint8Array, fileName: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  const format = sniffImageFormat(bytes.subarray(0, 16));
  if (format === 'jpeg' || format === 'webp') return { bytes, fileName };
  const meta = await sharp(bytes).metadata();
  if (format === 'png' && meta.depth === 'uchar') return { bytes, fileName };
  const grey = meta.space === 'b-w' || meta.space === 'grey16';
  const png = await sharp(bytes)
    .autoOrient()
    .keepIccProfile()
    .toColourspace(grey ? 'b-w' : 'srgb')
    .png()
    .toBuffer();
  const stem = fileName.slice(0, fileName.length - extname(fileName).length) || 'photo';
  return { bytes: png, fileName: `${stem}.png` };
}
