// Entry of the checkpoint thread (wal-sync.ts startWalSyncThread starts it): its own connection to
// the database runs PASSIVE checkpoints, so the WAL's syncs (fsync of the WAL, then of the
// database) happen here and the thread that claims and completes jobs never waits for the disk.
// A PASSIVE checkpoint never blocks writers and copies only frames no reader still needs.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { checkpointPassive, type CheckpointReply, type CheckpointRequest, type CheckpointWorkerData } from './wal-sync';

const port = parentPort;
if (!port) throw new Error('checkpoint-worker.ts runs in a worker thread (see wal-sync.ts)');
const data = workerData as CheckpointWorkerData;
const db = new Database(data.path, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
let timer: NodeJS.Timeout | undefined;
let copiedBefore = 0;
const reply = (message: CheckpointReply) => port.postMessage(message);

/** One checkpoint; reports it when it copied frames the last one had not. */
function checkpoint(id?: number): boolean {
  try {
    const result = checkpointPassive(db);
    const copied = result.checkpointed !== copiedBefore;
    copiedBefore = result.checkpointed;
    if (copied || id !== undefined) reply({ type: 'synced', result, ...(id === undefined ? {} : { id }) });
    return copied;
  } catch (error) {
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error), ...(id === undefined ? {} : { id }) });
    return false;
  }
}

// While frames keep arriving (a burst), keep up with them instead of waiting a whole interval, so
// the WAL that SQLite's own page-count checkpoint finds is already synced and that one is cheap.
function tick() {
  timer = setTimeout(tick, checkpoint() ? data.busyMs : data.idleMs);
}

port.on('message', (request: CheckpointRequest) => {
  if (request.type === 'sync') {
    checkpoint(request.id);
    return;
  }
  clearTimeout(timer);
  db.close();
  port.close();
});
timer = setTimeout(tick, data.idleMs);
