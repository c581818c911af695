import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBufferPool } from './buffer-pool';
import { createSlots } from './slots';

test('slots: never more than `size` at once, waiters served in arrival order, a failure frees its slot', async () => {
  const slots = createSlots(2);
  let inside = 0;
  let most = 0;
  const order: number[] = [];
  const gates = Array.from({ length: 5 }, () => {
    let resolve = () => {};
    const promise = new Promise<void>((done) => (resolve = done));
    return { promise, resolve };
  });
  const runs = gates.map((gate, i) =>
    slots.run(async () => {
      order.push(i);
      most = Math.max(most, ++inside);
      await gate.promise;
      inside--;
      if (i === 1) throw new Error('boom');
      return i;
    }),
  );
  for (const gate of gates) gate.resolve();
  const settled = await Promise.allSettled(runs);
  assert.equal(most, 2);
  assert.deepEqual(order, [0, 1, 2, 3, 4]);
  assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
});

test('buffer pool: buffers come back for the next photo; big ones and extras are let go', () => {
  const pool = createBufferPool({ maxBuffers: 1, maxPooledBytes: 8 * 1024 * 1024 });
  const first = pool.take(1_500_000);
  assert.equal(first.length, 1_500_000);
  pool.give(first);
  const second = pool.take(2_000_000);
  assert.equal(second.buffer, first.buffer, 'reused');
  assert.equal(second.length, 2_000_000);
  const other = pool.take(1000);
  assert.notEqual(other.buffer, first.buffer, 'taken buffers are never handed out twice');
  pool.give(second);
  pool.give(other);
  assert.equal(pool.take(10).buffer, first.buffer, 'at most maxBuffers are kept');
  const big = pool.take(9 * 1024 * 1024);
  pool.give(big);
  assert.notEqual(pool.take(9 * 1024 * 1024).buffer, big.buffer, 'above maxPooledBytes nothing is kept');
});
