import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { createTestClock, tempDir } from '../testing/test-db';
import { DatabaseFromTheFutureError, migrate, schemaVersion } from './migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { LibraryInUseError, openDatabase } from './open-database';

const dirs: Array<() => void> = [];
after(() => dirs.forEach((remove) => remove()));

/** A fresh temp folder, removed after the file's tests. */
function scratchDir(label: string): string {
  const dir = tempDir(label);
  dirs.push(dir.remove);
  return dir.path;
}

/** Where a test's database goes, in a fresh temp folder. */
const scratchDbPath = (label: string) => join(scratchDir(label), 'h.sqlite');
const clock = createTestClock();

test('a new database gets the latest schema and the durability pragmas', () => {
  const db = openDatabase(scratchDbPath('migrate'), { now: clock.now });
  assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(db.pragma('synchronous', { simple: true }), 1, 'NORMAL');
  assert.equal(db.pragma('busy_timeout', { simple: true }), 2000);
  assert.equal(db.pragma('locking_mode', { simple: true }), 'exclusive');
  db.close();
});

test('one connection owns a library: a second opener is refused with a clear error and nothing is touched', () => {
  const path = scratchDbPath('owned');
  const owner = openDatabase(path, { now: clock.now });
  owner.prepare(`INSERT INTO settings (key, value) VALUES ('k', '"v"')`).run();
  const before = readFileSync(path);
  assert.throws(() => openDatabase(path, { now: clock.now, waitForOwnerMs: 0 }), (error: unknown) => {
    assert.ok(error instanceof LibraryInUseError);
    assert.match(error.message, /open in another Heirloom/);
    return true;
  });
  assert.deepEqual(readFileSync(path), before, 'the database file is untouched');
  owner.prepare(`UPDATE settings SET value = '"w"' WHERE key = 'k'`).run(); // the owner goes on
  owner.close();
  const next = openDatabase(path, { now: clock.now, waitForOwnerMs: 0 });
  assert.equal((next.prepare(`SELECT value FROM settings WHERE key = 'k'`).get() as { value: string }).value, '"w"');
  next.close();
});

test('a library another process is still creating (not yet in WAL mode) is refused the same way', () => {
  const path = scratchDbPath('creating');
  const creator = new Database(path); // the other Heirloom, between its first read and its switch to WAL
  creator.exec('CREATE TABLE first (x)');
  creator.pragma('locking_mode = EXCLUSIVE');
  creator.prepare('SELECT COUNT(*) FROM first').get(); // holds its shared lock from now on
  assert.throws(() => openDatabase(path, { now: clock.now, waitForOwnerMs: 0 }), LibraryInUseError);
  creator.close();
});

test('a library an earlier Heirloom (shared WAL index) left mid-crash opens with every commit of its WAL', () => {
  const dir = scratchDir('crashed-shared');
  const live = join(dir, 'live.sqlite');
  const before = openDatabase(live, { now: clock.now });
  before.close();
  const shared = new Database(live); // as sessions 1–3 opened it: normal locking, a -shm file
  shared.pragma('wal_autocheckpoint = 0');
  shared.prepare(`INSERT INTO settings (key, value) VALUES ('k', '"in the WAL only"')`).run();
  // What a crash leaves: the database, its WAL and the -shm file, copied while still open.
  const crashed = join(dir, 'crashed.sqlite');
  for (const suffix of ['', '-wal', '-shm']) copyFileSync(`${live}${suffix}`, `${crashed}${suffix}`);
  shared.close();
  const db = openDatabase(crashed, { now: clock.now });
  assert.equal((db.prepare(`SELECT value FROM settings WHERE key = 'k'`).get() as { value: string }).value, '"in the WAL only"');
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  db.close();
});

test('a database from a newer Heirloom is refused and left untouched', () => {
  const path = scratchDbPath('future');
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
  const path = scratchDbPath('rollback');
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
  const path = scratchDbPath('m2');
  const v1 = new Database(path);
  migrate(v1, { path, now: clock.now, migrations: MIGRATIONS.slice(0, 1) });
  v1.prepare(`INSERT INTO photos (id, sha256, source_path, name, rel_path, width, height, format, size_bytes, imported_at_ms) VALUES ('p', 's', '/p', 'p', 'p', 1, 1, 'png', 1, 0)`).run();
  v1.prepare(`INSERT INTO jobs (id, photo_id, idempotency_key, workflow_id, params_json, state, run_at_ms, attempts_max, created_at_ms, updated_at_ms) VALUES ('j', 'p', 'k', 'w', '{}', 'queued', 0, 3, 0, 0)`).run();
  v1.close();

  const db = openDatabase(path, { now: clock.now });
  assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
  assert.equal((db.prepare(`SELECT state FROM jobs WHERE id = 'j'`).get() as { state: string }).state, 'queued');
  db.prepare(`INSERT INTO queue_controls (scope, paused, updated_at_ms) VALUES ('all', 1, 0)`).run();
  db.prepare(`INSERT INTO backends (id, name, url, created_at_ms, updated_at_ms) VALUES ('b', 'PC', 'http://x:8188', 0, 0)`).run();
  assert.ok(existsSync(`${path}.v1.bak`));
  db.close();
});

test('migration 3 moves the settings backend URL into the backends table (or seeds this PC)', () => {
  const seeded = (settingsValue: string | null) => {
    const db = new Database(':memory:');
    migrate(db, { path: ':memory:', now: clock.now, migrations: MIGRATIONS.slice(0, 2) });
    if (settingsValue !== null) db.prepare(`INSERT INTO settings (key, value) VALUES ('backendUrl', ?)`).run(settingsValue);
    db.prepare(`INSERT INTO settings (key, value) VALUES ('outputDir', '"/out"')`).run();
    migrate(db, { path: ':memory:', now: clock.now, migrations: MIGRATIONS.slice(0, 3) });
    const rows = db.prepare(`SELECT id, name, url, headers_json, enabled FROM backends`).all();
    const keys = (db.prepare(`SELECT key FROM settings ORDER BY key`).all() as { key: string }[]).map((r) => r.key);
    db.close();
    return { rows, keys };
  };
  assert.deepEqual(seeded(null), {
    rows: [{ id: 'local', name: '127.0.0.1:8188', url: 'http://127.0.0.1:8188', headers_json: '{}', enabled: 1 }],
    keys: ['outputDir'],
  });
  assert.deepEqual(seeded('"https://gpu.example.org:8443/comfy"').rows, [
    { id: 'local', name: 'gpu.example.org:8443', url: 'https://gpu.example.org:8443/comfy', headers_json: '{}', enabled: 1 },
  ]);
  assert.equal((seeded('42').rows[0] as { url: string }).url, 'http://127.0.0.1:8188', 'a malformed value falls back to the default');

  const kept = new Database(':memory:');
  migrate(kept, { path: ':memory:', now: clock.now, migrations: MIGRATIONS.slice(0, 2) });
  kept.prepare(`INSERT INTO backends (id, name, url, created_at_ms, updated_at_ms) VALUES ('b', 'PC', 'http://x:8188', 0, 0)`).run();
  migrate(kept, { path: ':memory:', now: clock.now, migrations: MIGRATIONS.slice(0, 3) });
  assert.deepEqual(kept.prepare(`SELECT id FROM backends`).all(), [{ id: 'b' }], 'a library that has backends keeps exactly those');
  kept.close();
});

test('migration 4 upgrades a version-3 database: jobs kept, an empty outbox with its checks', () => {
  const path = scratchDbPath('m4');
  const v3 = new Database(path);
  migrate(v3, { path, now: clock.now, migrations: MIGRATIONS.slice(0, 3) });
  v3.prepare(`INSERT INTO photos (id, sha256, source_path, name, rel_path, width, height, format, size_bytes, imported_at_ms) VALUES ('p', 's', '/p', 'p', 'p', 1, 1, 'png', 1, 0)`).run();
  v3.prepare(`INSERT INTO jobs (id, photo_id, idempotency_key, workflow_id, params_json, state, run_at_ms, attempts_max, created_at_ms, updated_at_ms) VALUES ('j', 'p', 'k', 'w', '{}', 'queued', 0, 3, 0, 0)`).run();
  v3.close();

  const db = new Database(path);
  migrate(db, { path, now: clock.now, migrations: MIGRATIONS.slice(0, 4) });
  assert.equal(schemaVersion(db), 4);
  assert.ok(existsSync(`${path}.v3.bak`));
  assert.equal((db.prepare(`SELECT state FROM jobs WHERE id = 'j'`).get() as { state: string }).state, 'queued');
  assert.equal((db.prepare(`SELECT COUNT(*) AS n FROM outbox`).get() as { n: number }).n, 0);
  const insert = db.prepare(`INSERT INTO outbox (message_id, job_id, routing_key, header_json, body_path, body_sha256, state, created_at_ms) VALUES (?, 'j', 'portrait', '{}', ?, ?, ?, 0)`);
  insert.run('m1', '/p', 'abc', 'pending');
  assert.equal((db.prepare(`SELECT state, publish_attempts FROM outbox WHERE message_id = 'm1'`).get() as { state: string }).state, 'pending');
  assert.throws(() => insert.run('m1', '/p', 'abc', 'pending'), /UNIQUE/, 'one row per message id');
  assert.throws(() => insert.run('m2', '/p', 'abc', 'lost'), /CHECK constraint failed/);
  assert.throws(() => insert.run('m3', '/p', null, 'pending'), /CHECK constraint failed/, 'a body path needs its checksum');
  assert.throws(() => db.prepare(`INSERT INTO outbox (message_id, job_id, routing_key, header_json, created_at_ms) VALUES ('m4', 'nope', 'portrait', '{}', 0)`).run(), /FOREIGN KEY/);
  db.close();
});

test('migration 5 upgrades a version-4 database: photos keep their rows with neutral metadata, album files start empty', () => {
  const path = scratchDbPath('m5');
  const v4 = new Database(path);
  migrate(v4, { path, now: clock.now, migrations: MIGRATIONS.slice(0, 4) });
  v4.prepare(`INSERT INTO albums (id, root_path, name, created_at_ms) VALUES ('a', '/album', 'album', 0)`).run();
  v4.prepare(`INSERT INTO photos (id, sha256, album_id, source_path, name, rel_path, width, height, format, size_bytes, imported_at_ms) VALUES ('p', 's', 'a', '/album/p.jpg', 'p.jpg', 'p.jpg', 1, 1, 'jpeg', 1, 0)`).run();
  v4.close();

  const db = openDatabase(path, { now: clock.now });
  assert.ok(schemaVersion(db) >= 5);
  assert.deepEqual(db.prepare(`SELECT is_color, taken_at, gps_lat, orientation, bit_depth FROM photos WHERE id = 'p'`).get(), {
    is_color: 0,
    taken_at: null,
    gps_lat: null,
    orientation: 1,
    bit_depth: 8,
  });
  assert.equal((db.prepare(`SELECT recursive FROM albums WHERE id = 'a'`).get() as { recursive: number }).recursive, 1);
  db.prepare(`INSERT INTO album_files (album_id, rel_path, size_bytes, mtime_ms, sha256) VALUES ('a', 'p.jpg', 1, 0, 's')`).run();
  assert.throws(() => db.prepare(`INSERT INTO album_files (album_id, rel_path, size_bytes, mtime_ms, sha256) VALUES ('a', 'p.jpg', 2, 0, 't')`).run(), /UNIQUE|PRIMARY/);
  assert.throws(() => db.prepare(`UPDATE photos SET orientation = 9`).run(), /CHECK constraint failed/);
  assert.ok(existsSync(`${path}.v4.bak`));
  db.close();
});

test('migration 6 upgrades a version-5 database: results start unreviewed, verdicts and favourites are checked', () => {
  const path = scratchDbPath('m6');
  const v5 = new Database(path);
  migrate(v5, { path, now: clock.now, migrations: MIGRATIONS.slice(0, 5) });
  v5.prepare(`INSERT INTO photos (id, sha256, source_path, name, rel_path, width, height, format, size_bytes, imported_at_ms) VALUES ('p', 's', '/p.jpg', 'p.jpg', 'p.jpg', 1, 1, 'jpeg', 1, 0)`).run();
  v5.prepare(
    `INSERT INTO jobs (id, photo_id, idempotency_key, workflow_id, params_json, state, run_at_ms, attempts_max, output_path, created_at_ms, updated_at_ms) VALUES ('j', 'p', 'k', 'w', '{}', 'succeeded', 0, 3, '/out/p.png', 0, 0)`,
  ).run();
  v5.close();

  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  migrate(db, { path, now: clock.now, migrations: MIGRATIONS.slice(0, 6) });
  assert.equal(schemaVersion(db), 6);
  assert.ok(existsSync(`${path}.v5.bak`));
  assert.deepEqual(db.prepare(`SELECT state, output_path, review, reviewed_at_ms FROM jobs WHERE id = 'j'`).get(), {
    state: 'succeeded',
    output_path: '/out/p.png',
    review: null,
    reviewed_at_ms: null,
  });
  assert.deepEqual(db.prepare(`SELECT favorite_job_id FROM photos WHERE id = 'p'`).get(), { favorite_job_id: null });
  db.prepare(`UPDATE jobs SET review = 'accepted', reviewed_at_ms = 5 WHERE id = 'j'`).run();
  db.prepare(`UPDATE photos SET favorite_job_id = 'j' WHERE id = 'p'`).run();
  assert.throws(() => db.prepare(`UPDATE jobs SET review = 'loved' WHERE id = 'j'`).run(), /CHECK constraint failed/);
  assert.throws(() => db.prepare(`UPDATE photos SET favorite_job_id = 'nope' WHERE id = 'p'`).run(), /FOREIGN KEY/);
  assert.ok(db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'photos_by_import'`).get(), 'the paging index');
  db.close();
});

test('migration 7 upgrades a version-6 database: one index over the queued and running jobs, which the claim and the lease check use', () => {
  const path = scratchDbPath('m7');
  const v6 = new Database(path);
  migrate(v6, { path, now: clock.now, migrations: MIGRATIONS.slice(0, 6) });
  v6.prepare(`INSERT INTO photos (id, sha256, source_path, name, rel_path, width, height, format, size_bytes, imported_at_ms) VALUES ('p', 's', '/p.jpg', 'p.jpg', 'p.jpg', 1, 1, 'jpeg', 1, 0)`).run();
  const job = v6.prepare(
    `INSERT INTO jobs (id, photo_id, idempotency_key, workflow_id, params_json, state, run_at_ms, attempts_max, lease_token, lease_expires_at_ms, created_at_ms, updated_at_ms) VALUES (?, 'p', ?, 'w', '{}', ?, 0, 3, ?, ?, 0, 0)`,
  );
  job.run('queued', 'k1', 'queued', null, null);
  job.run('running', 'k2', 'running', 'token', 10);
  job.run('done', 'k3', 'succeeded', null, null);
  v6.close();

  const db = new Database(path);
  migrate(db, { path, now: clock.now, migrations: MIGRATIONS.slice(0, 7) });
  assert.equal(schemaVersion(db), 7);
  assert.ok(existsSync(`${path}.v6.bak`));
  const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs' AND sql IS NOT NULL ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
  assert.deepEqual(indexes, ['jobs_active', 'jobs_by_photo', 'jobs_output_path']);
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
  assert.match(plan(`SELECT id FROM jobs WHERE state = 'queued' ORDER BY priority DESC, run_at_ms, created_at_ms LIMIT 1`), /jobs_active \(state=\?\)$/);
  assert.match(plan(`SELECT id FROM jobs WHERE state = 'running' AND lease_expires_at_ms < 100`), /jobs_active \(state=\?\)/);
  assert.deepEqual(db.prepare(`SELECT id FROM jobs INDEXED BY jobs_active WHERE state = 'queued' OR state = 'running' ORDER BY id`).all(), [{ id: 'queued' }, { id: 'running' }], 'both states are in it, nothing else');
  assert.deepEqual(db.prepare(`SELECT id, state FROM jobs ORDER BY id`).all(), [
    { id: 'done', state: 'succeeded' },
    { id: 'queued', state: 'queued' },
    { id: 'running', state: 'running' },
  ]);
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  db.close();
});
