// Ceilings: the least a claim+complete loop can do on better-sqlite3, with the same pragmas and
// the same worker interleaving as the queues. Claim is one `UPDATE … RETURNING` statement (atomic
// on its own, so no explicit transaction), complete one `UPDATE`; every statement prepared once.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/db/open-database';
import { insertPhotos } from './photos';
import { makeTempDir, PARAMS, payloadOf, photoIdOf, loopWorkers, runWorkers, sqliteDurability, WORKFLOW_ID, type QueueSubject } from './subject';

/** A minimal table: integer ids, one partial index. The "bare better-sqlite3 loop" of issue 3. */
export const bareSqliteSubject: QueueSubject = {
  id: 'bare_sqlite',
  label: 'bare better-sqlite3 loop',
  store: 'sqlite',
  open(jobs) {
    const dir = makeTempDir('bare');
    const db = new Database(join(dir.path, 'bare.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`
      CREATE TABLE jobs (id INTEGER PRIMARY KEY, state INTEGER NOT NULL, run_at_ms INTEGER NOT NULL, payload TEXT NOT NULL);
      CREATE INDEX jobs_queued ON jobs (run_at_ms, id) WHERE state = 0;
    `);
    const insert = db.prepare(`INSERT INTO jobs (state, run_at_ms, payload) VALUES (0, ?, ?)`);
    const claim = db.prepare(
      `UPDATE jobs SET state = 1
       WHERE id = (SELECT id FROM jobs WHERE state = 0 AND run_at_ms <= ? ORDER BY run_at_ms, id LIMIT 1)
       RETURNING id, payload`,
    );
    const complete = db.prepare(`UPDATE jobs SET state = 2 WHERE id = ? AND state = 1`);
    return Promise.resolve({
      durability: sqliteDurability((source, options) => db.pragma(source, options)),
      enqueueAll: async () => {
        const now = Date.now();
        db.transaction(() => {
          for (let i = 0; i < jobs; i++) insert.run(now, JSON.stringify(payloadOf(i)));
        }).immediate();
      },
      workers: (concurrency) =>
        loopWorkers(() =>
          runWorkers(
          concurrency,
          () => {
            const row = claim.get(Date.now()) as { id: number; payload: string } | undefined;
            return row && { id: row.id, payload: JSON.parse(row.payload) as unknown };
          },
          (job) => {
            if (complete.run(job.id).changes !== 1) throw new Error(`job ${job.id} was not running`);
          },
        )),
      countDone: async () => (db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state = 2`).get() as { n: number }).n,
      close: async () => {
        db.close();
        dir.remove();
      },
    });
  },
};

/**
 * The same bare loop on Heirloom's real schema and with Heirloom's semantics (fresh lease token,
 * attempt counted, lease expiry, fenced complete): the most Heirloom's queue code could reach
 * without changing the schema. The gap to `bare_sqlite` is the schema's cost (text ids, more
 * columns and indexes), the gap to `heirloom` the code's.
 */
export const bareHeirloomSchemaSubject: QueueSubject = {
  id: 'bare_heirloom_schema',
  label: 'bare loop, Heirloom schema',
  store: 'sqlite',
  open(jobs) {
    const dir = makeTempDir('bare-schema');
    const db = openDatabase(join(dir.path, 'heirloom.sqlite'), { now: Date.now });
    insertPhotos(db, jobs);
    const insert = db.prepare(
      `INSERT INTO jobs (id, photo_id, idempotency_key, workflow_id, params_json, state, priority, run_at_ms, attempts_max,
         created_at_ms, updated_at_ms)
       VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, 5, ?, ?)`,
    );
    const claim = db.prepare(
      `UPDATE jobs SET state = 'running', attempts_started = attempts_started + 1, lease_token = @token,
         lease_expires_at_ms = @expires, updated_at_ms = @now
       WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND run_at_ms <= @now
                   ORDER BY priority DESC, run_at_ms, created_at_ms LIMIT 1)
       RETURNING id, photo_id, params_json, attempts_started`,
    );
    const complete = db.prepare(
      `UPDATE jobs SET state = 'succeeded', lease_token = NULL, lease_expires_at_ms = NULL, progress = 1,
         finished_at_ms = @now, updated_at_ms = @now
       WHERE id = @id AND state = 'running' AND lease_token = @token`,
    );
    return Promise.resolve({
      durability: sqliteDurability((source, options) => db.pragma(source, options)),
      enqueueAll: async () => {
        const now = Date.now();
        const paramsJson = JSON.stringify(PARAMS);
        db.transaction(() => {
          for (let i = 0; i < jobs; i++) {
            const photoId = photoIdOf(i);
            insert.run(randomUUID(), photoId, `${photoId}:${WORKFLOW_ID}`, WORKFLOW_ID, paramsJson, now, now, now);
          }
        }).immediate();
      },
      workers: (concurrency) =>
        loopWorkers(() =>
          runWorkers(
          concurrency,
          () => {
            const token = randomUUID();
            const now = Date.now();
            const row = claim.get({ token, expires: now + 300_000, now }) as
              | { id: string; photo_id: string; params_json: string; attempts_started: number }
              | undefined;
            return row && { id: row.id, token, params: JSON.parse(row.params_json) as unknown };
          },
          (job) => {
            if (complete.run({ id: job.id, token: job.token, now: Date.now() }).changes !== 1) throw new Error(`lost the lease of job ${job.id}`);
          },
        )),
      countDone: async () => (db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state = 'succeeded'`).get() as { n: number }).n,
      close: async () => {
        db.close();
        dir.remove();
      },
    });
  },
};
