import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureWalSyncs, walSyncIntervals } from './power-cut';

test('a drop of the WAL frame count marks a checkpoint after the previous sample', () => {
  const samples = [
    { atMs: 1, jobsDone: 1, frames: 400 },
    { atMs: 2, jobsDone: 2, frames: 1002 },
    { atMs: 3, jobsDone: 3, frames: 5 },
    { atMs: 4, jobsDone: 4, frames: 600 },
    { atMs: 6, jobsDone: 5, frames: 1001 },
    { atMs: 7, jobsDone: 6, frames: 3 },
  ];
  assert.deepEqual(walSyncIntervals({ atMs: 0, jobsDone: 0 }, samples), {
    checkpoints: 2,
    jobsBetween: [2, 3],
    msBetween: [2, 4],
    framesAtCheckpoint: [1002, 1001],
  });
});

test('no drop, no checkpoint', () => {
  const samples = [
    { atMs: 1, jobsDone: 1, frames: 3 },
    { atMs: 2, jobsDone: 2, frames: 8 },
  ];
  assert.deepEqual(walSyncIntervals({ atMs: 0, jobsDone: 0 }, samples), { checkpoints: 0, jobsBetween: [], msBetween: [], framesAtCheckpoint: [] });
});

test('on a real drain, checkpoints come every wal_autocheckpoint pages of WAL', async () => {
  const run = await measureWalSyncs(1_000, 8);
  assert.equal(run.walAutocheckpointPages, 1000);
  assert.ok(run.framesPerJob > 1, `frames per job ${run.framesPerJob}`);
  const expected = Math.floor((run.framesPerJob * run.jobs) / run.walAutocheckpointPages);
  assert.ok(Math.abs(run.intervals.checkpoints - expected) <= 1, `${run.intervals.checkpoints} checkpoints, expected about ${expected}`);
  // Sampled after each complete; the commit that crossed 1000 frames may be the claim after it.
  for (const frames of run.intervals.framesAtCheckpoint) assert.ok(frames >= 990 && frames < 1010, `checkpoint at ${frames} frames`);
});
