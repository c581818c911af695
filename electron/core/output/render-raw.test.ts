// Chroma mode hands the output writer its rebuilt pixels instead of a PNG (level 0) that the
// writer decoded again: the file written must be the one the PNG hand-over gave, byte for byte,
// in every format, at 8 and 16 bits, with and without metadata to carry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { encodeRebuilt } from '../colorize';
import { isRawResult, renderOutput, type RawResult, type RenderInput } from './render-output';
import { readProvenance } from './xmp';

const provenance: RenderInput['provenance'] = {
  software: 'Heirloom 9.9.9',
  workflowId: 'ddcolor-portrait',
  params: { size: 512 },
  createdAt: '2026-03-01T08:00:00.000Z',
  originalSha256: 'cd'.repeat(32),
};

/** Deterministic RGB noise over a gradient: every sample value is exercised, none compresses away. */
function rebuilt(depth: 8 | 16, width: number, height: number): RawResult {
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) >>> 0) >>> 8;
  const max = depth === 16 ? 65535 : 255;
  const values = Array.from({ length: width * height * 3 }, (_, i) => Math.min(max, Math.floor(((i % (width * 3)) / (width * 3)) * max * 0.8) + (next() % Math.ceil(max * 0.2))));
  return depth === 16 ? { depth, channels: 3, width, height, data: Uint16Array.from(values) } : { depth, channels: 3, width, height, data: Uint8Array.from(values) };
}

/** A camera original: EXIF (date, GPS, camera), P3 profile, stored turned (orientation 6: shown 60×90). */
const withMetadata = () =>
  sharp({ create: { width: 90, height: 60, channels: 3, background: '#808080' } })
    .withIccProfile('p3')
    .withExif({ IFD0: { Make: 'Seagull', Model: 'Seagull 4A' }, IFD2: { DateTimeOriginal: '1952:06:01 10:20:30' } })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
/** Scanner software's file: an sRGB-ish profile of its own (P3 here), no EXIF. */
const profiledScan = () => sharp({ create: { width: 60, height: 90, channels: 3, background: '#707070' } }).withIccProfile('p3').png().toBuffer();
/** A flatbed scan: 16-bit grey, no EXIF, no profile. */
const bareScan = () => sharp(Buffer.alloc(60 * 90 * 2, 0x40), { raw: { width: 60, height: 90, channels: 1 } }).toColourspace('grey16').png().toBuffer();

void test('raw pixels are told apart from file bytes', () => {
  assert.equal(isRawResult(new Uint8Array([0x89, 0x50])), false);
  assert.equal(isRawResult(rebuilt(8, 2, 2)), true);
});

void test('raw pixels give the same file as the PNG hand-over: every format, 8 and 16 bits, with and without metadata', async () => {
  const originals = [
    ['camera original with EXIF and ICC', await withMetadata()],
    ['scan with an ICC profile, no EXIF', await profiledScan()],
    ['bare 16-bit scan', await bareScan()],
  ] as const;
  // The three ways a result can go: EXIF (PNG carrier), a profile only and nothing (TIFF carrier).
  const metas = await Promise.all(originals.map(([, bytes]) => sharp(bytes).metadata()));
  assert.deepEqual(
    metas.map((m) => [m.exif !== undefined, m.icc !== undefined]),
    [
      [true, true],
      [false, true],
      [false, false],
    ],
  );
  for (const [label, original] of originals) {
    for (const depth of [8, 16] as const) {
      const pixels = rebuilt(depth, 60, 90);
      const png = await encodeRebuilt(pixels);
      for (const format of ['png', 'jpeg', 'tiff', 'webp'] as const) {
        for (const keepMetadata of [true, false]) {
          const input = { original, format, keepMetadata, provenance };
          const viaPng = await renderOutput({ ...input, result: png });
          const viaRaw = await renderOutput({ ...input, result: pixels });
          const what = `${label}, ${depth}-bit, ${format}, keepMetadata ${keepMetadata}`;
          assert.ok(viaRaw.bytes.equals(viaPng.bytes), `${what}: same file`);
          assert.deepEqual([viaRaw.width, viaRaw.height, viaRaw.warnings], [viaPng.width, viaPng.height, viaPng.warnings], what);
          const meta = await sharp(viaRaw.bytes).metadata();
          if (keepMetadata && label !== 'bare 16-bit scan' && format !== 'webp') assert.ok(meta.icc, `${what}: the profile is carried`);
          assert.equal(readProvenance(meta.xmp?.toString('utf8') ?? '').OriginalSHA256, 'cd'.repeat(32), `${what}: provenance`);
        }
      }
    }
  }
});
