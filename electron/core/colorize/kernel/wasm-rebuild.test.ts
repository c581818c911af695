// The WebAssembly kernel against the JS loops it replaces for 8-bit originals: the same photo,
// at most one code apart (float32 instead of float64), and rarely that.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChromaPlane, Pixels } from '../pixels';
import { rebuildFromChroma, startRebuild } from '../rebuild';

/** A deterministic, grainy photo (every code used) and a chroma plane with strong colours. */
function photo(width: number, height: number, channels: 1 | 3): Pixels {
  const data = new Uint8Array(width * height * channels);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    data[i] = (((i / channels) % width) * 3 + (seed >>> 24)) & 255;
  }
  return { depth: 8, channels, width, height, data };
}

function chroma(width: number, height: number): ChromaPlane {
  const ab = new Float32Array(width * height * 2);
  for (let i = 0; i < width * height; i++) {
    ab[2 * i] = 70 * Math.sin(i / 7);
    ab[2 * i + 1] = 90 * Math.cos(i / 5);
  }
  return { width, height, ab };
}

function compare(a: Uint8Array, b: Uint8Array): { differing: number; worst: number } {
  let differing = 0;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] ?? 0) - (b[i] ?? 0));
    if (d > 0) differing++;
    worst = Math.max(worst, d);
  }
  return { differing, worst };
}

for (const channels of [1, 3] as const) {
  for (const [width, height] of [
    [641, 403],
    [4, 9],
    [5, 3],
  ] as const) {
    test(`${channels === 1 ? 'grey' : 'RGB'} ${width}×${height}: the kernel rebuilds as the JS loops do, ±1`, () => {
      const original = photo(width, height, channels);
      const plane = chroma(37, 29);
      const js = rebuildFromChroma(original, plane, 'js');
      const wasm = rebuildFromChroma(original, plane);
      assert.equal(wasm.depth, 8);
      assert.deepEqual([wasm.width, wasm.height, wasm.data.length], [width, height, width * height * 3]);
      const { differing, worst } = compare(wasm.data as Uint8Array, js.data as Uint8Array);
      assert.ok(worst <= 1, `worst difference ${worst}`);
      assert.ok(differing <= Math.max(3, js.data.length * 0.001), `${differing} of ${js.data.length} samples differ`);
    });
  }
}

test('the kernel is used: its float32 arithmetic differs from the JS loops somewhere on a large photo', () => {
  const original = photo(1200, 800, 3);
  const plane = chroma(64, 64);
  const { differing } = compare(rebuildFromChroma(original, plane).data as Uint8Array, rebuildFromChroma(original, plane, 'js').data as Uint8Array);
  assert.ok(differing > 0, 'identical to the last sample: the JS loops ran, not the kernel');
});

test('rebuilds in slices, interleaved on one thread, each equal to its whole rebuild', () => {
  const grey = photo(333, 120, 1);
  const rgb = photo(257, 99, 3);
  const plane = chroma(16, 16);
  const a = startRebuild(grey, plane);
  const b = startRebuild(rgb, plane);
  for (let y = 0; y < 120; y += 13) {
    a.rows(y, y + 13);
    b.rows(y, y + 13);
  }
  const first = a.finish();
  assert.deepEqual(first.data, rebuildFromChroma(grey, plane).data);
  assert.deepEqual(b.finish().data, rebuildFromChroma(rgb, plane).data);
  assert.throws(() => a.rows(0, 1), /finished/);
  // The finished instance serves the next photo: a different size, every row rewritten.
  assert.deepEqual(rebuildFromChroma(photo(90, 60, 1), plane).data, rebuildFromChroma(photo(90, 60, 1), plane).data);
});

test('16-bit grey scans: the kernel rebuilds as the JS loops do, ±1 of 65535, and keeps 16 bits', () => {
  const width = 613;
  const height = 211;
  let seed = 99;
  const data = Uint16Array.from({ length: width * height }, (_, i) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return ((i % width) * 100 + (seed >>> 20)) & 0xffff;
  });
  const scan: Pixels = { depth: 16, channels: 1, width, height, data };
  const plane = chroma(41, 23);
  const js = rebuildFromChroma(scan, plane, 'js');
  const wasm = rebuildFromChroma(scan, plane);
  assert.equal(wasm.depth, 16);
  let differing = 0;
  let worst = 0;
  for (let i = 0; i < js.data.length; i++) {
    const d = Math.abs((wasm.data[i] ?? 0) - (js.data[i] ?? 0));
    if (d > 0) differing++;
    worst = Math.max(worst, d);
  }
  assert.ok(worst <= 1, `worst difference ${worst}`);
  assert.ok(differing > 0 && differing <= js.data.length * 0.01, `${differing} of ${js.data.length} samples differ (0 would mean the kernel did not run)`);
});

test('originals the kernel does not take fall back to the JS loops: 16-bit RGB, fewer than 4 columns', () => {
  const narrow = photo(3, 10, 3);
  const plane = chroma(8, 8);
  assert.deepEqual(rebuildFromChroma(narrow, plane).data, rebuildFromChroma(narrow, plane, 'js').data);
  const rgb16: Pixels = { depth: 16, channels: 3, width: 20, height: 7, data: Uint16Array.from({ length: 420 }, (_, i) => i * 151) };
  const rebuilt = rebuildFromChroma(rgb16, plane);
  assert.equal(rebuilt.depth, 16);
  assert.deepEqual(rebuilt.data, rebuildFromChroma(rgb16, plane, 'js').data);
});
