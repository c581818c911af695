// ComfyUI emulator (test infrastructure): the two resamplings of DDColor's data flow behave like
// the libraries the real node calls: cv2.resize INTER_LINEAR (in) and torch nearest (out).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cv2ResizeLinear } from './cv2-resize';
import { encodePng } from './image-ops';
import { nearestIndex } from './lab';
import type { RgbImage } from './node-types';

function row(values: number[]): RgbImage {
  return { kind: 'IMAGE', width: values.length, height: 1, data: Uint8Array.from(values.flatMap((v) => [v, v, v])) };
}
const reds = (image: RgbImage) => [...image.data].filter((_, i) => i % 3 === 0);

test('cv2 INTER_LINEAR: centre-aligned taps, edges clamped (cv2.resize([[0, 100]], (4, 1)) = [0, 25, 75, 100])', () => {
  assert.deepEqual(reds(cv2ResizeLinear(row([0, 100]), 4, 1)), [0, 25, 75, 100]);
  assert.deepEqual(reds(cv2ResizeLinear(row([0, 100, 200, 255]), 2, 1)), [50, 228]);
  const same = row([3, 1, 4, 1, 5, 9, 2, 6]);
  assert.deepEqual(cv2ResizeLinear(same, 8, 1).data, same.data);
});

test('cv2 INTER_LINEAR does not anti-alias: shrinking by 4 samples two pixels, it does not average four', () => {
  // Pixels 4k+1 and 4k+2 are white: the taps of output k sit exactly there.
  const stripes = row(Array.from({ length: 32 }, (_, i) => (i % 4 === 1 || i % 4 === 2 ? 255 : 0)));
  assert.deepEqual(reds(cv2ResizeLinear(stripes, 8, 1)), [255, 255, 255, 255, 255, 255, 255, 255]);
});

test('torch nearest: float32 index arithmetic, identity and halving shortcuts', () => {
  assert.equal(nearestIndex(647, 256, 1294), 127); // the exact quotient would give 128
  assert.equal(nearestIndex(5, 7, 7), 5);
  assert.equal(nearestIndex(7, 4, 8), 3);
  assert.equal(nearestIndex(2999, 512, 3000), 511);
  const counts = new Map<number, number>();
  for (let x = 0; x < 3000; x++) counts.set(nearestIndex(x, 512, 3000), (counts.get(nearestIndex(x, 512, 3000)) ?? 0) + 1);
  assert.equal(counts.size, 512);
  assert.ok([...counts.values()].every((n) => n === 5 || n === 6));
});

test('PNG like PIL: adaptive filtering makes a grainy photo smaller than filter None would', async () => {
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 24;
  const width = 256;
  const data = new Uint8Array(width * width * 3);
  for (let i = 0; i < width * width; i++) data.fill(Math.round(128 + 60 * Math.sin(i / 700) + noise()), i * 3, i * 3 + 3);
  const png = await encodePng({ kind: 'IMAGE', width, height: width, data }, 4, []);
  const { default: sharp } = await import('sharp');
  const unfiltered = await sharp(data, { raw: { width, height: width, channels: 3 } }).png({ compressionLevel: 4, adaptiveFiltering: false }).toBuffer();
  assert.ok(png.length < unfiltered.length * 0.9, `${png.length} vs ${unfiltered.length}`);
});
