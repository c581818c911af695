// The pure parts of chroma mode: the resize DDColor's node does (cv2 INTER_LINEAR), the chroma
// taken from its result, and the rebuild (full-resolution lightness + nearest-upsampled chroma).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chromaFromResult } from './chroma-plane';
import { KB, KG, KR, LINEAR_OF_8, WHITE_X, WHITE_Z, XYZ_TO_RGB, labF, labFInverse, linearToSrgb, srgbToLinear } from './lab';
import type { Pixels } from './pixels';
import { linearTaps, prepareChromaInput } from './prepare';
import { nearestIndex, rebuildFromChroma, startRebuild } from './rebuild';
import { to8 } from './testing/compare';

const grey = (width: number, height: number, values: number[]): Pixels => ({ depth: 8, channels: 1, width, height, data: Uint8Array.from(values) });

void test('the resize is cv2 INTER_LINEAR: centre-aligned taps, clamped edges, no anti-aliasing', () => {
  // cv2.resize(np.array([[0, 100]], np.float32), (4, 1)) → [[0, 25, 75, 100]]
  assert.deepEqual([...prepareChromaInput(grey(2, 1, [0, 100]), 4).data.subarray(0, 4)], [0, 25, 75, 100]);
  const taps = linearTaps(3000, 512);
  assert.equal(taps.index[0], 2); // (0.5 · 5.859375) − 0.5 = 2.43
  assert.ok(Math.abs((taps.w1[0] ?? 0) - 0.4296875) < 1e-6);
  assert.equal(taps.index[511], 2996); // 511.5 · 5.859375 − 0.5 = 2996.58
  // Shrinking by 4 samples pixels 4k+1 and 4k+2; an averaging resize would give grey here.
  const stripes = Array.from({ length: 32 * 32 }, (_, i) => (i % 4 === 1 || i % 4 === 2 ? 255 : 0));
  assert.ok(prepareChromaInput(grey(32, 32, stripes), 8).data.every((v) => v === 255));
  assert.throws(() => prepareChromaInput(grey(2, 1, [0, 100]), 0), /positive whole number/);
});

void test('prepareChromaInput uploads the model input: the grey of each pixel\'s lightness, 8-bit', () => {
  const rgbGrey: Pixels = { depth: 8, channels: 3, width: 2, height: 2, data: Uint8Array.from([10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40]) };
  assert.deepEqual([...prepareChromaInput(rgbGrey, 2).data], [10, 20, 30, 40]);
  // A colour pixel becomes the grey of equal luminance: pure red (Y = 0.2127) is sRGB grey 127.
  const red: Pixels = { depth: 8, channels: 3, width: 1, height: 1, data: Uint8Array.from([255, 0, 0]) };
  assert.equal(Math.round(linearToSrgb(0.212671) * 255), 127);
  assert.deepEqual([...prepareChromaInput(red, 1).data], [127]);
  const wide: Pixels = { depth: 16, channels: 1, width: 2, height: 1, data: Uint16Array.from([0, 65535]) };
  assert.deepEqual([...prepareChromaInput(wide, 2).data], [0, 255, 0, 255]);
});

void test('torch nearest upsampling of the chroma, with float32 index arithmetic', () => {
  assert.equal(nearestIndex(647, 256, 1294), 127);
  assert.deepEqual([0, 1, 2, 3, 4].map((x) => nearestIndex(x, 2, 5)), [0, 0, 0, 1, 1]);
  // Left cell neutral, right cell red: over 5 columns the first 3 stay grey.
  const out = rebuildFromChroma(grey(5, 1, [120, 120, 120, 120, 120]), { width: 2, height: 1, ab: Float32Array.from([0, 0, 40, 20]) });
  const px = (x: number) => [...out.data.subarray(x * 3, x * 3 + 3)];
  for (const x of [0, 1, 2]) assert.deepEqual(px(x), [120, 120, 120]);
  for (const x of [3, 4]) {
    const [r = 0, g = 0, b = 0] = px(x);
    assert.ok(r > 150 && g < 120 && b < 120, `column ${x} is red: ${px(x).join(',')}`);
  }
});

/** Deterministic in-gamut colours (kept away from the gamut's edges so nothing clips). */
function colourImage(width: number, height: number): Pixels {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    data[3 * i] = 60 + ((i * 37) % 140);
    data[3 * i + 1] = 60 + ((i * 59) % 140);
    data[3 * i + 2] = 60 + ((i * 83) % 140);
  }
  return { depth: 8, channels: 3, width, height, data };
}

void test('Lab round trip: lightness of a photo + chroma of its colour version gives the colour version back', () => {
  const colour = colourImage(64, 48);
  // The "photo": 16-bit grey with each pixel's luminance, as precisely as 16 bits hold it.
  const wide = new Uint16Array(64 * 48);
  for (let i = 0; i < wide.length; i++) {
    const [r = 0, g = 0, b = 0] = colour.data.subarray(3 * i, 3 * i + 3);
    const y = 0.212671 * (LINEAR_OF_8[r] ?? 0) + 0.71516 * (LINEAR_OF_8[g] ?? 0) + 0.072169 * (LINEAR_OF_8[b] ?? 0);
    wide[i] = Math.round(linearToSrgb(y) * 65535);
  }
  const rebuilt = rebuildFromChroma({ depth: 16, channels: 1, width: 64, height: 48, data: wide }, chromaFromResult(colour));
  assert.equal(rebuilt.depth, 16);
  const back = to8(rebuilt.data as Uint16Array);
  let worst = 0;
  for (let i = 0; i < back.length; i++) worst = Math.max(worst, Math.abs((back[i] ?? 0) - (colour.data[i] ?? 0)));
  assert.ok(worst <= 1, `worst channel error ${worst}`);
  assert.ok(Math.abs(srgbToLinear(linearToSrgb(0.3)) - 0.3) < 1e-12);
});

void test('grey and RGB originals of the same picture rebuild the same; slicing changes nothing', () => {
  const values = Array.from({ length: 40 * 30 }, (_, i) => (i * 13) % 256);
  const asGrey = grey(40, 30, values);
  const asRgb: Pixels = { depth: 8, channels: 3, width: 40, height: 30, data: Uint8Array.from(values.flatMap((v) => [v, v, v])) };
  const chroma = chromaFromResult(colourImage(8, 8));
  const a = rebuildFromChroma(asGrey, chroma);
  const b = rebuildFromChroma(asRgb, chroma);
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0)));
  assert.ok(worst <= 1, `grey vs RGB paths differ by ${worst}`);
  const sliced = startRebuild(asGrey, chroma);
  for (let y = 0; y < 30; y += 7) sliced.rows(y, y + 7);
  assert.deepEqual(sliced.finish().data, a.data);
  // A grey result has no chroma: the rebuild is the original, grey.
  const neutral = rebuildFromChroma(asGrey, chromaFromResult({ depth: 8, channels: 1, width: 4, height: 4, data: new Uint8Array(16) }));
  assert.deepEqual(neutral.data, asRgb.data);
});

/** The rebuild written the slow, obvious way: per pixel, Math.cbrt and pow, no tables. */
function reference(original: Pixels, ab: Float32Array, cw: number, ch: number): number[] {
  const { width, height, channels, data } = original;
  const max = original.depth === 16 ? 65535 : 255;
  const out: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * channels;
      const lin = (c: number) => srgbToLinear((data[p + c] ?? 0) / max);
      const Y = channels === 1 ? lin(0) : KR * lin(0) + KG * lin(1) + KB * lin(2);
      const cell = (nearestIndex(y, ch, height) * cw + nearestIndex(x, cw, width)) * 2;
      const fy = labF(Y);
      const X = WHITE_X * labFInverse(fy + (ab[cell] ?? 0) / 500);
      const Z = WHITE_Z * labFInverse(fy - (ab[cell + 1] ?? 0) / 200);
      for (let c = 0; c < 3; c++) {
        const l = (XYZ_TO_RGB[3 * c] ?? 0) * X + (XYZ_TO_RGB[3 * c + 1] ?? 0) * Y + (XYZ_TO_RGB[3 * c + 2] ?? 0) * Z;
        out.push(Math.round(linearToSrgb(Math.min(Math.max(l, 0), 1)) * max));
      }
    }
  }
  return out;
}

void test('the fast rebuild equals the obvious one (±1 code) for every kind of original and any size ratio', () => {
  const chroma = { width: 8, height: 6, ab: Float32Array.from({ length: 96 }, (_, i) => ((i * 37) % 90) - 45) };
  for (const [width, height] of [[5, 3], [8, 6], [16, 12], [37, 23]] as const) {
    const n = width * height;
    const originals: Pixels[] = [
      { depth: 8, channels: 1, width, height, data: Uint8Array.from({ length: n }, (_, i) => (i * 53) % 256) },
      { depth: 8, channels: 3, width, height, data: Uint8Array.from({ length: 3 * n }, (_, i) => (i * 29) % 256) },
      { depth: 16, channels: 1, width, height, data: Uint16Array.from({ length: n }, (_, i) => (i * 7919) % 65536) },
      { depth: 16, channels: 3, width, height, data: Uint16Array.from({ length: 3 * n }, (_, i) => (i * 4099) % 65536) },
    ];
    for (const original of originals) {
      const fast = rebuildFromChroma(original, chroma);
      const slow = reference(original, chroma.ab, chroma.width, chroma.height);
      let worst = 0;
      for (let i = 0; i < slow.length; i++) worst = Math.max(worst, Math.abs((fast.data[i] ?? -9) - (slow[i] ?? 0)));
      assert.ok(worst <= 1, `${width}×${height} ${original.channels}ch ${original.depth}-bit: off by ${worst}`);
    }
  }
});
