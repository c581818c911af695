// Issue 3 point 8: what a power cut can cost with synchronous=NORMAL in WAL mode. NORMAL never
// syncs on commit; it syncs the WAL only when a checkpoint copies it into the database (then the
// database file). A power cut can therefore roll back the commits made since the last checkpoint
// (never corrupt the database: WAL frames carry checksums and recovery stops at the first bad one).
// This measures, under the benchmark's claim+complete load, how many jobs and milliseconds lie
// between two checkpoints: after every completed job it counts the WAL's frames (walFrameCounter);
// when the count drops, a checkpoint ran and the WAL restarted.
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
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

// The WAL file's layout (sqlite.org/fileformat2.html, "WAL File Format"; big-endian): a 32-byte
// header whose salts (offsets 16 and 20) change at every restart, then frames of a 24-byte header
// (its salts at 8 and 12) and one page. The library owns its WAL index in memory (exclusive
// locking, open-database.ts), so there is no -shm file to read mxFrame from.
const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;

/**
 * The number of frames in the WAL of the generation its header names: frames are appended from
 * the start after each restart, and a frame belongs to the current generation when its salts
 * match the header's. Between commits (where it is read) that is SQLite's mxFrame. Reads only the
 * headers of frames added since the last call.
 */
export function walFrameCounter(walPath: string): { frames(): number; close(): void } {
  const fd = openSync(walPath, 'r');
  const header = Buffer.alloc(WAL_HEADER_BYTES);
  const frameHeader = Buffer.alloc(FRAME_HEADER_BYTES);
  let salts = '';
  let count = 0;
  return {
    frames() {
      if (readSync(fd, header, 0, WAL_HEADER_BYTES, 0) < WAL_HEADER_BYTES) return (count = 0);
      const headerSalts = header.toString('hex', 16, 24);
      if (headerSalts !== salts) [salts, count] = [headerSalts, 0];
      const frameBytes = FRAME_HEADER_BYTES + header.readUInt32BE(8);
      while (
        readSync(fd, frameHeader, 0, FRAME_HEADER_BYTES, WAL_HEADER_BYTES + count * frameBytes) === FRAME_HEADER_BYTES &&
        frameHeader.toString('hex', 8, 16) === salts
      ) {
        count++;
      }
      return count;
    },
    close: () => closeSync(fd),
  };
}

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
    const wal = walFrameCounter(`${path}-wal`);
    const frames = wal.frames;
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
      wal.close();
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
