import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { manualTimers } from '../comfy/testing/fake-comfy';
import { createTestClock, tempDir } from '../testing/test-db';
import { openDatabase } from './open-database';
import { startWalSync } from './wal-sync';

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

  sync.stop();
  assert.equal(timers.pending(), 0);
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
