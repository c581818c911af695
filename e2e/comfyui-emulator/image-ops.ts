// ComfyUI emulator (test infrastructure): pixel work on real images with sharp. Results are
// believable, not bit-exact with PyTorch/PIL (resampling kernels differ slightly).
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { KernelEnum, Metadata, Sharp } from 'sharp';
import { cv2ResizeLinear } from './cv2-resize';
import type { RgbImage } from './node-types';
import { PyException, pyRound } from './py';
import { withTextChunks } from './png';

/** PIL's Image.MAX_IMAGE_PIXELS × 2: above this Image.open raises DecompressionBombError. */
const PIL_BOMB_LIMIT = 2 * 89_478_485;

export type UpscaleMethod = 'nearest-exact' | 'bilinear' | 'area' | 'bicubic' | 'lanczos';

// torch 'area' is a box average; libvips' linear reduce is the closest cheap match.
const KERNELS: Readonly<Record<UpscaleMethod, keyof KernelEnum>> = {
  'nearest-exact': 'nearest',
  bilinear: 'linear',
  area: 'linear',
  bicubic: 'cubic',
  lanczos: 'lanczos3',
};

function rawInput(image: RgbImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
}

function toRgbImage(data: Buffer, width: number, height: number, channels: number): RgbImage {
  if (channels === 3) return { kind: 'IMAGE', width, height, data };
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, s = 0; i < rgb.length; i += 3, s += channels) {
    const v = data[s] ?? 0;
    rgb[i] = v;
    rgb[i + 1] = channels >= 3 ? (data[s + 1] ?? 0) : v;
    rgb[i + 2] = channels >= 3 ? (data[s + 2] ?? 0) : v;
  }
  return { kind: 'IMAGE', width, height, data: rgb };
}

export interface LoadedImage {
  readonly image: RgbImage;
  readonly hasAlpha: boolean;
}

/**
 * LoadImage: decode the first frame, apply the EXIF orientation (ComfyUI calls
 * ImageOps.exif_transpose) and convert to RGB (alpha dropped, not composited, like PIL's
 * convert("RGB")). Truncated files decode as far as possible (node_helpers.pillow retries with
 * LOAD_TRUNCATED_IMAGES).
 */
export async function loadImageFile(path: string): Promise<LoadedImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new PyException('FileNotFoundError', `[Errno 2] No such file or directory: '${path}'`);
    if (code === 'EISDIR') throw new PyException('IsADirectoryError', `[Errno 21] Is a directory: '${path}'`);
    throw error;
  }
  const unidentified = new PyException('PIL.UnidentifiedImageError', `cannot identify image file '${path}'`);
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { failOn: 'none', limitInputPixels: false, ignoreIcc: true }).metadata();
  } catch {
    throw unidentified;
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > PIL_BOMB_LIMIT) {
    throw new PyException(
      'PIL.Image.DecompressionBombError',
      `Image size (${pixels} pixels) exceeds limit of ${PIL_BOMB_LIMIT} pixels, could be decompression bomb DOS attack.`,
    );
  }
  try {
    // ignoreIcc: PIL does no colour management; an embedded profile does not change the pixels.
    const { data, info } = await sharp(bytes, { failOn: 'none', limitInputPixels: false, ignoreIcc: true })
      .autoOrient()
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { image: toRgbImage(data, info.width, info.height, info.channels), hasAlpha: meta.hasAlpha === true };
  } catch {
    throw unidentified;
  }
}

/**
 * PNG as PIL writes it for SaveImage (level 4) / PreviewImage (level 1), with tEXt metadata. PIL
 * picks a filter per row (None/Up/Sub/Paeth, least sum of absolute values: ZipEncode.c), so
 * adaptive filtering is on: without it a 6 MP result encodes ~2× faster than PIL would.
 */
export async function encodePng(image: RgbImage, compressionLevel: number, texts: ReadonlyArray<readonly [string, string]>): Promise<Buffer> {
  const png = await rawInput(image).png({ compressionLevel, adaptiveFiltering: true }).toBuffer();
  return withTextChunks(png, texts);
}

/** ImageInvert: 1.0 - image. */
export function invertImage(image: RgbImage): RgbImage {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = 255 - (image.data[i] ?? 0);
  return { ...image, data };
}

/** comfy.utils.common_upscale: optional centre crop to the target aspect, then resample. */
export async function upscaleImage(image: RgbImage, width: number, height: number, method: UpscaleMethod, crop: 'disabled' | 'center'): Promise<RgbImage> {
  let x = 0;
  let y = 0;
  if (crop === 'center') {
    const oldAspect = image.width / image.height;
    const newAspect = width / height;
    if (oldAspect > newAspect) x = pyRound((image.width - image.width * (newAspect / oldAspect)) / 2);
    else if (oldAspect < newAspect) y = pyRound((image.height - image.height * (oldAspect / newAspect)) / 2);
  }
  const cropWidth = image.width - 2 * x;
  const cropHeight = image.height - 2 * y;
  if (method === 'lanczos' && (width <= 0 || height <= 0)) throw new PyException('ValueError', 'height and width must be > 0');
  if (width <= 0 || height <= 0 || cropWidth <= 0 || cropHeight <= 0) {
    throw new PyException(
      'RuntimeError',
      `Input and output sizes should be greater than 0, but got input (H: ${cropHeight}, W: ${cropWidth}) output (H: ${height}, W: ${width})`,
    );
  }
  const { data, info } = await rawInput(image)
    .extract({ left: x, top: y, width: cropWidth, height: cropHeight })
    .resize(width, height, { fit: 'fill', kernel: KERNELS[method] })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return toRgbImage(data, info.width, info.height, info.channels);
}

/**
 * OpenCV cv2.resize(img, (size, size)) with its default bilinear interpolation, aspect ignored.
 * Not sharp's linear kernel: libvips anti-aliases when shrinking, OpenCV samples two pixels.
 */
export function resizeSquare(image: RgbImage, size: number): RgbImage {
  return cv2ResizeLinear(image, size, size);
}
