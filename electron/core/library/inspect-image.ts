import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { sniffImageFormat, type ImageFormat } from './sniff-format';

export type Inspection =
  | { ok: true; sha256: string; format: ImageFormat; width: number; height: number; thumbnailJpeg: Buffer }
  | { ok: false; code: RejectionCode; reason: string };

export type RejectionCode = 'empty' | 'not-an-image' | 'corrupt' | 'too-many-pixels' | 'unreadable';

/** sharp's own default (0x3FFF²): larger images are refused as likely decompression bombs. */
export const MAX_INPUT_PIXELS = 268_402_689;
export const THUMBNAIL_SIZE = 256;

/**
 * Validates one photo and makes its thumbnail in the same decode: magic bytes first (a text file
 * renamed .jpg never reaches the decoder), then a full decode with sharp that fails on truncation.
 */
export async function inspectImage(bytes: Uint8Array): Promise<Inspection> {
  if (bytes.byteLength === 0) return { ok: false, code: 'empty', reason: 'The file is empty (0 bytes).' };
  const format = sniffImageFormat(bytes.subarray(0, 16));
  if (!format) {
    return { ok: false, code: 'not-an-image', reason: 'Not a photo: the content is not JPEG, PNG, TIFF or WebP.' };
  }
  try {
    const image = sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) return { ok: false, code: 'corrupt', reason: `The ${format.toUpperCase()} has no dimensions.` };
    if (meta.width * meta.height > MAX_INPUT_PIXELS) {
      return {
        ok: false,
        code: 'too-many-pixels',
        reason: `The image is ${meta.width}×${meta.height} pixels, more than the ${MAX_INPUT_PIXELS.toLocaleString('en')} Heirloom accepts.`,
      };
    }
    const thumbnailJpeg = await image
      .clone()
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82 })
      .toBuffer();
    const swap = (meta.orientation ?? 1) >= 5;
    return {
      ok: true,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      format,
      width: swap ? meta.height : meta.width,
      height: swap ? meta.width : meta.height,
      thumbnailJpeg,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(message)) {
      return { ok: false, code: 'too-many-pixels', reason: 'The image has more pixels than Heirloom accepts (possible decompression bomb).' };
    }
    return { ok: false, code: 'corrupt', reason: `The ${format.toUpperCase()} file is damaged or truncated (${message}).` };
  }
}
