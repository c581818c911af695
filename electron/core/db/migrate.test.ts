import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { createTestClock, tempDir } from '../testing/test-db';
import { DatabaseFromTheFutureError, migrate, schemaVersion } from './migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { openDatabase } from './open-database';

const dirs: Array<() => void> = [];
after(() => dirs.forEach((remove) => remove()));
const clock = createTestClock();

test('a new database gets the latest schema and the durability pragmas', () => {
  const dir = tempDir('migrate');
  dirs.push(dir.remove);
  const db = openDatabase(join(dir.path, 'h.sqlite'), { now: clock.now });
  assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(db.pragma('synchronous', { simple: true }), 1, 'NORMAL');
  assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
  db.close();
});

test('a database from a newer Heirloom is refused and left untouched', () => {
  const dir = tempDir('future');
  dirs.push(dir.remove);
  const path = join(dir.path, 'h.sqlite');
  const future = new Database(path);
  future.exec('CREATE TABLE mystery (x)');
  future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
  future.close();
  const before = readFileSync(path);
  assert.throws(() => openDatabase(path, { now: clock.now }), DatabaseFromTheFutureError);
  assert.deepEqual(readFileSync(path), before);
  assert.equal(existsSync(`${path}.v${LATEST_SCHEMA_VERSION + 1}.bak`), false);
});

test('a failing migration rolls back entirely; the old version stays', () => {
  const dir = tempDir('rollback');
  dirs.push(dir.remove);
  const path = join(dir.path, 'h.sqlite');
  const db = new Database(path);
  const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE ok_table (x); SELECT nonsense FROM nowhere;' }];
  migrate(db, { path, now: clock.now });
  assert.throws(() => migrate(db, { path, now: clock.now, migrations: broken }));
  assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
  assert.equal(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'ok_table'`).get(), undefined);
  assert.ok(existsSync(`${path}.v${LATEST_SCHEMA_VERSION}.bak`), 'backed up before migrating');
  db.close();
});

test('migration 1 creates the job table with its state CHECK', () => {
  const db = new Database(':memory:');
  migrate(db, { path: ':memory:', now: clock.now, migrations: MIGRATIONS.slice(0, 1) });
  db.prepare(`INSERT INTO photos (id, sha256, source_path, name, rel_path, width, height, format, size_bytes, imported_at_ms) VALUES ('p', 's', '/p', 'p', 'p', 1, 1, 'png', 1, 0)`).run();
  assert.throws(
    () =>
      db
        .prepare(`INSERT INTO jobs (id, photo_id, idempotency_key, workflow_id, params_json, state, run_at_ms, attempts_max, created_at_ms, updated_at_ms) VALUES ('j', 'p', 'k', 'w', '{}', 'exploded', 0, 3, 0, 0)`)
        .run(),
    /CHECK constraint failed/,
  );
  db.close();
});

test('migration 2 upgrades a version-1 database, keeping its photos and jobs', () => {
  const dir = tempDir('m2');
  dirs.push(dir.remove);
  const path = join(dir.path, 'h.sqlite');
  const v1 = new Database(path);
  migrate(v1, { path, now: clock.now, migrations: MIGRATIONS.slice(0, 1) });
  v1.prepare(`INSERT INTO photos (id, sha256, source_path, name, rel_path, width, height, format, size_bytes, imported_at_ms) VALUES ('p', 's', '/p', 'p', 'p', 1, 1, 'png', 1, 0)`).run();
  v1.prepare(`INSERT INTO jobs (id, photo_id, idempotency_key, workflow_id, params_json, state, run_at_ms, attempts_max, created_at_ms, updated_at_ms) VALUES ('j', 'p', 'k', 'w', '{}', 'queued', 0, 3, 0, 0)`).run();
  v1.close();

  const db = openDatabase(path, { now: clock.now });
  assert.equal(schemaVersion(db), 2);
  assert.equal((db.prepare(`SELECT state FROM jobs WHERE id = 'j'`).get() as { state: string }).state, 'queued');
  db.prepare(`INSERT INTO queue_controls (scope, paused, updated_at_ms) VALUES ('all', 1, 0)`).run();
  db.prepare(`INSERT INTO backends (id, name, url, created_at_ms, updated_at_ms) VALUES ('b', 'PC', 'http://x:8188', 0, 0)`).run();
  assert.ok(existsSync(`${path}.v1.bak`));
  db.close();
});
