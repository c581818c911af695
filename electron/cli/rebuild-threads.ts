// The CLI's worker threads, bundled next to the bundled CLI (build/scripts/bundle.ts):
// - dist/cli/rebuild-worker.js, chroma mode's rebuild (colorize/rebuild-pool.ts);
// - dist/cli/checkpoint-worker.js, the WAL's syncs (db/wal-sync.ts).
// Found from APP_ROOT, so the CLI run from source (tsx) uses the built workers too; with no build
// there is no worker file, and the core does that work on its own thread instead (a worker that
// cannot load would fail photos).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CheckpointWorkerData } from '../core/db/wal-sync';
import { APP_ROOT } from './paths';

export const REBUILD_WORKER = join(APP_ROOT, 'dist', 'cli', 'rebuild-worker.js');
export const CHECKPOINT_WORKER = join(APP_ROOT, 'dist', 'cli', 'checkpoint-worker.js');

/** createHeirloomCore's startRebuildWorker, or nothing when the worker was not built. */
export function rebuildWorkerOption(path = REBUILD_WORKER): { startRebuildWorker?: () => Worker } {
  return existsSync(path) ? { startRebuildWorker: () => new Worker(path) } : {};
}

/** createHeirloomCore's startCheckpointWorker, or nothing when the worker was not built. */
export function checkpointWorkerOption(path = CHECKPOINT_WORKER): { startCheckpointWorker?: (data: CheckpointWorkerData) => Worker } {
  return existsSync(path) ? { startCheckpointWorker: (workerData) => new Worker(path, { workerData }) } : {};
}
