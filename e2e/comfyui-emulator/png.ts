// ComfyUI emulator (test infrastructure): PNG tEXt chunks. SaveImage/PreviewImage write the prompt
// graph and each extra_pnginfo entry as tEXt chunks (PIL's PngInfo.add_text with ASCII json.dumps
// text); sharp cannot, so they are spliced in after IHDR.
import { crc32 } from 'node:zlib';

const SIGNATURE_LENGTH = 8;
const IHDR_CHUNK_LENGTH = 4 + 4 + 13 + 4;

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Insert tEXt chunks (latin-1 keyword and text) right after IHDR. */
export function withTextChunks(png: Buffer, entries: ReadonlyArray<readonly [string, string]>): Buffer {
  if (entries.length === 0) return png;
  const at = SIGNATURE_LENGTH + IHDR_CHUNK_LENGTH;
  if (png.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error('not a PNG with a leading IHDR chunk');
  const chunks = entries.map(([key, text]) => chunk('tEXt', Buffer.concat([Buffer.from(key, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')])));
  return Buffer.concat([png.subarray(0, at), ...chunks, png.subarray(at)]);
}

/** Read back tEXt chunks (used by tests to check the metadata a client would see). */
export function readTextChunks(png: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let p = SIGNATURE_LENGTH;
  while (p + 8 <= png.length) {
    const length = png.readUInt32BE(p);
    const type = png.subarray(p + 4, p + 8).toString('latin1');
    if (type === 'tEXt') {
      const data = png.subarray(p + 8, p + 8 + length);
      const zero = data.indexOf(0);
      out.set(data.subarray(0, zero).toString('latin1'), data.subarray(zero + 1).toString('latin1'));
    }
    if (type === 'IEND') break;
    p += 12 + length;
  }
  return out;
}
