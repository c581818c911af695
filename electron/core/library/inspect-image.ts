import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { colorResidual, COLOR_RESIDUAL_THRESHOLD } from './color-check';
import { readExif, type GpsPosition } from './exif';
import { readIcc } from './icc';
import { readJpegHeader } from './jpeg-header';
import { sniffImageFormat, type ImageFormat } from './sniff-format';

/** What Heirloom keeps of a photo's metadata (shown in the UI, mirrored into the output). */
export interface PhotoMetadata {
  takenAt: string | null;
  camera: string | null;
  gps: GpsPosition | null;
  /** The embedded ICC profile's description ('Adobe RGB (1998)'), or null when there is none. */
  iccProfile: string | null;
  /** EXIF orientation as stored (1–8); width/height are already the upright ones. */
  orientation: number;
  /** Bits per sample (8 or 16). */
  bitDepth: number;
}

export type Inspection =
  | {
      ok: true;
      sha256: string;
      format: ImageFormat;
      /** Upright size (EXIF orientation applied). */
      width: number;
      height: number;
      metadata: PhotoMetadata;
      /** Already a colour photo (see color-check.ts); grey-only formats are never colour. */
      isColor: boolean;
      colorResidual: number;
      thumbnailJpeg: Buffer;
    }
  | { ok: false; code: RejectionCode; reason: string };

export type RejectionCode = 'empty' | 'not-an-image' | 'unsupported-format' | 'corrupt' | 'too-many-pixels' | 'too-large' | 'unreadable' | 'not-a-file' | 'changed';

/** sharp's own default (0x3FFF²): larger images are refused as likely decompression bombs. */
export const MAX_INPUT_PIXELS = 268_402_689;
export const THUMBNAIL_SIZE = 256;
const THUMBNAIL_QUALITY = 82;

/** Whether this build's libvips decodes HEVC-coded HEIF (the prebuilt sharp decodes AVIF only). */
export function heicDecodable(): boolean {
  return sharp.format.heif.input.fileSuffix?.includes('.heic') ?? false;
}

function camera(make: string | null, model: string | null): string | null {
  if (!make) return model;
  if (!model) return make;
  // Many cameras repeat the make in the model ('Canon' + 'Canon EOS 5D').
  return model.toLowerCase().startsWith(make.toLowerCase()) ? model : `${make} ${model}`;
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** What the decode needs to know beforehand, and the metadata Heirloom keeps. */
interface Header {
  width: number;
  height: number;
  /** undefined: take it from the EXIF. */
  orientation: number | undefined;
  exif: Buffer | undefined;
  icc: Buffer | undefined;
  grey: boolean;
  hasAlpha: boolean;
  bitDepth: number;
}

function fromJpeg(bytes: Uint8Array): Header | undefined {
  const jpeg = readJpegHeader(bytes);
  if (!jpeg) return undefined;
  return { width: jpeg.width, height: jpeg.height, orientation: undefined, exif: jpeg.exif, icc: jpeg.icc, grey: jpeg.components === 1, hasAlpha: false, bitDepth: 8 };
}

async function fromSharp(bytes: Uint8Array): Promise<Header> {
  const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  return {
    width: meta.width ?? 0,
    height: meta.height ?? 0,
    orientation: meta.orientation,
    exif: meta.exif,
    icc: meta.icc,
    grey: meta.space === 'b-w' || meta.space === 'grey16',
    hasAlpha: meta.hasAlpha ?? false,
    bitDepth: meta.depth === 'ushort' ? 16 : meta.depth === 'float' || meta.depth === 'double' ? 32 : 8,
  };
}

/**
 * Runs the one full decode of a photo (import-photos.ts: at most one per core). Only the decode:
 * the colour check and the 256-px JPEG encode after it run outside, so the next photo's decode
 * starts at once. Holding the slot through them left a core idle between decodes; the bare
 * sharp loop of the import benchmark has no such gap.
 */
export type DecodeSlot = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Validates one photo, reads its metadata and makes its thumbnail with ONE decode: magic bytes
 * first (a text file renamed .jpg never reaches the decoder), the header (size, pixel limit;
 * parsed in JS for JPEG), then one sharp pipeline that fails on truncation and shrinks on load
 * (JPEG decodes at 1/8 for a 256-px thumbnail). The colour check runs on the thumbnail's pixels.
 */
export async function inspectImage(bytes: Uint8Array, known: { sha256?: string; decodeSlot?: DecodeSlot } = {}): Promise<Inspection> {
  const decoding = known.decodeSlot ?? ((work) => work());
  if (bytes.byteLength === 0) return { ok: false, code: 'empty', reason: 'The file is empty (0 bytes).' };
  const format = sniffImageFormat(bytes.subarray(0, 16));
  if (!format) {
    return { ok: false, code: 'not-an-image', reason: 'Not a photo: the content is not JPEG, PNG, TIFF, WebP or HEIC.' };
  }
  if (format === 'heic' && !heicDecodable()) {
    return {
      ok: false,
      code: 'unsupported-format',
      reason: 'HEIC is not supported by this build (its image library cannot decode HEVC). Export the photo as JPEG or TIFF and import that.',
    };
  }
  const label = format.toUpperCase();
  try {
    // Read without the pixel limit so a bomb is refused with its size; the decode has the limit.
    const header = (format === 'jpeg' ? fromJpeg(bytes) : undefined) ?? (await fromSharp(bytes));
    if (!header.width || !header.height) return { ok: false, code: 'corrupt', reason: `The ${label} has no dimensions.` };
    if (header.width * header.height > MAX_INPUT_PIXELS) {
      return {
        ok: false,
        code: 'too-many-pixels',
        reason: `The image is ${header.width}×${header.height} pixels, more than the ${MAX_INPUT_PIXELS.toLocaleString('en')} Heirloom accepts (a possible decompression bomb).`,
      };
    }
    let pipeline = sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS })
      .autoOrient()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true });
    if (header.hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
    let residual = 0;
    let thumbnailJpeg: Buffer;
    if (header.grey) {
      // One channel cannot be colour: the thumbnail comes straight out of the decode.
      thumbnailJpeg = await decoding(() => pipeline.toColourspace('b-w').jpeg({ quality: THUMBNAIL_QUALITY }).toBuffer());
    } else {
      // Raw pixels for the colour check, then the JPEG from them (a 256-px encode, ~3 % of the decode).
      const { data, info } = await decoding(() => pipeline.toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }));
      if (info.channels === 3 || info.channels === 4) residual = colorResidual(data, info.width, info.height, info.channels);
      thumbnailJpeg = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
        .jpeg({ quality: THUMBNAIL_QUALITY })
        .toBuffer();
    }

    const exif = header.exif ? readExif(header.exif) : undefined;
    const orientation = header.orientation ?? exif?.orientation ?? 1;
    const swap = orientation >= 5;
    return {
      ok: true,
      sha256: known.sha256 ?? sha256Hex(bytes),
      format,
      width: swap ? header.height : header.width,
      height: swap ? header.width : header.height,
      metadata: {
        takenAt: exif?.takenAt ?? null,
        camera: camera(exif?.make ?? null, exif?.model ?? null),
        gps: exif?.gps ?? null,
        iccProfile: header.icc ? (readIcc(header.icc)?.description ?? 'embedded profile') : null,
        orientation,
        bitDepth: header.bitDepth,
      },
      isColor: !header.grey && residual > COLOR_RESIDUAL_THRESHOLD,
      colorResidual: Math.round(residual * 100) / 100,
      thumbnailJpeg,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(message)) {
      return { ok: false, code: 'too-many-pixels', reason: `The ${label} has more pixels than Heirloom accepts (a possible decompression bomb).` };
    }
    return { ok: false, code: 'corrupt', reason: `The ${label} file is damaged or truncated (${message.split('\n')[0]?.trim() ?? message}).` };
  }
}
