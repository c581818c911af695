// Test images made on the spot (tests only): photo-like pixels, and hostile files crafted byte by
// byte (headers that promise billions of pixels, truncations) so no fixture files are needed.
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** Deterministic photo-like pixels: smooth shapes plus fine grain, RGB. `tint` colours them. */
export function photoPixels(width: number, height: number, seed: number, mode: 'grey' | 'sepia' | 'colour'): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed * 2654435761 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) % 1000) / 1000;
  };
  const fx = 2 + random() * 4;
  const fy = 2 + random() * 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      const l = 0.5 + 0.35 * Math.sin(u * fx * Math.PI + seed) * Math.cos(v * fy * Math.PI) + (random() - 0.5) * 0.08;
      const lum = Math.min(1, Math.max(0, l));
      const i = (y * width + x) * 3;
      if (mode === 'grey') {
        pixels[i] = pixels[i + 1] = pixels[i + 2] = Math.round(lum * 255);
      } else if (mode === 'sepia') {
        // A toned print: warm shadows, cream highlights; colour is a curve of luminance only.
        pixels[i] = Math.round(Math.min(1, 1.08 * lum ** 0.85) * 255);
        pixels[i + 1] = Math.round(lum * 255);
        pixels[i + 2] = Math.round(0.88 * lum ** 1.3 * 255);
      } else {
        // Hue varies across the frame independently of luminance (sky, grass, faces).
        const hue = (u + 0.3 * v) * Math.PI * 2;
        pixels[i] = Math.round(Math.min(1, Math.max(0, lum + 0.25 * Math.cos(hue))) * 255);
        pixels[i + 1] = Math.round(Math.min(1, Math.max(0, lum + 0.25 * Math.cos(hue - 2.1))) * 255);
        pixels[i + 2] = Math.round(Math.min(1, Math.max(0, lum + 0.25 * Math.cos(hue + 2.1))) * 255);
      }
    }
  }
  return pixels;
}

export function photo(width: number, height: number, seed: number, mode: 'grey' | 'sepia' | 'colour' = 'grey') {
  return sharp(photoPixels(width, height, seed, mode), { raw: { width, height, channels: 3 } });
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** A PNG whose header says width×height (8-bit RGB) with a few rows of data: a decompression bomb's shape. */
export function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = deflateSync(Buffer.alloc((width * 3 + 1) * 4));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', rows), pngChunk('IEND', new Uint8Array())]);
}

/** An uncompressed 8-bit grey TIFF whose header says width×height, with one strip of 64 bytes. */
export function tiffClaiming(width: number, height: number): Buffer {
  const entries: Array<[tag: number, type: number, value: number]> = [
    [256, 4, width],
    [257, 4, height],
    [258, 3, 8],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, 0], // strip offset, patched below
    [277, 3, 1],
    [278, 4, height],
    [279, 4, 64],
  ];
  const ifdAt = 8;
  const dataAt = ifdAt + 2 + entries.length * 12 + 4;
  const bytes = Buffer.alloc(dataAt + 64);
  bytes.write('II', 0, 'latin1');
  bytes.writeUInt16LE(42, 2);
  bytes.writeUInt32LE(ifdAt, 4);
  bytes.writeUInt16LE(entries.length, ifdAt);
  entries.forEach(([tag, type, value], i) => {
    const at = ifdAt + 2 + i * 12;
    bytes.writeUInt16LE(tag, at);
    bytes.writeUInt16LE(type, at + 2);
    bytes.writeUInt32LE(1, at + 4);
    const v = tag === 273 ? dataAt : value;
    if (type === 3) bytes.writeUInt16LE(v, at + 8);
    else bytes.writeUInt32LE(v, at + 8);
  });
  return bytes;
}

/** The first bytes of an HEVC-coded HEIF (iPhone photo): the `ftyp` box with brand `heic`. */
export function heicHeader(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.write('mif1heic', 16, 'latin1');
  return Buffer.concat([ftyp, Buffer.alloc(200)]);
}
