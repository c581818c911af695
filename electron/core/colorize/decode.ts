// Image bytes → Pixels with sharp: the original photo (what the rebuild keeps the lightness of)
// and the small result ComfyUI sends back (what it takes the chroma from).
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import type { Pixels } from './pixels';

/** PIL's Image.MAX_IMAGE_PIXELS × 2: ComfyUI's LoadImage refuses bigger images, so do we. */
const MAX_PIXELS = 2 * 89_478_485;

export class PhotoDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PhotoDecodeError';
  }
}

/**
 * Decodes like ComfyUI's LoadImage: EXIF orientation applied, alpha dropped, ICC ignored, a
 * truncated file read as far as it goes. Keeps one channel for grey photos (one third of the
 * work) and 16 bits for 16-bit scans (their lightness is kept at that depth). `what` names the
 * image in errors.
 */
export async function decodePixels(bytes: Uint8Array, what: string): Promise<Pixels> {
  const input = () => sharp(bytes, { ignoreIcc: true, failOn: 'none', limitInputPixels: MAX_PIXELS });
  let meta: Metadata;
  try {
    meta = await input().metadata();
  } catch (error) {
    throw new PhotoDecodeError(`${what} is not an image sharp can read (${messageOf(error)})`, { cause: error });
  }
  const wide = meta.depth === 'ushort';
  const colourChannels = (meta.channels ?? 3) - (meta.hasAlpha ? 1 : 0);
  const grey = colourChannels === 1 && !meta.isPalette;
  const space = grey ? (wide ? 'grey16' : 'b-w') : wide ? 'rgb16' : 'srgb';
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await input()
      .autoOrient()
      .toColourspace(space)
      .removeAlpha()
      .raw({ depth: wide ? 'ushort' : 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new PhotoDecodeError(`${what} could not be decoded (${messageOf(error)})`, { cause: error });
  }
  const { data, info } = decoded;
  const channels = info.channels;
  if (channels !== 1 && channels !== 3) throw new PhotoDecodeError(`${what} decoded to ${channels} channels; expected grey or RGB`);
  const { width, height } = info;
  if (wide) {
    // A view when aligned (always so far); a copy otherwise, never a wrong read.
    const words = data.byteOffset % 2 === 0 ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2) : new Uint16Array(new Uint8Array(data).buffer);
    return { depth: 16, channels, width, height, data: words };
  }
  return { depth: 8, channels, width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
}
