// ComfyUI emulator (test infrastructure): the DDColor stand-in — coloured, same size, L kept, fast.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ddcolorColorize } from './ddcolor';
import { lightnessPlane, srgbToLab } from './lab';
import type { RgbImage } from './node-types';

function portrait(width: number, height: number): RgbImage {
  // Bright "sky" on top, mid-grey "face" band, dark "ground" at the bottom, with a horizontal ramp.
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const base = y < height / 3 ? 215 : y < (2 * height) / 3 ? 150 : 45;
    for (let x = 0; x < width; x++) data.fill(Math.min(255, base + Math.round((20 * x) / width)), (y * width + x) * 3, (y * width + x) * 3 + 3);
  }
  return { kind: 'IMAGE', width, height, data };
}

function meanChroma(image: RgbImage): number {
  let sum = 0;
  const pixels = image.width * image.height;
  for (let i = 0; i < pixels; i += 7) {
    const lab = srgbToLab(image.data[i * 3] ?? 0, image.data[i * 3 + 1] ?? 0, image.data[i * 3 + 2] ?? 0);
    sum += Math.hypot(lab.a, lab.b);
  }
  return sum / Math.ceil(pixels / 7);
}

test('colourises a grey photo: same size, visible chroma, luminance kept', async () => {
  const input = portrait(640, 480);
  assert.ok(meanChroma(input) < 0.5);
  const out = await ddcolorColorize(input, 512, 'ddcolor_modelscope.pth');
  assert.equal(out.width, 640);
  assert.equal(out.height, 480);
  assert.ok(meanChroma(out) > 8, `mean chroma ${meanChroma(out)}`);
  const inL = lightnessPlane(input.data, 640 * 480);
  const outL = lightnessPlane(out.data, 640 * 480);
  let worst = 0;
  for (let i = 0; i < inL.length; i++) worst = Math.max(worst, Math.abs((inL[i] ?? 0) - (outL[i] ?? 0)));
  assert.ok(worst < 2, `L drifted by ${worst}`);
  // Sky (top) is blue-ish, ground (bottom) green-ish, the middle warm.
  const at = (x: number, y: number) => srgbToLab(out.data[(y * 640 + x) * 3] ?? 0, out.data[(y * 640 + x) * 3 + 1] ?? 0, out.data[(y * 640 + x) * 3 + 2] ?? 0);
  assert.ok(at(320, 20).b < -3, 'sky is blue');
  assert.ok(at(320, 240).a > 3 && at(320, 240).b > 5, 'middle is warm');
  assert.ok(at(320, 470).a < -3, 'ground is green');
});

test('the result depends on checkpoint and model_input_size, deterministically', async () => {
  const input = portrait(300, 200);
  const tiny = await ddcolorColorize(input, 256, 'ddcolor_paper_tiny.pth');
  const artistic = await ddcolorColorize(input, 256, 'ddcolor_artistic.pth');
  const again = await ddcolorColorize(input, 256, 'ddcolor_artistic.pth');
  const small = await ddcolorColorize(input, 32, 'ddcolor_artistic.pth');
  assert.ok(meanChroma(artistic) > meanChroma(tiny));
  assert.deepEqual(again.data, artistic.data);
  assert.notDeepEqual(small.data, artistic.data);
});

test('a 6-megapixel photo colourises well under a second', async () => {
  const input = portrait(3000, 2000);
  const started = performance.now();
  const out = await ddcolorColorize(input, 512, 'ddcolor_paper.pth');
  const elapsed = performance.now() - started;
  assert.equal(out.width * out.height, 6_000_000);
  assert.ok(elapsed < 1000, `took ${elapsed.toFixed(0)} ms`);
});
