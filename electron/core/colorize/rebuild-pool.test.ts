// The rebuild on worker threads: the same pixels as on the calling thread, results transferred,
// queueing beyond the pool's size, abort, a lost worker, close.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chromaFromResult } from './chroma-plane';
import type { Pixels } from './pixels';
import { rebuildFromChroma } from './rebuild';
import { RebuildWorkerError, createRebuildPool } from './rebuild-pool';
import { startSourceWorker } from './testing/source-worker';

const startWorker = () => startSourceWorker(new URL('./rebuild-worker.ts', import.meta.url));

/** A small colour "result" and originals of every kind the rebuild handles. */
function small(size: number): Pixels {
  const data = Uint8Array.from({ length: size * size * 3 }, (_, i) => 40 + ((i * 37) % 170));
  return { depth: 8, channels: 3, width: size, height: size, data };
}
function originals(width: number, height: number): Pixels[] {
  const n = width * height;
  return [
    { depth: 8, channels: 1, width, height, data: Uint8Array.from({ length: n }, (_, i) => (i * 53) % 256) },
    { depth: 8, channels: 3, width, height, data: Uint8Array.from({ length: 3 * n }, (_, i) => (i * 29) % 256) },
    { depth: 16, channels: 1, width, height, data: Uint16Array.from({ length: n }, (_, i) => (i * 7919) % 65536) },
    { depth: 16, channels: 3, width, height, data: Uint16Array.from({ length: 3 * n }, (_, i) => (i * 4099) % 65536) },
  ];
}

void test('a pool of 2 rebuilds 4 photos at once exactly as the calling thread does, results transferred whole', async (t) => {
  const pool = createRebuildPool({ startWorker, size: 2 });
  t.after(() => pool.close());
  const result = small(16);
  const inputs = originals(97, 61);
  const images = await Promise.all(inputs.map((original) => pool.rebuild(original, result)));
  for (const [i, original] of inputs.entries()) {
    const image = images[i];
    assert.ok(image);
    const expected = rebuildFromChroma(original, chromaFromResult(result));
    assert.equal(image.depth, original.depth);
    assert.deepEqual([image.width, image.height, image.channels], [97, 61, 3]);
    assert.deepEqual(image.data, expected.data, `${original.channels}-channel ${original.depth}-bit original`);
    assert.equal(image.data.buffer.byteLength, image.data.byteLength, 'the result owns its buffer (transferred, not a slice of a message)');
    assert.equal(original.data.length, original.width * original.height * original.channels, "the caller's pixels are not detached");
  }
  // A view into a larger buffer is sent as its own pixels, not the whole buffer behind it.
  const backing = new Uint8Array(10 + 97 * 61);
  backing.set((inputs[0] as Extract<Pixels, { depth: 8 }>).data, 10);
  const view: Pixels = { depth: 8, channels: 1, width: 97, height: 61, data: backing.subarray(10) };
  assert.deepEqual((await pool.rebuild(view, result)).data, images[0]?.data);
});

void test('abort: a queued rebuild rejects with the reason at once and the pool goes on', async (t) => {
  const pool = createRebuildPool({ startWorker, size: 1 });
  t.after(() => pool.close());
  const [original] = originals(400, 300);
  assert.ok(original);
  const first = pool.rebuild(original, small(8));
  const abort = new AbortController();
  const second = pool.rebuild(original, small(8), abort.signal);
  abort.abort(new Error('user canceled'));
  await assert.rejects(second, /user canceled/);
  const third = pool.rebuild(original, small(8));
  const [a, c] = await Promise.all([first, third]);
  assert.deepEqual(a.data, c.data);
  const aborted = new AbortController();
  aborted.abort(new Error('already'));
  await assert.rejects(pool.rebuild(original, small(8), aborted.signal), /already/);
});

void test('a worker that cannot start rejects its rebuild with RebuildWorkerError; close rejects what is left', async () => {
  const pool = createRebuildPool({ startWorker: () => startSourceWorker(new URL('./no-such-worker.ts', import.meta.url)), size: 1 });
  const [original] = originals(8, 8);
  assert.ok(original);
  await assert.rejects(pool.rebuild(original, small(4)), (error: unknown) => error instanceof RebuildWorkerError && /a rebuild worker stopped/.test(error.message));
  await pool.close();
  await assert.rejects(pool.rebuild(original, small(4)), /the rebuild pool is closed/);
  assert.throws(() => createRebuildPool({ startWorker, size: 0 }), /at least one worker/);
});
