/** Image formats Heirloom recognises, by their first bytes (never by the file name). */
export type ImageFormat = 'jpeg' | 'png' | 'tiff' | 'webp' | 'heic' | 'avif';

/** Bytes `sniffImageFormat` needs to decide. */
export const SNIFF_BYTES = 16;

const ascii = (head: Uint8Array, from: number, to: number) => String.fromCharCode(...head.subarray(from, to));

// ISO-BMFF major brands (bytes 8–11 after `ftyp`): HEVC-coded HEIF vs AV1-coded AVIF.
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

export function sniffImageFormat(head: Uint8Array): ImageFormat | undefined {
  const b = (i: number) => head[i];
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47 && b(4) === 0x0d && b(5) === 0x0a) return 'png';
  if ((b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0x00) || (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0x00 && b(3) === 0x2a)) return 'tiff';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (AVIF_BRANDS.has(brand)) return 'avif';
    if (HEIC_BRANDS.has(brand)) return 'heic';
  }
  return undefined;
}

export const FORMAT_EXTENSIONS: Record<ImageFormat, string> = { jpeg: 'jpg', png: 'png', tiff: 'tif', webp: 'webp', heic: 'heic', avif: 'avif' };

/**
 * Names that promise a photo: content that is not an image under one of these names is a
 * failure worth a reason ("notes.jpg is not a photo"); under any other name it is just skipped.
 */
const PHOTO_EXTENSIONS = new Set(['jpg', 'jpeg', 'jpe', 'jfif', 'png', 'tif', 'tiff', 'webp', 'heic', 'heif', 'avif']);

export function hasPhotoExtension(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && PHOTO_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}
