import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Chunks kept from ComfyUI's PNG: the image itself. Dropped: its text chunks (SaveImage stores the
 * whole prompt and workflow there, with the uploaded file's name) and any colour or EXIF chunk,
 * which would contradict the original's metadata put in their place.
 */
const KEPT = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export class NotAPngError extends Error {
  readonly code = 'result-unreadable';
}

/**
 * The same PNG pixels carrying the given EXIF (TIFF bytes, `eXIf`) and ICC profile (`iCCP`), so
 * libvips loads them as the image's own metadata and writes them into any output format.
 */
export function pngWithMetadata(png: Uint8Array, add: { exif?: Uint8Array | undefined; icc?: Uint8Array | undefined }): Buffer {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(SIGNATURE)) throw new NotAPngError('The result is not a PNG.');
  const out: Buffer[] = [SIGNATURE];
  let at = 8;
  let sawEnd = false;
  while (at + 12 <= bytes.length && !sawEnd) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > bytes.length) throw new NotAPngError(`The result PNG is truncated inside its ${type} chunk.`);
    if (KEPT.has(type)) out.push(bytes.subarray(at, end));
    if (type === 'IHDR') {
      if (add.icc) out.push(chunk('iCCP', Buffer.concat([Buffer.from('ICC Profile\0\0', 'latin1'), deflateSync(add.icc)])));
      if (add.exif) out.push(chunk('eXIf', add.exif));
    }
    sawEnd = type === 'IEND';
    at = end;
  }
  if (!sawEnd) throw new NotAPngError('The result PNG has no end (IEND).');
  return Buffer.concat(out);
}
