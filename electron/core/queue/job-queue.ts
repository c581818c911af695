import type { ErrorInfo, JobStage, JobState } from '../../shared/contract';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open-database';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { assertTransition, statesLeadingTo } from './state-machine';

/** Proof of a claim: every write after the claim names it and is a no-op once it is stale. */
export interface Lease {
  readonly jobId: string;
  readonly token: string;
}

export interface ClaimedJob {
  readonly lease: Lease;
  readonly photoId: string;
  readonly workflowId: string;
  readonly params: Record<string, unknown>;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Where an earlier attempt reserved (and maybe wrote) the result: reused, so no second file appears. */
  readonly outputPath: string | null;
}

export interface RunningJob {
  readonly lease: Lease;
  readonly photoId: string;
  readonly workflowId: string;
  readonly params: Record<string, unknown>;
  readonly backendUrl: string | null;
  readonly remotePromptId: string | null;
  readonly outputPath: string | null;
}

/** Which queued jobs a claim may take (e.g. only those a backend has the nodes and models for). */
export type ClaimFilter = (job: { jobId: string; workflowId: string; params: Record<string, unknown> }) => boolean;

export interface JobQueueOptions {
  db: Db;
  now: () => number;
  randomId: () => string;
  random: () => number;
  /** A claim not heard from for this long is abandoned and reclaimed. */
  leaseMs?: number;
  attemptsMax?: number;
  backoff?: BackoffPolicy;
  /** Called after every committed change of a job (for UI events). */
  onChange?: (jobId: string) => void;
}

interface JobRow {
  id: string;
  photo_id: string;
  workflow_id: string;
  params_json: string;
  state: JobState;
  attempts_started: number;
  attempts_max: number;
  lease_token: string | null;
  backend_url: string | null;
  remote_prompt_id: string | null;
  output_path: string | null;
}

/** What a claim hands out of the claimed row. */
type ClaimRow = Pick<JobRow, 'id' | 'photo_id' | 'workflow_id' | 'params_json' | 'attempts_started' | 'output_path'>;

export type JobQueue = ReturnType<typeof createJobQueue>;

const inList = (states: readonly JobState[]) => states.map((s) => `'${s}'`).join(', ');

export function createJobQueue(options: JobQueueOptions) {
  const { db, now, randomId, random } = options;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const attemptsMax = options.attemptsMax ?? 5;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const changed = (jobId: string) => options.onChange?.(jobId);

  const statements = {
    insert: db.prepare(
      `INSERT INTO jobs (id, photo_id, idempotency_key, workflow_id, params_json, state, priority, run_at_ms,
         attempts_max, created_at_ms, updated_at_ms)
       VALUES (@id, @photoId, @key, @workflowId, @paramsJson,
         CASE WHEN EXISTS (SELECT 1 FROM queue_controls c WHERE c.paused = 1 AND (c.scope = 'all' OR c.scope =
           (SELECT 'album:' || album_id FROM photos WHERE id = @photoId))) THEN 'paused' ELSE 'queued' END,
         @priority, @now, @attemptsMax, @now, @now)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, state`,
    ),
    byKey: db.prepare(`SELECT id, state FROM jobs WHERE idempotency_key = ?`),
    // Uses the partial index jobs_active (asserted in a test with EXPLAIN QUERY PLAN).
    nextClaimable: db.prepare(
      `SELECT * FROM jobs WHERE state = 'queued' AND run_at_ms <= ?
       ORDER BY priority DESC, run_at_ms, created_at_ms LIMIT 1`,
    ),
    nextRunAt: db.prepare(`SELECT MIN(run_at_ms) AS at FROM jobs WHERE state = 'queued'`),
    // Claimable jobs in claim order, for a claim that only some jobs qualify for (jobs_active).
    claimCandidates: db.prepare(
      `SELECT * FROM jobs WHERE state = 'queued' AND run_at_ms <= ?
       ORDER BY priority DESC, run_at_ms, created_at_ms LIMIT ?`,
    ),
    // The claim's fast path, one statement and atomic on its own: a write statement takes SQLite's
    // write lock before it reads, so this is as safe as the BEGIN IMMEDIATE path (claimInTransaction)
    // and saves its BEGIN, SELECT * and COMMIT. It claims only a job with attempts left; when the
    // head of the queue has none, or nothing is claimable, it changes nothing and the transaction
    // decides. The subquery walks jobs_active and yields the rowid, so no PK lookup is needed.
    claimHead: db.prepare(
      `UPDATE jobs SET state = 'running', attempts_started = attempts_started + 1, lease_token = @token,
         lease_expires_at_ms = @expires, backend_url = @backendUrl, remote_prompt_id = NULL, stage = NULL,
         progress = 0, updated_at_ms = @now
       WHERE rowid = (SELECT rowid FROM jobs WHERE state = 'queued' AND run_at_ms <= @now
                      ORDER BY priority DESC, run_at_ms, created_at_ms LIMIT 1)
         AND attempts_started < attempts_max
       RETURNING id, photo_id, workflow_id, params_json, attempts_started, output_path`,
    ),
    // The filtered claim's fast path, read then claim: the head of the queue (no transaction), then,
    // if the filter takes it, claimHeadRead. Columns are those a filter and a claim need.
    headCandidate: db.prepare(
      `SELECT rowid AS row_id, id, photo_id, workflow_id, params_json, attempts_started, attempts_max, output_path
       FROM jobs WHERE state = 'queued' AND run_at_ms <= ?
       ORDER BY priority DESC, run_at_ms, created_at_ms LIMIT 1`,
    ),
    // Claims the row headCandidate read only if it is still the queued job it was then: only the
    // filter runs between the two synchronous calls (no other process can open the library), and
    // a claim, cancel or retry it made meanwhile changes state or attempts_started, so this then
    // changes nothing.
    claimHeadRead: db.prepare(
      `UPDATE jobs SET state = 'running', attempts_started = attempts_started + 1, lease_token = @token,
         lease_expires_at_ms = @expires, backend_url = @backendUrl, remote_prompt_id = NULL, stage = NULL,
         progress = 0, updated_at_ms = @now
       WHERE rowid = @rowId AND id = @id AND state = 'queued' AND attempts_started = @attempts`,
    ),
    claim: db.prepare(
      `UPDATE jobs SET state = 'running', attempts_started = attempts_started + 1, lease_token = @token,
         lease_expires_at_ms = @expires, backend_url = @backendUrl, remote_prompt_id = NULL, stage = NULL,
         progress = 0, updated_at_ms = @now
       WHERE id = @id AND state = 'queued'`,
    ),
    exhaust: db.prepare(
      `UPDATE jobs SET state = 'failed', last_error_code = 'too-many-attempts', last_error_message = @message,
         finished_at_ms = @now, updated_at_ms = @now
       WHERE id = @id AND state = 'queued'`,
    ),
    running: db.prepare(`SELECT * FROM jobs WHERE state = 'running' ORDER BY created_at_ms`),
    // Not jobs at a remote worker (backend_url 'broker:<kind>', broker/send-to-broker.ts): they
    // may wait hours for one; a result, a dead letter, a cancel or switching the broker off ends them.
    expired: db.prepare(`SELECT id, lease_token FROM jobs WHERE state = 'running' AND lease_expires_at_ms < ? AND (backend_url IS NULL OR backend_url NOT LIKE 'broker:%')`),
    attempts: db.prepare(`SELECT attempts_started, attempts_max FROM jobs WHERE id = ?`),
  };

  // Fenced writes differ only in their SET clause, which is built from literals in this file, so
  // this holds one statement per kind of write (under ten). Preparing on every call cost ~10% of a
  // claim+complete cycle (bench/queue, CPU profile).
  const fencedStatements = new Map<string, Statement>();
  function fencedStatement(set: string): Statement {
    let statement = fencedStatements.get(set);
    if (!statement) {
      statement = db.prepare(`UPDATE jobs SET ${set}, updated_at_ms = @now WHERE id = @jobId AND state = 'running' AND lease_token = @token`);
      fencedStatements.set(set, statement);
    }
    return statement;
  }

  /** A write fenced by the lease: applies only while this claim is current; true when it did. */
  function fenced(lease: Lease, set: string, params: Record<string, unknown>): boolean {
    const result = fencedStatement(set).run({ ...params, now: now(), jobId: lease.jobId, token: lease.token });
    if (result.changes !== 1) return false;
    changed(lease.jobId);
    return true;
  }

  function leaveRunning(lease: Lease, to: JobState, set: string, params: Record<string, unknown>): boolean {
    assertTransition('running', to);
    return fenced(lease, `state = '${to}', lease_token = NULL, lease_expires_at_ms = NULL, ${set}`, params);
  }

  /** One state change for the jobs of some photos (or every job when photoIds is undefined), in one transaction. */
  function updateJobsOf(photoIds: readonly string[] | undefined, from: readonly JobState[], set: string, extraWhere?: string): string[] {
    const ids: string[] = [];
    db.transaction(() => {
      const where = `state IN (${inList(from)})${extraWhere ? ` AND ${extraWhere}` : ''}`;
      const select = photoIds
        ? db.prepare(`SELECT id FROM jobs WHERE photo_id = ? AND ${where}`)
        : db.prepare(`SELECT id FROM jobs WHERE ${where}`);
      const update = db.prepare(`UPDATE jobs SET ${set}, updated_at_ms = @now WHERE id = @id`);
      const rows = (photoIds ? photoIds.flatMap((photoId) => select.all(photoId)) : select.all()) as { id: string }[];
      for (const { id } of rows) {
        update.run({ id, now: now() });
        ids.push(id);
      }
    }).immediate();
    ids.forEach(changed);
    return ids;
  }

  function setPaused(scope: string, paused: boolean, albumId: string | undefined): number {
    const ids: string[] = [];
    db.transaction(() => {
      const t = now();
      if (!paused && scope === 'all') db.prepare(`UPDATE queue_controls SET paused = 0, updated_at_ms = ?`).run(t);
      db.prepare(
        `INSERT INTO queue_controls (scope, paused, updated_at_ms) VALUES (?, ?, ?)
         ON CONFLICT (scope) DO UPDATE SET paused = excluded.paused, updated_at_ms = excluded.updated_at_ms`,
      ).run(scope, paused ? 1 : 0, t);
      const inScope = albumId === undefined ? '1 = 1' : `photo_id IN (SELECT id FROM photos WHERE album_id = @albumId)`;
      // A job stays paused while any scope covering it is still paused: resuming one album while
      // everything is paused leaves that album's jobs paused.
      const stillPaused = `EXISTS (SELECT 1 FROM queue_controls c WHERE c.paused = 1 AND (c.scope = 'all' OR c.scope = 'album:' || (SELECT album_id FROM photos p WHERE p.id = jobs.photo_id)))`;
      const rows = db
        .prepare(
          paused
            ? `SELECT id FROM jobs WHERE state = 'queued' AND ${inScope}`
            : `SELECT id FROM jobs WHERE state = 'paused' AND ${inScope} AND NOT ${stillPaused}`,
        )
        .all(albumId === undefined ? {} : { albumId }) as { id: string }[];
      assertTransition(paused ? 'queued' : 'paused', paused ? 'paused' : 'queued');
      const update = db.prepare(`UPDATE jobs SET state = ?, updated_at_ms = ? WHERE id = ?`);
      for (const { id } of rows) {
        update.run(paused ? 'paused' : 'queued', t, id);
        ids.push(id);
      }
    }).immediate();
    ids.forEach(changed);
    return ids.length;
  }

  /** `attempt` is this claim's number: attempts_started once the claim has counted it. */
  function toClaimed(row: ClaimRow, token: string, attempt: number, params?: Record<string, unknown>): ClaimedJob {
    return {
      lease: { jobId: row.id, token },
      photoId: row.photo_id,
      workflowId: row.workflow_id,
      params: params ?? (JSON.parse(row.params_json) as Record<string, unknown>),
      attempt,
      outputPath: row.output_path,
    };
  }

  /**
   * The filtered claim's fast path: the head of the queue read without a transaction, offered to
   * the filter, claimed by one fenced UPDATE. It saves the transaction path's BEGIN IMMEDIATE,
   * SELECT * and COMMIT (bench/queue A/B: 107 → 69 µs CPU per claim+complete; unfiltered: 65).
   * Not `decided`: the transaction path decides (head refused, out of attempts, or changed
   * meanwhile); `refused` is the head's id when the filter said no, so it is not asked again.
   */
  function claimAcceptedHead(
    backendUrl: string | null,
    token: string,
    accept: ClaimFilter,
  ): { claimed: ClaimedJob | undefined; decided: boolean; refused?: string } {
    const t = now();
    const head = statements.headCandidate.get(t) as (ClaimRow & { row_id: number; attempts_max: number }) | undefined;
    if (!head) return { claimed: undefined, decided: true };
    if (head.attempts_started >= head.attempts_max) return { claimed: undefined, decided: false };
    const params = JSON.parse(head.params_json) as Record<string, unknown>;
    if (!accept({ jobId: head.id, workflowId: head.workflow_id, params })) return { claimed: undefined, decided: false, refused: head.id };
    const { changes } = statements.claimHeadRead.run({
      rowId: head.row_id,
      id: head.id,
      attempts: head.attempts_started,
      token,
      expires: t + leaseMs,
      backendUrl,
      now: t,
    });
    if (changes !== 1) return { claimed: undefined, decided: false };
    return { claimed: toClaimed(head, token, head.attempts_started + 1, params), decided: true };
  }

  /**
   * The claim's slow path, inside BEGIN IMMEDIATE: fails the jobs whose claims reached the cap (so
   * a photo that crashes the app on every attempt still ends `failed`), then claims the next one.
   * Built once: db.transaction() per call cost ~5% of a claim+complete cycle.
   */
  const claimInTransaction = db.transaction((backendUrl: string | null, token: string, exhausted: string[]): ClaimedJob | undefined => {
    for (;;) {
      const t = now();
      const row = statements.nextClaimable.get(t) as JobRow | undefined;
      if (!row) return undefined;
      if (row.attempts_started >= row.attempts_max) {
        statements.exhaust.run({
          id: row.id,
          now: t,
          message: `Gave up after ${row.attempts_started} attempts.`,
        });
        exhausted.push(row.id);
        continue;
      }
      statements.claim.run({ id: row.id, token, expires: t + leaseMs, backendUrl, now: t });
      return toClaimed(row, token, row.attempts_started + 1);
    }
  }).immediate;

  /**
   * The first claimable job `accept` takes, among the first `scanLimit` in claim order, inside
   * BEGIN IMMEDIATE. Candidates are read lazily and the read stops at the first accepted one:
   * reading all `scanLimit` rows up front cost ~3 ms per claim with 10k jobs queued (bench/queue).
   * The writes wait until the read is closed (better-sqlite3 cannot write while a statement
   * iterates). Jobs whose claims reached the cap fail as in claimInTransaction.
   */
  const claimAcceptedInTransaction = db.transaction(
    (backendUrl: string | null, token: string, accept: ClaimFilter, scanLimit: number, exhausted: string[], refused: string | undefined): ClaimedJob | undefined => {
      const t = now();
      const spent: JobRow[] = [];
      let chosen: JobRow | undefined;
      for (const row of statements.claimCandidates.iterate(t, scanLimit) as IterableIterator<JobRow>) {
        if (row.id === refused) continue; // the fast path's head, which the filter already refused
        if (row.attempts_started >= row.attempts_max) {
          spent.push(row);
          continue;
        }
        const params = JSON.parse(row.params_json) as Record<string, unknown>;
        if (accept({ jobId: row.id, workflowId: row.workflow_id, params })) {
          chosen = row;
          break; // ends the iteration, which frees the connection for the writes below
        }
      }
      for (const row of spent) {
        statements.exhaust.run({ id: row.id, now: t, message: `Gave up after ${row.attempts_started} attempts.` });
        exhausted.push(row.id);
      }
      if (!chosen) return undefined;
      statements.claim.run({ id: chosen.id, token, expires: t + leaseMs, backendUrl, now: t });
      return toClaimed(chosen, token, chosen.attempts_started + 1);
    },
  ).immediate;

  return {
    /** Idempotent: the same key never makes a second job. Safe inside the caller's transaction. */
    enqueue(input: { photoId: string; idempotencyKey: string; workflowId: string; params: Record<string, unknown>; priority?: number }) {
      const id = randomId();
      const inserted = statements.insert.get({
        id,
        photoId: input.photoId,
        key: input.idempotencyKey,
        workflowId: input.workflowId,
        paramsJson: JSON.stringify(input.params),
        priority: input.priority ?? 0,
        now: now(),
        attemptsMax,
      }) as { id: string; state: JobState } | undefined;
      if (inserted) {
        changed(inserted.id);
        return { jobId: inserted.id, created: true, state: inserted.state };
      }
      const row = statements.byKey.get(input.idempotencyKey) as { id: string; state: JobState };
      return { jobId: row.id, created: false, state: row.state };
    },

    /**
     * Claims the next runnable job atomically: a fresh lease token, attempts_started + 1. A job
     * whose claims already reached the cap fails instead (so a photo that crashes the app on every
     * attempt still ends `failed`). With a filter, the next job the filter accepts (priority order
     * is kept among those).
     */
    claim(backendUrl: string | null, filter?: { accept: ClaimFilter; scanLimit?: number }): ClaimedJob | undefined {
      const t = now();
      const token = randomId();
      if (filter) {
        const head = claimAcceptedHead(backendUrl, token, filter.accept);
        if (head.decided) {
          if (head.claimed) changed(head.claimed.lease.jobId);
          return head.claimed;
        }
        const exhausted: string[] = [];
        const claimed = claimAcceptedInTransaction(backendUrl, token, filter.accept, filter.scanLimit ?? 500, exhausted, head.refused);
        exhausted.forEach(changed);
        if (claimed) changed(claimed.lease.jobId);
        return claimed;
      }
      const head = statements.claimHead.get({ token, expires: t + leaseMs, backendUrl, now: t }) as ClaimRow | undefined;
      if (head) {
        changed(head.id);
        return toClaimed(head, token, head.attempts_started);
      }
      const exhausted: string[] = [];
      const claimed = claimInTransaction(backendUrl, token, exhausted);
      exhausted.forEach(changed);
      if (claimed) changed(claimed.lease.jobId);
      return claimed;
    },

    /** Persisted BEFORE the prompt is posted, so recovery can find the prompt on the backend. */
    recordPrompt(lease: Lease, remotePromptId: string, backendUrl: string): boolean {
      return fenced(lease, `remote_prompt_id = @remotePromptId, backend_url = @backendUrl, lease_expires_at_ms = @expires`, {
        remotePromptId,
        backendUrl,
        expires: now() + leaseMs,
      });
    },

    /** Progress doubles as the heartbeat: it extends the lease. */
    report(lease: Lease, stage: JobStage, progress: number): boolean {
      return fenced(lease, `stage = @stage, progress = @progress, lease_expires_at_ms = @expires`, {
        stage,
        progress: Math.min(1, Math.max(0, progress)),
        expires: now() + leaseMs,
      });
    },

    /** Reserves where the result will be written (unique across jobs), before writing it. */
    planOutput(lease: Lease, outputPath: string): boolean {
      try {
        return fenced(lease, `output_path = @outputPath`, { outputPath });
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
        throw error;
      }
    },

    succeed(lease: Lease): boolean {
      return leaveRunning(lease, 'succeeded', `stage = NULL, progress = 1, finished_at_ms = @now, last_error_code = NULL, last_error_message = NULL`, {});
    },

    /** Permanent failure: bad input, node missing, ComfyUI refused the workflow. */
    fail(lease: Lease, error: ErrorInfo): boolean {
      return leaveRunning(lease, 'failed', `stage = NULL, finished_at_ms = @now, last_error_code = @code, last_error_message = @message`, error);
    },

    /** Transient failure: back to the queue after a jittered backoff; fails once attempts are used up. */
    retryLater(lease: Lease, error: ErrorInfo): boolean {
      const row = statements.attempts.get(lease.jobId) as
        | { attempts_started: number; attempts_max: number }
        | undefined;
      if (!row) return false;
      if (row.attempts_started >= row.attempts_max) {
        return this.fail(lease, { code: error.code, message: `${error.message} (gave up after ${row.attempts_started} attempts)` });
      }
      const runAt = now() + backoffDelayMs(row.attempts_started, random, backoff);
      return leaveRunning(lease, 'queued', `stage = NULL, progress = 0, run_at_ms = @runAt, last_error_code = @code, last_error_message = @message`, {
        ...error,
        runAt,
      });
    },

    /**
     * Gives a job back without using up an attempt: the backend was busy, went away, or the
     * app is shutting down. It is claimable again at once.
     */
    release(lease: Lease, error?: ErrorInfo): boolean {
      return leaveRunning(
        lease,
        'queued',
        `stage = NULL, progress = 0, attempts_started = MAX(0, attempts_started - 1), run_at_ms = @now,
         last_error_code = COALESCE(@code, last_error_code), last_error_message = COALESCE(@message, last_error_message)`,
        { code: error?.code ?? null, message: error?.message ?? null },
      );
    },

    /**
     * Back to the queue KEEPING the attempt it used: the app crashed or the attempt's lease
     * expired. Counting these is what makes a photo that crashes the app every time end `failed`.
     */
    requeue(lease: Lease, error: ErrorInfo): boolean {
      return leaveRunning(lease, 'queued', `stage = NULL, progress = 0, run_at_ms = @now, last_error_code = @code, last_error_message = @message`, error);
    },

    /** The user retries failed or canceled jobs of these photos (all failed ones when omitted). */
    retryPhotos(photoIds?: readonly string[]): number {
      const from = statesLeadingTo('queued').filter((s) => s !== 'running' && s !== 'paused');
      const ids = updateJobsOf(
        photoIds,
        from,
        `state = 'queued', attempts_started = 0, run_at_ms = @now, stage = NULL, progress = 0, finished_at_ms = NULL`,
        photoIds ? undefined : `state = 'failed'`,
      );
      return ids.length;
    },

    /**
     * Cancels the photos' jobs. Queued and paused ones simply end; running ones end too (their
     * lease is cleared, so the worker's later writes are no-ops) and are returned so the caller can
     * take their prompt off the backend.
     */
    cancelPhotos(photoIds: readonly string[]): { canceled: number; running: RunningJob[] } {
      const running = this.running().filter((job) => photoIds.includes(job.photoId));
      const ids = updateJobsOf(photoIds, statesLeadingTo('canceled'), `state = 'canceled', lease_token = NULL, lease_expires_at_ms = NULL, stage = NULL, finished_at_ms = @now`);
      return { canceled: ids.length, running: running.filter((job) => ids.includes(job.lease.jobId)) };
    },

    /** Higher runs first; applies to jobs not started yet. */
    setPriority(photoIds: readonly string[], priority: number): number {
      return updateJobsOf(photoIds, ['queued', 'paused'], `priority = ${Math.trunc(priority)}`).length;
    },

    /** Pauses everything (no albumId) or one album; persisted, and new imports into that scope start paused. */
    pause(albumId?: string): number {
      const scope = albumId === undefined ? 'all' : `album:${albumId}`;
      return setPaused(scope, true, albumId);
    },

    /** Resuming everything also lifts every album's pause. */
    resume(albumId?: string): number {
      const scope = albumId === undefined ? 'all' : `album:${albumId}`;
      return setPaused(scope, false, albumId);
    },

    pausedScopes(): { all: boolean; albums: string[] } {
      const rows = db.prepare(`SELECT scope FROM queue_controls WHERE paused = 1`).all() as { scope: string }[];
      return {
        all: rows.some((row) => row.scope === 'all'),
        albums: rows.filter((row) => row.scope.startsWith('album:')).map((row) => row.scope.slice('album:'.length)),
      };
    },

    /** Jobs left `running` (by a crash), for start-up reconciliation. */
    running(): RunningJob[] {
      return (statements.running.all() as JobRow[]).map((row) => ({
        lease: { jobId: row.id, token: row.lease_token ?? '' },
        photoId: row.photo_id,
        workflowId: row.workflow_id,
        params: JSON.parse(row.params_json) as Record<string, unknown>,
        backendUrl: row.backend_url,
        remotePromptId: row.remote_prompt_id,
        outputPath: row.output_path,
      }));
    },

    /** Requeues jobs whose lease expired (their worker died or hung). */
    reclaimExpired(): number {
      const rows = statements.expired.all(now()) as { id: string; lease_token: string }[];
      let count = 0;
      for (const row of rows) {
        if (this.requeue({ jobId: row.id, token: row.lease_token }, { code: 'lease-expired', message: 'The attempt stopped responding; retrying.' })) count++;
      }
      return count;
    },

    /** When the earliest queued job becomes runnable (undefined when none is queued). */
    nextRunAtMs(): number | undefined {
      const row = statements.nextRunAt.get() as { at: number | null };
      return row.at ?? undefined;
    },
  };
}
