// The time bound on what a power cut can undo (issue 3, point 8). With synchronous=NORMAL the WAL
// reaches the disk only when a checkpoint copies it into the database (open-database.ts). SQLite's
// own trigger is a page count (wal_autocheckpoint), so on its own the window is measured in pages:
// in the app, where a photo writes ~13 pages, 1000 pages were up to ~75 photos, minutes of GPU
// work. This timer runs a PASSIVE checkpoint every second, so a power cut undoes at most the last
// second or so of bookkeeping, the bound Redis' `appendfsync everysec` gives. A checkpoint with
// nothing new in the WAL does no I/O, so an idle app pays nothing but the wake-up.
//
// Where the host can start a worker thread (every host: CLI, serve, Electron main), the
// checkpoints run there instead (checkpoint-worker.ts), so their two fsyncs never stall the thread
// that claims jobs and answers the UI: like Redis' everysec fsync, which runs on a background
// thread too. Measured with `npm run bench -- queue` (BENCHMARKS.md): the drain spent ~20 % of its
// wall time waiting in checkpoints on the main thread.
import type { Worker } from 'node:worker_threads';
import type { Timers } from '../comfy/timers';
import type { Db } from './open-database';

/** How often the WAL is synced at most: the power-cut window in time. */
export const WAL_SYNC_INTERVAL_MS = 1000;

/** SQLite's own checkpoint trigger, for bursts between ticks (open-database.ts: why 4000). */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;

/** Checkpoints every this often while frames keep arriving (checkpoint thread only). */
export const WAL_SYNC_BUSY_MS = 50;

export interface WalSync {
  /** Stops the timer or the thread; call before closing the database. */
  stop(): Promise<void>;
}

/** What the checkpoint thread is started with (its workerData). */
export interface CheckpointWorkerData {
  /** The database file. */
  path: string;
  /** better-sqlite3's native module for this runtime (the host's; undefined: the package's own). */
  nativeBinding?: string | undefined;
  /** Between checkpoints when nothing new came: the power-cut window. */
  idleMs: number;
  /** Between checkpoints while frames keep arriving. */
  busyMs: number;
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
      return Promise.resolve();
    },
  };
}

export type CheckpointRequest = { type: 'sync'; id: number } | { type: 'stop' };
export type CheckpointReply = { type: 'synced'; result: CheckpointResult; id?: number } | { type: 'error'; message: string; id?: number };

export interface WalSyncThread extends WalSync {
  /** A checkpoint now, in the thread (answered in order after any under way). */
  syncNow(): Promise<CheckpointResult>;
}

export interface WalSyncThreadOptions {
  /** Starts checkpoint-worker.ts (or its bundled form) with this workerData. */
  startWorker: (data: CheckpointWorkerData) => Worker;
  path: string;
  nativeBinding?: string | undefined;
  /** A checkpoint that failed in the thread, with its message. */
  onError?: (message: string) => void;
  /** Every timed checkpoint that copied frames (tests wait for one). */
  onSynced?: (result: CheckpointResult) => void;
  /** Default WAL_SYNC_INTERVAL_MS. */
  idleMs?: number;
  /**
   * Started once if the thread dies (it could not load, or its connection failed): the syncs go
   * on, on the caller's thread (startWalSync), instead of silently stopping.
   */
  fallback?: () => WalSync;
}

/** The checkpoints on a thread of their own (the same bounds: a second, or a burst's pages). */
export function startWalSyncThread(options: WalSyncThreadOptions): WalSyncThread {
  const worker = options.startWorker({ path: options.path, nativeBinding: options.nativeBinding, idleMs: options.idleMs ?? WAL_SYNC_INTERVAL_MS, busyMs: WAL_SYNC_BUSY_MS });
  // Like a timer, the thread must not keep a CLI process alive on its own.
  worker.unref();
  const pending = new Map<number, { resolve: (result: CheckpointResult) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let alive = true;
  worker.on('message', (message: CheckpointReply) => {
    const waiting = message.id === undefined ? undefined : pending.get(message.id);
    if (message.id !== undefined) pending.delete(message.id);
    if (message.type === 'error') {
      options.onError?.(message.message);
      waiting?.reject(new Error(`WAL checkpoint failed: ${message.message}`));
    } else if (waiting) waiting.resolve(message.result);
    else options.onSynced?.(message.result);
  });
  let stopping = false;
  let fallback: WalSync | undefined;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      alive = false;
      for (const { reject } of pending.values()) reject(new Error('the checkpoint thread stopped'));
      pending.clear();
      if (!stopping) fallback = options.fallback?.();
      resolve();
    }),
  );
  worker.on('error', (error) => options.onError?.(error.message));
  const send = (request: CheckpointRequest) => worker.postMessage(request);
  return {
    syncNow() {
      if (!alive) return Promise.reject(new Error('the checkpoint thread stopped'));
      const id = nextId++;
      worker.ref();
      return new Promise<CheckpointResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ type: 'sync', id });
      }).finally(() => {
        if (pending.size === 0) worker.unref();
      });
    },
    async stop() {
      // Waiting for it must keep the process alive, or a process with nothing else to do exits
      // mid-await (code 13) before the thread has closed its connection.
      stopping = true;
      worker.ref();
      send({ type: 'stop' });
      await exited;
      await fallback?.stop();
    },
  };
}
