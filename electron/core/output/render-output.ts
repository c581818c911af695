import sharp from 'sharp';
import type { OUTPUT_FORMATS } from '../../shared/contract';
import { orientationOnlyExif, readExif, tiffBytes, withExifOrientation } from '../library/exif';
import { readIcc } from '../library/icc';
import { sniffImageFormat } from '../library/sniff-format';
import { NotAPngError, pngWithMetadata } from './png-metadata';
import { canWrapRawTiff, rawRgbTiff } from './raw-tiff';
import { buildXmp, type Provenance } from './xmp';

export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const OUTPUT_EXTENSIONS: Record<OutputFormat, string> = { png: 'png', jpeg: 'jpg', tiff: 'tif', webp: 'webp' };

/**
 * A result handed over as pixels (chroma mode's photo rebuilt here: colorize/pixels.ts
 * RebuiltImage): interleaved RGB, row-major, at 8 or 16 bits.
 */
export type RawResult =
  | { depth: 8; channels: 3; width: number; height: number; data: Uint8Array }
  | { depth: 16; channels: 3; width: number; height: number; data: Uint16Array };

/** A result as file bytes (what ComfyUI returned) or as pixels. */
export type ResultImage = Uint8Array | RawResult;

export const isRawResult = (result: ResultImage): result is RawResult => !(result instanceof Uint8Array);

/**
 * Raw pixels as a PNG without compression (deflate level 0): the carrier of the original's EXIF,
 * which only PNG chunks bring into libvips here (below). 6 MP RGB: ~30 ms of CPU to encode, ~13 ms
 * to decode again (sharp 0.35, median of 7), so it is built only when there is EXIF to carry; else
 * the pixels (and ICC profile) go in an uncompressed TIFF (raw-tiff.ts: one copy), same file out.
 */
function rawAsPng(raw: RawResult): Promise<Buffer> {
  const { width, height, data } = raw;
  return sharp(data, { raw: { width, height, channels: 3 } })
    .toColourspace(raw.depth === 16 ? 'rgb16' : 'srgb')
    .png({ compressionLevel: 0 })
    .toBuffer();
}

export interface RenderInput {
  /** What ComfyUI returned (SaveImage: a PNG without the original's metadata), or the pixels of a result rebuilt here. */
  result: ResultImage;
  /** The original file's bytes; undefined when it can no longer be read (the output then has no copied metadata). */
  original: Uint8Array | undefined;
  format: OutputFormat;
  /** Copy date taken, GPS, camera, ICC profile and the original's XMP. The provenance XMP is written either way. */
  keepMetadata: boolean;
  provenance: Omit<Provenance, 'width' | 'height'>;
}

export interface RenderedOutput {
  bytes: Buffer;
  width: number;
  height: number;
  /** What could not be carried over, for the log (never a reason to fail: the GPU work is done). */
  warnings: string[];
}

/**
 * The final file from ComfyUI's result and the original: format conversion, the original's EXIF
 * (orientation reset to 1), RGB ICC profile and XMP carried over, provenance XMP added.
 *
 * How metadata travels: the original's EXIF and ICC are put into the result PNG as eXIf/iCCP
 * chunks, so libvips loads them as the image's own and writes them natively into every format
 * (JPEG APP1/APP2, PNG, WebP chunks; TIFF tags — libvips writes no EXIF IFD into TIFF, so date,
 * GPS and camera also go into XMP, for every format). No pixel is transformed by the profile: the
 * result's numbers are in the original's colour space (ComfyUI never converts), so the profile is
 * attached as is. A grey or CMYK profile does not describe RGB pixels and is left out.
 *
 * Orientation: ComfyUI's LoadImage applies EXIF orientation (ImageOps.exif_transpose), so the
 * result is upright and the output says Orientation = 1. If a result comes back in the stored
 * (unrotated) shape — a backend that skipped the transpose — the original's orientation is baked
 * in here; for 90° turns that is visible in the aspect ratio, for flips and 180° it is not, and
 * the result is trusted to be upright.
 */
/** A returned result as a PNG (the metadata travels in PNG chunks): other formats are converted, at their own depth. */
async function resultAsPng(result: Uint8Array): Promise<Uint8Array> {
  const resultFormat = sniffImageFormat(result.subarray(0, 16));
  if (!resultFormat) throw new NotAPngError('The result from ComfyUI is not an image.');
  if (resultFormat === 'png') return result;
  return ((await sharp(result).metadata()).depth === 'ushort' ? sharp(result).toColourspace('rgb16') : sharp(result)).png({ compressionLevel: 0 }).toBuffer();
}

export async function renderOutput(input: RenderInput): Promise<RenderedOutput> {
  const warnings: string[] = [];
  const raw = isRawResult(input.result) ? input.result : undefined;
  const png = raw ? undefined : await resultAsPng(input.result as Uint8Array);
  const resultMeta: { width?: number | undefined; height?: number | undefined; depth?: string | undefined } = raw
    ? { width: raw.width, height: raw.height, depth: raw.depth === 16 ? 'ushort' : 'uchar' }
    : await sharp(png).metadata();
  const original = input.original ? await sharp(input.original, { limitInputPixels: false }).metadata().catch(() => undefined) : undefined;
  if (input.original && !original) warnings.push('The original could not be read again: its metadata was not copied.');

  const stored = original?.orientation ?? 1;
  const asStored = (() => {
    if (stored < 5 || !original?.width || !original.height || !resultMeta.width || !resultMeta.height) return false;
    const result = resultMeta.width / resultMeta.height;
    const storedAspect = original.width / original.height;
    return Math.abs(result - storedAspect) < Math.abs(result - 1 / storedAspect);
  })();
  const bake = asStored ? stored : 1;

  const keep = input.keepMetadata && original !== undefined;
  const exif = keep && original.exif ? tiffBytes(withExifOrientation(original.exif, bake)) : bake !== 1 ? orientationOnlyExif(bake) : undefined;
  const iccInfo = keep && original.icc ? readIcc(original.icc) : undefined;
  const icc = iccInfo?.colorSpace === 'RGB' ? original?.icc : undefined;
  if (keep && original.icc && !icc) warnings.push(`The original's ${iccInfo?.colorSpace ?? 'unreadable'} ICC profile does not fit a colour result; the output is sRGB.`);
  const summary = keep && original.exif ? readExif(original.exif) : undefined;

  const swap = bake >= 5;
  const width = (swap ? resultMeta.height : resultMeta.width) ?? 0;
  const height = (swap ? resultMeta.width : resultMeta.height) ?? 0;
  const xmp = buildXmp(
    { ...input.provenance, width, height },
    {
      original: keep && original.xmp ? original.xmp.toString('utf8') : undefined,
      mirror: summary ? { takenAt: summary.takenAt, gps: summary.gps, make: summary.make, model: summary.model } : undefined,
    },
  );

  // Pixels with EXIF to carry go into a PNG like a returned result; else into a TIFF (with the ICC
  // profile, if any) that costs a copy. Either way the file written is the one a PNG hand-over gave.
  const source = raw && !exif && canWrapRawTiff ? sharp(rawRgbTiff(raw, { icc })) : sharp(pngWithMetadata(png ?? (await rawAsPng(raw as RawResult)), { exif, icc }));
  let pipeline = source.autoOrient();
  pipeline = keep ? pipeline.keepExif().keepIccProfile().withXmp(xmp) : pipeline.withXmp(xmp);
  // sharp writes 8 bits per sample unless told otherwise: a 16-bit scan (or a 16-bit result) keeps
  // its 16 bits in PNG and TIFF; JPEG and WebP have 8 bits only.
  const sixteenBits = resultMeta.depth === 'ushort' || original?.depth === 'ushort';
  if (sixteenBits && (input.format === 'png' || input.format === 'tiff')) pipeline = pipeline.toColourspace('rgb16');
  const encoded = (() => {
    switch (input.format) {
      case 'jpeg':
        return pipeline.jpeg({ quality: 92 });
      case 'png':
        return pipeline.png();
      case 'tiff':
        // sharp's TIFF default is JPEG compression (8-bit, lossy): archives want lossless LZW.
        return pipeline.tiff({ compression: 'lzw', predictor: 'horizontal' });
      case 'webp':
        return pipeline.webp({ quality: 92 });
      default: {
        const exhaustive: never = input.format;
        throw new Error(`unknown output format ${String(exhaustive)}`);
      }
    }
  })();
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height, warnings };
}
