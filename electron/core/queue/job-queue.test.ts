import assert from 'node:assert/strict';
import { after, beforeEach, test } from 'node:test';
import type { Db } from '../db/open-database';
import { createCountingIds, createTestClock, openTestDb, tempDir } from '../testing/test-db';
import { createJobQueue, type JobQueue } from './job-queue';

let dir: ReturnType<typeof tempDir>;
let db: Db;
let clock: ReturnType<typeof createTestClock>;
let queue: JobQueue;
let changes: string[];
const dirs: Array<() => void> = [];
after(() => dirs.forEach((remove) => remove()));

function addPhoto(id: string) {
  db.prepare(
    `INSERT INTO photos (id, sha256, source_path, name, rel_path, width, height, format, size_bytes, imported_at_ms)
     VALUES (?, ?, ?, ?, ?, 10, 10, 'png', 1, ?)`,
  ).run(id, `sha-${id}`, `/photos/${id}.png`, `${id}.png`, `${id}.png`, clock.now());
}
function enqueue(photoId: string, priority = 0) {
  addPhoto(photoId);
  return queue.enqueue({ photoId, idempotencyKey: `key-${photoId}`, workflowId: 'wf', params: { size: 512 }, priority });
}
const stateOf = (jobId: string) => (db.prepare(`SELECT state FROM jobs WHERE id = ?`).get(jobId) as { state: string }).state;
const rowOf = (jobId: string) => db.prepare(`SELECT * FROM jobs WHERE id = ?`).get(jobId) as Record<string, unknown>;

beforeEach(() => {
  dir = tempDir('queue');
  dirs.push(dir.remove);
  clock = createTestClock();
  db = openTestDb(dir.path, clock.now);
  changes = [];
  queue = createJobQueue({ db, now: clock.now, randomId: createCountingIds('q'), random: () => 1, attemptsMax: 3, leaseMs: 60_000, backoff: { baseMs: 1_000, capMs: 10_000 }, onChange: (id) => changes.push(id) });
});

test('enqueue is idempotent on the key', () => {
  const first = enqueue('p1');
  const again = queue.enqueue({ photoId: 'p1', idempotencyKey: 'key-p1', workflowId: 'wf', params: { size: 512 } });
  assert.equal(first.created, true);
  assert.equal(again.created, false);
  assert.equal(again.jobId, first.jobId);
  assert.equal((db.prepare(`SELECT COUNT(*) AS n FROM jobs`).get() as { n: number }).n, 1);
});

test('claim: running, attempt counted, fresh lease; nothing left to claim', () => {
  const { jobId } = enqueue('p1');
  const claimed = queue.claim('http://b');
  assert.ok(claimed);
  assert.equal(claimed.lease.jobId, jobId);
  assert.equal(claimed.attempt, 1);
  assert.deepEqual(claimed.params, { size: 512 });
  assert.equal(stateOf(jobId), 'running');
  assert.equal(rowOf(jobId).attempts_started, 1);
  assert.equal(rowOf(jobId).lease_expires_at_ms, clock.now() + 60_000);
  assert.equal(queue.claim('http://b'), undefined);
});

test('claims follow priority, then age', () => {
  enqueue('low');
  clock.advance(1);
  const high = enqueue('high', 5);
  clock.advance(1);
  enqueue('later');
  assert.equal(queue.claim(null)?.lease.jobId, high.jobId);
  assert.equal(queue.claim(null)?.photoId, 'low');
  assert.equal(queue.claim(null)?.photoId, 'later');
});

test('fencing: a stale lease cannot complete, fail or report', () => {
  const { jobId } = enqueue('p1');
  const first = queue.claim(null);
  assert.ok(first);
  assert.equal(queue.requeue(first.lease, { code: 'x', message: 'x' }), true);
  const second = queue.claim(null);
  assert.ok(second);
  assert.notEqual(second.lease.token, first.lease.token);
  assert.equal(queue.succeed(first.lease), false);
  assert.equal(queue.fail(first.lease, { code: 'late', message: 'late' }), false);
  assert.equal(queue.report(first.lease, 'colorizing', 0.5), false);
  assert.equal(stateOf(jobId), 'running');
  assert.equal(queue.succeed(second.lease), true);
  assert.equal(stateOf(jobId), 'succeeded');
  assert.equal(queue.succeed(second.lease), false, 'a second complete is a no-op');
});

test('report extends the lease (heartbeat) and keeps stage + progress', () => {
  const { jobId } = enqueue('p1');
  const job = queue.claim(null);
  assert.ok(job);
  clock.advance(50_000);
  assert.equal(queue.report(job.lease, 'colorizing', 0.4), true);
  assert.equal(rowOf(jobId).lease_expires_at_ms, clock.now() + 60_000);
  assert.equal(rowOf(jobId).stage, 'colorizing');
  assert.equal(rowOf(jobId).progress, 0.4);
});

test('expired leases are reclaimed and the attempt still counts', () => {
  const { jobId } = enqueue('p1');
  const job = queue.claim(null);
  assert.ok(job);
  clock.advance(60_001);
  assert.equal(queue.reclaimExpired(), 1);
  assert.equal(stateOf(jobId), 'queued');
  assert.equal(rowOf(jobId).attempts_started, 1);
  assert.equal(queue.succeed(job.lease), false);
});

test('release (backend busy or gone) gives the attempt back', () => {
  const { jobId } = enqueue('p1');
  const job = queue.claim(null);
  assert.ok(job);
  assert.equal(queue.release(job.lease, { code: 'comfy-unreachable', message: 'down' }), true);
  assert.equal(stateOf(jobId), 'queued');
  assert.equal(rowOf(jobId).attempts_started, 0);
  assert.equal(rowOf(jobId).last_error_code, 'comfy-unreachable');
  assert.equal(queue.claim(null)?.attempt, 1);
});

test('retryLater waits the backoff, keeps the error, then fails once attempts are used up', () => {
  const { jobId } = enqueue('p1');
  for (const [attempt, delay] of [[1, 1_000], [2, 2_000]] as const) {
    const job = queue.claim(null);
    assert.ok(job);
    assert.equal(job.attempt, attempt);
    assert.equal(queue.retryLater(job.lease, { code: 'comfy-http', message: '500' }), true);
    assert.equal(stateOf(jobId), 'queued');
    assert.equal(queue.claim(null), undefined, 'not before the backoff');
    clock.advance(delay);
  }
  const last = queue.claim(null);
  assert.ok(last);
  assert.equal(queue.retryLater(last.lease, { code: 'comfy-http', message: '500' }), true);
  assert.equal(stateOf(jobId), 'failed');
  assert.match(String(rowOf(jobId).last_error_message), /gave up after 3 attempts/);
});

test('a photo that crashes the app on every claim ends failed (claims count)', () => {
  const { jobId } = enqueue('p1');
  for (let i = 0; i < 3; i++) {
    const job = queue.claim(null);
    assert.ok(job);
    assert.equal(queue.requeue(job.lease, { code: 'recovered', message: 'crash' }), true);
  }
  assert.equal(queue.claim(null), undefined);
  assert.equal(stateOf(jobId), 'failed');
  assert.equal(rowOf(jobId).last_error_code, 'too-many-attempts');
});

test('retryPhotos requeues failed jobs with fresh attempts', () => {
  const { jobId } = enqueue('p1');
  const job = queue.claim(null);
  assert.ok(job);
  queue.fail(job.lease, { code: 'node-missing', message: 'node DDColor_Colorize is not installed' });
  assert.equal(queue.retryPhotos(['p1']), 1);
  assert.equal(stateOf(jobId), 'queued');
  assert.equal(rowOf(jobId).attempts_started, 0);
  assert.equal(queue.retryPhotos(['p1']), 0, 'a queued job is not retried again');
});

test('output paths are unique across jobs', () => {
  enqueue('p1');
  enqueue('p2');
  const a = queue.claim(null);
  const b = queue.claim(null);
  assert.ok(a && b);
  assert.equal(queue.planOutput(a.lease, '/out/x.png'), true);
  assert.equal(queue.planOutput(b.lease, '/out/x.png'), false);
  assert.equal(queue.planOutput(b.lease, '/out/x (2).png'), true);
});

test('the claim query uses its partial index', () => {
  const plan = db
    .prepare(`EXPLAIN QUERY PLAN SELECT * FROM jobs WHERE state = 'queued' AND run_at_ms <= ? ORDER BY priority DESC, run_at_ms, created_at_ms LIMIT 1`)
    .all(0) as Array<{ detail: string }>;
  assert.ok(plan.some((row) => row.detail.includes('jobs_active')), JSON.stringify(plan));
  assert.ok(!plan.some((row) => row.detail.includes('TEMP B-TREE')), 'no sort outside the index');
});

test('onChange reports each changed job', () => {
  const { jobId } = enqueue('p1');
  const job = queue.claim(null);
  assert.ok(job);
  queue.succeed(job.lease);
  assert.deepEqual(changes, [jobId, jobId, jobId]);
});

test('pause and resume: everything or one album, persisted; new imports into a paused scope start paused', () => {
  db.prepare(`INSERT INTO albums (id, root_path, name, created_at_ms) VALUES ('a1', '/a1', 'a1', 0), ('a2', '/a2', 'a2', 0)`).run();
  const inAlbum = (photoId: string, albumId: string) => {
    addPhoto(photoId);
    db.prepare(`UPDATE photos SET album_id = ? WHERE id = ?`).run(albumId, photoId);
    return queue.enqueue({ photoId, idempotencyKey: `key-${photoId}`, workflowId: 'wf', params: {} });
  };
  const a = inAlbum('pa', 'a1');
  const b = inAlbum('pb', 'a2');
  assert.equal(queue.pause('a1'), 1);
  assert.equal(stateOf(a.jobId), 'paused');
  assert.equal(stateOf(b.jobId), 'queued');
  assert.equal(inAlbum('pc', 'a1').state, 'paused', 'a new photo in a paused album waits');
  assert.equal(queue.claim(null)?.lease.jobId, b.jobId);

  // Survives a restart: a new queue over the same database file.
  const reopened = createJobQueue({ db, now: clock.now, randomId: createCountingIds('r'), random: () => 1 });
  assert.deepEqual(reopened.pausedScopes(), { all: false, albums: ['a1'] });
  assert.equal(reopened.pause(), 0);
  assert.equal(reopened.resume('a1'), 0, 'still paused by "all"');
  assert.equal(reopened.resume(), 2);
  assert.equal(stateOf(a.jobId), 'queued');
  assert.deepEqual(reopened.pausedScopes(), { all: false, albums: [] });
});

test('cancel: queued ends at once; a running one ends, its worker is fenced out and it is reported', () => {
  const queued = enqueue('p1');
  const running = enqueue('p2');
  db.prepare(`UPDATE jobs SET priority = 9 WHERE id = ?`).run(running.jobId);
  const job = queue.claim('http://b');
  assert.ok(job);
  queue.recordPrompt(job.lease, '0d6f7a2e-1111-4222-8333-444455556666', 'http://b');
  const result = queue.cancelPhotos(['p1', 'p2']);
  assert.equal(result.canceled, 2);
  assert.deepEqual(result.running.map((r) => [r.photoId, r.remotePromptId]), [['p2', '0d6f7a2e-1111-4222-8333-444455556666']]);
  assert.equal(stateOf(queued.jobId), 'canceled');
  assert.equal(stateOf(running.jobId), 'canceled');
  assert.equal(queue.succeed(job.lease), false, 'the worker cannot complete a canceled job');
  assert.equal(queue.retryPhotos(['p1']), 1);
});

test('priority changes the claim order of waiting jobs', () => {
  enqueue('first');
  clock.advance(1);
  enqueue('second');
  assert.equal(queue.setPriority(['second'], 3), 1);
  assert.equal(queue.claim(null)?.photoId, 'second');
});

test('retry without photo ids retries every failed job', () => {
  enqueue('p1');
  enqueue('p2');
  for (const job of [queue.claim(null), queue.claim(null)]) {
    assert.ok(job);
    queue.fail(job.lease, { code: 'x', message: 'x' });
  }
  assert.equal(queue.retryPhotos(), 2);
});

test('a filtered claim takes the first job the filter accepts, in priority order, and fails exhausted ones', () => {
  const low = enqueue('low');
  const skipped = enqueue('skipped', 9);
  const high = enqueue('high', 5);
  const seen: string[] = [];
  const claimed = queue.claim('http://b', {
    accept: (job) => {
      seen.push(job.jobId);
      assert.deepEqual(job.params, { size: 512 });
      return job.jobId !== skipped.jobId;
    },
  });
  assert.equal(claimed?.lease.jobId, high.jobId);
  assert.deepEqual(seen, [skipped.jobId, high.jobId]);
  assert.equal(rowOf(high.jobId).backend_url, 'http://b');
  assert.equal(stateOf(skipped.jobId), 'queued', 'a job the filter refused is left as it was');
  assert.equal(queue.claim('http://b', { accept: (job) => job.jobId === 'nobody' }), undefined);
  assert.equal(queue.claim('http://b', { accept: () => true, scanLimit: 1 })?.lease.jobId, skipped.jobId);

  db.prepare(`UPDATE jobs SET attempts_started = attempts_max WHERE id = ?`).run(low.jobId);
  assert.equal(queue.claim('http://b', { accept: () => true }), undefined);
  assert.equal(stateOf(low.jobId), 'failed', 'out of attempts');
});

test('a filtered claim counts the attempt and sets the lease like any claim', () => {
  const { jobId } = enqueue('p1');
  const claimed = queue.claim('http://b', { accept: () => true });
  assert.equal(claimed?.lease.jobId, jobId);
  assert.equal(claimed.attempt, 1);
  assert.deepEqual(claimed.params, { size: 512 });
  assert.equal(rowOf(jobId).attempts_started, 1);
  assert.equal(rowOf(jobId).lease_token, claimed.lease.token);
  assert.equal(rowOf(jobId).lease_expires_at_ms, clock.now() + 60_000);
  assert.equal(queue.claim('http://b', { accept: () => true }), undefined);
});

test('a filtered claim never takes a job claimed while its filter ran', () => {
  const first = enqueue('first', 9);
  const second = enqueue('second', 5);
  // The filter is the one thing that runs between this claim's read and write: here it claims the
  // same job through another queue on the library (another backend's dispatcher, say). A second
  // process cannot open the library (db/open-database.ts).
  const otherQueue = createJobQueue({ db, now: clock.now, randomId: createCountingIds('other'), random: () => 1, leaseMs: 60_000 });
  const seen: string[] = [];
  let stolen: ReturnType<JobQueue['claim']>;
  const claimed = queue.claim('http://b', {
    accept: (job) => {
      seen.push(job.jobId);
      if (seen.length === 1) stolen = otherQueue.claim('http://other');
      return true;
    },
  });
  assert.equal(stolen?.lease.jobId, first.jobId);
  assert.equal(claimed?.lease.jobId, second.jobId, 'the next job, not the one taken meanwhile');
  assert.deepEqual(seen, [first.jobId, second.jobId]);
  assert.equal(rowOf(first.jobId).lease_token, stolen.lease.token, "the other claim's lease is intact");
  assert.equal(rowOf(first.jobId).attempts_started, 1, 'counted once');
  assert.equal(rowOf(first.jobId).backend_url, 'http://other');
});
