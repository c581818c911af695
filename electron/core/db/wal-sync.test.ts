import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { manualTimers } from '../comfy/testing/fake-comfy';
import { createTestClock, tempDir } from '../testing/test-db';
import { openDatabase } from './open-database';
import { startSourceWorker } from '../colorize/testing/source-worker';
import { startWalSync, startWalSyncThread, type CheckpointResult } from './wal-sync';

const CHECKPOINT_WORKER = new URL('./checkpoint-worker.ts', import.meta.url);

const dirs: Array<() => void> = [];
after(() => dirs.forEach((remove) => remove()));

/** Rows of `notes` in the database file alone: what a power cut leaves when the WAL never reached the disk. */
function rowsWithoutTheWal(dir: string, path: string, label: string): number {
  const copy = join(dir, `${label}.sqlite`);
  copyFileSync(path, copy);
  const db = new Database(copy, { readonly: true });
  try {
    const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'notes'`).get();
    return table ? (db.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n : 0;
  } finally {
    db.close();
  }
}

test('every tick syncs the WAL into the database file: a power cut then keeps what was committed before it', () => {
  const dir = tempDir('wal-sync');
  dirs.push(dir.remove);
  const path = join(dir.path, 'h.sqlite');
  const db = openDatabase(path, { now: createTestClock().now });
  const timers = manualTimers();
  const sync = startWalSync(db, { timers });
  db.exec('CREATE TABLE notes (n INTEGER)');
  const insert = db.prepare('INSERT INTO notes (n) VALUES (?)');
  for (let i = 0; i < 100; i++) insert.run(i);
  assert.equal(rowsWithoutTheWal(dir.path, path, 'before'), 0, 'committed, but only in the WAL: not yet synced');

  timers.fire();
  assert.equal(rowsWithoutTheWal(dir.path, path, 'tick-1'), 100);
  assert.equal(timers.pending(), 1, 'the next tick is armed');

  for (let i = 0; i < 50; i++) insert.run(i);
  assert.equal(rowsWithoutTheWal(dir.path, path, 'between'), 100, 'later commits wait for the next tick');
  timers.fire();
  assert.equal(rowsWithoutTheWal(dir.path, path, 'tick-2'), 150);

  void sync.stop();
  assert.equal(timers.pending(), 0);
  db.close();
});

function openWithRows(label: string) {
  const dir = tempDir(label);
  dirs.push(dir.remove);
  const path = join(dir.path, 'h.sqlite');
  const db = openDatabase(path, { now: createTestClock().now });
  db.exec('CREATE TABLE notes (n INTEGER)');
  const insert = db.prepare('INSERT INTO notes (n) VALUES (?)');
  const add = (count: number) => {
    for (let i = 0; i < count; i++) insert.run(i);
  };
  return { dir: dir.path, path, db, add };
}

test('the checkpoint thread syncs the WAL from its own connection', async () => {
  const { dir, path, db, add } = openWithRows('wal-thread');
  const sync = startWalSyncThread({ startWorker: (workerData) => startSourceWorker(CHECKPOINT_WORKER, { workerData }), path });
  add(100);
  assert.equal(rowsWithoutTheWal(dir, path, 'before'), 0);
  const result = await sync.syncNow();
  assert.equal(result.checkpointed, result.log, 'every frame copied');
  assert.equal(rowsWithoutTheWal(dir, path, 'synced'), 100);
  await sync.stop();
  await assert.rejects(sync.syncNow(), /stopped/);
  db.close();
});

test('the checkpoint thread syncs on its own once commits stop coming', async () => {
  const { dir, path, db, add } = openWithRows('wal-thread-timed');
  const synced: CheckpointResult[] = [];
  let seen: () => void = () => {};
  const firstSync = new Promise<void>((resolve) => (seen = resolve));
  const sync = startWalSyncThread({
    startWorker: (workerData) => startSourceWorker(CHECKPOINT_WORKER, { workerData }),
    path,
    idleMs: 20,
    onSynced: (result) => {
      synced.push(result);
      if (result.log > 0 && result.checkpointed === result.log) seen();
    },
  });
  add(50);
  await firstSync;
  assert.ok((synced[0]?.checkpointed ?? 0) > 0);
  assert.equal(rowsWithoutTheWal(dir, path, 'timed'), 50);
  await sync.stop();
  db.close();
});

test('a checkpoint thread that dies hands the syncs to the fallback on this thread', async () => {
  const { path, db } = openWithRows('wal-thread-dies');
  const errors: string[] = [];
  let fellBack = 0;
  const timers = manualTimers();
  const sync = startWalSyncThread({
    // A thread that cannot open its database: the path is a directory.
    startWorker: (workerData) => startSourceWorker(CHECKPOINT_WORKER, { workerData: { ...workerData, path: join(path, '..') } }),
    path,
    onError: (message) => errors.push(message),
    fallback: () => {
      fellBack++;
      return startWalSync(db, { timers });
    },
  });
  await assert.rejects(sync.syncNow(), /stopped/);
  assert.equal(fellBack, 1);
  assert.ok(errors.length > 0, 'the failure was reported');
  assert.equal(timers.pending(), 1, 'the fallback timer runs');
  await sync.stop();
  assert.equal(timers.pending(), 0, 'stop() stops the fallback too');
  db.close();
});

test('a tick after the database was closed does nothing and arms no other', () => {
  const dir = tempDir('wal-sync-closed');
  dirs.push(dir.remove);
  const db = openDatabase(join(dir.path, 'h.sqlite'), { now: createTestClock().now });
  const timers = manualTimers();
  const errors: unknown[] = [];
  startWalSync(db, { timers, onError: (error) => errors.push(error) });
  db.close();
  timers.fire();
  assert.equal(timers.pending(), 0);
  assert.deepEqual(errors, []);
});
