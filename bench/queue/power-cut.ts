// Issue 3 point 8: what a power cut can cost with synchronous=NORMAL in WAL mode. NORMAL never
// syncs on commit; it syncs the WAL only when a checkpoint copies it into the database (then the
// database file). A power cut can therefore roll back the commits made since the last checkpoint
// (never corrupt the database: WAL frames carry checksums and recovery stops at the first bad one).
// This measures, under the benchmark's claim+complete load, how many jobs and milliseconds lie
// between two checkpoints: after every completed job it reads the WAL's frame count (mxFrame) from
// the wal-index header in the -shm file; when it drops, a checkpoint ran and the WAL restarted.
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/db/open-database';
import { createJobQueue } from '../../electron/core/queue/job-queue';
import { median } from '../lib/stats';
import { insertPhotos } from './photos';
import { makeTempDir, PARAMS, photoIdOf, runWorkers, WORKFLOW_ID } from './subject';

/** After a completed job: when, how many jobs were done, and how many frames the WAL held. */
export interface WalSample {
  readonly atMs: number;
  readonly jobsDone: number;
  readonly frames: number;
}

/** Between consecutive WAL syncs (checkpoints); the first interval starts at `start`. */
export interface SyncIntervals {
  readonly checkpoints: number;
  readonly jobsBetween: number[];
  readonly msBetween: number[];
  /** WAL frames written since the previous checkpoint, seen just before each checkpoint. */
  readonly framesAtCheckpoint: number[];
}

/**
 * A drop of the frame count between two samples means a checkpoint ran after the earlier one's
 * commit (resolution: one job), so the earlier sample is where the WAL was last synced.
 */
export function walSyncIntervals(start: { atMs: number; jobsDone: number }, samples: readonly WalSample[]): SyncIntervals {
  const jobsBetween: number[] = [];
  const msBetween: number[] = [];
  const framesAtCheckpoint: number[] = [];
  let last = start;
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1];
    const after = samples[i];
    if (!before || !after || after.frames >= before.frames) continue;
    jobsBetween.push(before.jobsDone - last.jobsDone);
    msBetween.push(before.atMs - last.atMs);
    framesAtCheckpoint.push(before.frames);
    last = before;
  }
  return { checkpoints: jobsBetween.length, jobsBetween, msBetween, framesAtCheckpoint };
}

// The wal-index header (first 48 bytes of the -shm file, in the machine's byte order): mxFrame,
// the number of valid frames in the WAL, is the u32 at offset 16 (sqlite/src/wal.c, WalIndexHdr).
const MX_FRAME_OFFSET = 16;

export interface PowerCutRun {
  readonly jobs: number;
  readonly concurrency: number;
  readonly walAutocheckpointPages: number;
  readonly drainMs: number;
  readonly framesPerJob: number;
  readonly intervals: SyncIntervals;
}

/** One drain of `jobs` jobs by `concurrency` workers on Heirloom's queue, watching the WAL. */
export async function measureWalSyncs(jobs: number, concurrency: number): Promise<PowerCutRun> {
  const dir = makeTempDir('power-cut');
  const path = join(dir.path, 'heirloom.sqlite');
  const db = openDatabase(path, { now: Date.now });
  try {
    insertPhotos(db, jobs);
    const queue = createJobQueue({ db, now: Date.now, randomId: randomUUID, random: Math.random });
    db.transaction(() => {
      for (let i = 0; i < jobs; i++) {
        const photoId = photoIdOf(i);
        queue.enqueue({ photoId, idempotencyKey: `${photoId}:${WORKFLOW_ID}`, workflowId: WORKFLOW_ID, params: PARAMS });
      }
    }).immediate();
    db.pragma('wal_checkpoint(TRUNCATE)'); // the drain starts with everything synced
    const shm = openSync(`${path}-shm`, 'r');
    const header = Buffer.alloc(4);
    const frames = () => {
      readSync(shm, header, 0, 4, MX_FRAME_OFFSET);
      return endianness() === 'LE' ? header.readUInt32LE(0) : header.readUInt32BE(0);
    };
    const samples: WalSample[] = [];
    let done = 0;
    let totalFrames = 0;
    let previous = frames();
    const t0 = performance.now();
    try {
      await runWorkers(
        concurrency,
        () => queue.claim(null),
        (job) => {
          if (!queue.succeed(job.lease)) throw new Error(`lost the lease of job ${job.lease.jobId}`);
          const now = frames();
          totalFrames += now >= previous ? now - previous : now; // after a restart the WAL counts from 0
          previous = now;
          samples.push({ atMs: performance.now() - t0, jobsDone: ++done, frames: now });
        },
      );
    } finally {
      closeSync(shm);
    }
    return {
      jobs,
      concurrency,
      walAutocheckpointPages: Number(db.pragma('wal_autocheckpoint', { simple: true })),
      drainMs: performance.now() - t0,
      framesPerJob: totalFrames / jobs,
      intervals: walSyncIntervals({ atMs: 0, jobsDone: 0 }, samples),
    };
  } finally {
    db.close();
    dir.remove();
  }
}

/** `npm run bench -- queue --power-cut`: `rounds` drains; per drain the median and worst interval. */
export async function reportPowerCut(
  options: { jobs: number; concurrency: number; rounds: number },
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const runs: PowerCutRun[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    signal.throwIfAborted();
    const run = await measureWalSyncs(options.jobs, options.concurrency);
    const { jobsBetween, msBetween } = run.intervals;
    if (jobsBetween.length === 0) {
      throw new Error(`no checkpoint ran during ${run.jobs} jobs (${run.framesPerJob.toFixed(2)} WAL pages per job, one every ${run.walAutocheckpointPages}): use more --jobs`);
    }
    log(
      `round ${round}/${options.rounds}: ${run.jobs} jobs at c=${run.concurrency} in ${run.drainMs.toFixed(0)} ms, ${run.framesPerJob.toFixed(2)} WAL frames per job, ` +
        `${run.intervals.checkpoints} checkpoints (wal_autocheckpoint ${run.walAutocheckpointPages} pages); between WAL syncs: ` +
        `median ${median(jobsBetween)} jobs / ${median(msBetween).toFixed(1)} ms, worst ${Math.max(...jobsBetween)} jobs / ${Math.max(...msBetween).toFixed(1)} ms`,
    );
    runs.push(run);
  }
  const jobsBetween = runs.flatMap((run) => run.intervals.jobsBetween);
  const msBetween = runs.flatMap((run) => run.intervals.msBetween);
  const result = {
    synchronous: 'NORMAL',
    wal_autocheckpoint_pages: runs[0]?.walAutocheckpointPages,
    wal_frames_per_job: Math.round(median(runs.map((run) => run.framesPerJob)) * 100) / 100,
    jobs_between_wal_syncs_median: median(jobsBetween),
    jobs_between_wal_syncs_max: Math.max(...jobsBetween),
    ms_between_wal_syncs_median: Math.round(median(msBetween) * 10) / 10,
    ms_between_wal_syncs_max: Math.round(Math.max(...msBetween) * 10) / 10,
    concurrency: options.concurrency,
    jobs_per_round: options.jobs,
    rounds: options.rounds,
  };
  log(
    `A power cut can roll back the commits since the last WAL sync: up to ${result.jobs_between_wal_syncs_max} claim+complete cycles ` +
      `(${result.ms_between_wal_syncs_max} ms) under this load; ${result.jobs_between_wal_syncs_median} (${result.ms_between_wal_syncs_median} ms) typically.`,
  );
  return result;
}
