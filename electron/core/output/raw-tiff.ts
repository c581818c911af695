// Raw RGB pixels as an uncompressed baseline TIFF, the cheapest container libvips reads: no
// checksum, no deflate stream, one strip that is the pixels as they are (little-endian, so 16-bit
// samples need no byte swap on the hosts Heirloom runs on). Its resolution is libvips's default
// for a PNG without pHYs, 2.834 px/mm (71.9836 dpi; written back as pHYs 2834 px/m, EXIF 71983/1000
// per inch), so what is written from it is the file a PNG hand-over gave (render-raw.test.ts).
// 6 MP RGB: one 18 MB copy, against ~30 ms of CPU to encode a level-0 PNG and ~13 ms to decode it.
import { endianness } from 'node:os';

export interface RgbPixels {
  width: number;
  height: number;
  depth: 8 | 16;
  data: Uint8Array | Uint16Array;
}

const TYPE = { short: 3, long: 4, rational: 5, undefined: 7 } as const;
const TAG_ICC_PROFILE = 34675;

/** False on a big-endian host: the caller then hands the pixels over another way. */
export const canWrapRawTiff = endianness() === 'LE';

/** The pixels, with the ICC profile to carry (libvips reads it as the image's own, like a PNG's iCCP). */
export function rawRgbTiff(pixels: RgbPixels, carry: { icc?: Uint8Array | undefined } = {}): Buffer {
  if (!canWrapRawTiff) throw new Error('rawRgbTiff writes little-endian samples: this host is big-endian');
  const { width, height, depth } = pixels;
  const bytes = width * height * 3 * (depth / 8);
  if (pixels.data.byteLength !== bytes) throw new RangeError(`${width}×${height} RGB at ${depth} bits is ${bytes} bytes, not ${pixels.data.byteLength}`);
  const icc = carry.icc;
  const entryCount = icc ? 14 : 13;
  const ifdBytes = 2 + entryCount * 12 + 4;
  // After the IFD: BitsPerSample (3 shorts), the two rationals, the profile; then the pixels (at an even offset).
  const bitsAt = 8 + ifdBytes;
  const xResAt = bitsAt + 6;
  const yResAt = xResAt + 8;
  const iccAt = yResAt + 8;
  const headerBytes = iccAt + (icc ? icc.length + (icc.length % 2) : 0);
  const head = Buffer.alloc(headerBytes);
  head.write('II', 0, 'latin1');
  head.writeUInt16LE(42, 2);
  head.writeUInt32LE(8, 4);
  // In ascending tag order, as TIFF requires.
  const entries: Array<[tag: number, type: number, count: number, value: number]> = [
    [256, TYPE.long, 1, width],
    [257, TYPE.long, 1, height],
    [258, TYPE.short, 3, bitsAt],
    [259, TYPE.short, 1, 1], // no compression
    [262, TYPE.short, 1, 2], // RGB
    [273, TYPE.long, 1, headerBytes], // the one strip's offset
    [277, TYPE.short, 1, 3],
    [278, TYPE.long, 1, height],
    [279, TYPE.long, 1, bytes],
    [282, TYPE.rational, 1, xResAt],
    [283, TYPE.rational, 1, yResAt],
    [284, TYPE.short, 1, 1], // interleaved
    [296, TYPE.short, 1, 2], // inches
    ...(icc ? [[TAG_ICC_PROFILE, TYPE.undefined, icc.length, iccAt] as [number, number, number, number]] : []),
  ];
  head.writeUInt16LE(entryCount, 8);
  entries.forEach(([tag, type, count, value], i) => {
    const at = 10 + i * 12;
    head.writeUInt16LE(tag, at);
    head.writeUInt16LE(type, at + 2);
    head.writeUInt32LE(count, at + 4);
    if (type === TYPE.short && count === 1) head.writeUInt16LE(value, at + 8);
    else head.writeUInt32LE(value, at + 8);
  });
  head.writeUInt32LE(0, 10 + entryCount * 12); // no next IFD
  for (let i = 0; i < 3; i++) head.writeUInt16LE(depth, bitsAt + 2 * i);
  for (const at of [xResAt, yResAt]) {
    head.writeUInt32LE(719_836, at);
    head.writeUInt32LE(10_000, at + 4);
  }
  if (icc) head.set(icc, iccAt);
  return Buffer.concat([head, Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength)], headerBytes + bytes);
}
