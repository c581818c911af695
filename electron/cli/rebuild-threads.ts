// The CLI's rebuild threads (chroma mode, colorize/rebuild-pool.ts): the bundled worker next to
// the bundled CLI, dist/cli/rebuild-worker.js (build/scripts/bundle.ts). Found from APP_ROOT, so
// the CLI run from source (tsx) uses the built worker too; with no build there is no worker file,
// and the core rebuilds on its own thread instead (a worker that cannot load would fail photos).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { APP_ROOT } from './paths';

export const REBUILD_WORKER = join(APP_ROOT, 'dist', 'cli', 'rebuild-worker.js');

/** createHeirloomCore's startRebuildWorker, or nothing when the worker was not built. */
export function rebuildWorkerOption(path = REBUILD_WORKER): { startRebuildWorker?: () => Worker } {
  return existsSync(path) ? { startRebuildWorker: () => new Worker(path) } : {};
}
