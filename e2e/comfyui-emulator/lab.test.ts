// ComfyUI emulator (test infrastructure): Lab math.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labToSrgb, lightnessPlane, mergeLightnessWithChroma, srgbToLab } from './lab';

test('sRGB → Lab → sRGB round-trips every 8-bit colour within one level', () => {
  let worst = 0;
  for (let r = 0; r < 256; r += 3) {
    for (let g = 0; g < 256; g += 3) {
      for (let b = 0; b < 256; b += 3) {
        const [r2, g2, b2] = labToSrgb(srgbToLab(r, g, b));
        worst = Math.max(worst, Math.abs(r - r2), Math.abs(g - g2), Math.abs(b - b2));
      }
    }
  }
  assert.ok(worst <= 1, `worst channel error ${worst}`);
});

test('reference colours match CIE Lab D65 values', () => {
  const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 0.05, `${actual} ≉ ${expected}`);
  const white = srgbToLab(255, 255, 255);
  close(white.l, 100);
  close(white.a, 0);
  close(white.b, 0);
  const red = srgbToLab(255, 0, 0);
  close(red.l, 53.24);
  close(red.a, 80.09);
  close(red.b, 67.2);
  const blue = srgbToLab(0, 0, 255);
  close(blue.l, 32.3);
  close(blue.a, 79.19);
  close(blue.b, -107.86);
  const grey = srgbToLab(119, 119, 119);
  close(grey.a, 0);
  close(grey.b, 0);
  assert.deepEqual(labToSrgb({ l: 0, a: 0, b: 0 }), [0, 0, 0]);
  assert.deepEqual(labToSrgb({ l: 100, a: 0, b: 0 }), [255, 255, 255]);
});

test('out-of-gamut Lab is clipped, never wrapped', () => {
  for (const c of labToSrgb({ l: 50, a: 127, b: -127 })) assert.ok(c >= 0 && c <= 255);
  assert.deepEqual(labToSrgb({ l: 100, a: 120, b: 120 })[0], 255);
});

test('lightnessPlane gives L per pixel', () => {
  const l = lightnessPlane(new Uint8Array([0, 0, 0, 255, 255, 255, 255, 0, 0]), 3);
  assert.ok(Math.abs((l[0] ?? -1) - 0) < 1e-3);
  assert.ok(Math.abs((l[1] ?? -1) - 100) < 1e-3);
  assert.ok(Math.abs((l[2] ?? -1) - 53.24) < 0.05);
});

test('mergeLightnessWithChroma keeps each pixel L and spreads chroma by nearest neighbour', () => {
  // 4×2 grey ramp, 2×1 chroma map: left half neutral, right half red-ish (kept inside the gamut).
  const width = 4;
  const height = 2;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.fill(30 + i * 18, i * 3, i * 3 + 3);
  const chroma = new Float32Array([0, 0, 24, 12]);
  const out = mergeLightnessWithChroma(rgb, width, height, chroma, 2, 1);
  const inL = lightnessPlane(rgb, width * height);
  const outL = lightnessPlane(out, width * height);
  for (let i = 0; i < width * height; i++) {
    assert.ok(Math.abs((inL[i] ?? 0) - (outL[i] ?? 0)) < 1.0, `pixel ${i} L ${inL[i]} → ${outL[i]}`);
    const x = i % width;
    const lab = srgbToLab(out[i * 3] ?? 0, out[i * 3 + 1] ?? 0, out[i * 3 + 2] ?? 0);
    if (x < 2) assert.ok(Math.hypot(lab.a, lab.b) < 1.5, `left pixel ${i} should stay grey`);
    else assert.ok(lab.a > 18 && lab.b > 8, `right pixel ${i} should be red-ish: ${JSON.stringify(lab)}`);
  }
});
