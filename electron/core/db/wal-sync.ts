// The time bound on what a power cut can undo (issue 3, point 8). With synchronous=NORMAL the WAL
// reaches the disk only when a checkpoint copies it into the database (open-database.ts). SQLite's
// own trigger is a page count (wal_autocheckpoint, 1000), so on its own the window is measured in
// pages: in the app, where a photo writes ~13 pages, that was up to ~75 photos, minutes of GPU
// work. This timer runs a PASSIVE checkpoint every second, so a power cut undoes at most about the
// last second of bookkeeping, the bound Redis' `appendfsync everysec` gives. A checkpoint with
// nothing new in the WAL does no I/O, so an idle app pays nothing but the wake-up.
//
// On the core's own thread, deliberately. A checkpoint thread with its own connection was built
// and measured (2026-11-29, `npm run bench -- queue`, interleaved A/B, quiet machine): the drain
// ran 16.3k jobs/s with checkpoints on its thread and 13.9k with them on a worker thread (and
// 51 → 66 µs CPU per job); raising wal_autocheckpoint to 4000 pages gained nothing either
// (BENCHMARKS.md, queue). Since the library is opened with exclusive locking (open-database.ts),
// a second connection could not open it anyway.
import type { Timers } from '../comfy/timers';
import type { Db } from './open-database';

/** How often the WAL is synced at most: the power-cut window in time. */
export const WAL_SYNC_INTERVAL_MS = 1000;

export interface WalSync {
  /** Stops the timer; call before closing the database. */
  stop(): void;
}

/** What one checkpoint did, as `PRAGMA wal_checkpoint` reports it. */
export interface CheckpointResult {
  /** 1 when another connection kept the checkpoint from finishing (it then copied what it could). */
  busy: number;
  /** Frames in the WAL. */
  log: number;
  /** Frames now copied into the database (synced). */
  checkpointed: number;
}

export function checkpointPassive(db: Db): CheckpointResult {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
  if (!row) throw new Error('PRAGMA wal_checkpoint returned no row');
  return row;
}

export interface WalSyncOptions {
  timers: Timers;
  intervalMs?: number;
  /** A checkpoint that failed (an I/O error): the next tick tries again; commits still see it too. */
  onError?: (error: unknown) => void;
}

export function startWalSync(db: Db, options: WalSyncOptions): WalSync {
  const { timers, intervalMs = WAL_SYNC_INTERVAL_MS } = options;
  let handle: unknown;
  let stopped = false;
  const arm = () => {
    handle = timers.setTimeout(tick, intervalMs);
    // A real timer must not keep a CLI process alive on its own.
    (handle as { unref?: () => void } | undefined)?.unref?.();
  };
  function tick() {
    if (stopped || !db.open) return;
    try {
      checkpointPassive(db);
    } catch (error) {
      options.onError?.(error);
    }
    arm();
  }
  arm();
  return {
    stop() {
      stopped = true;
      timers.clearTimeout(handle);
    },
  };
}
