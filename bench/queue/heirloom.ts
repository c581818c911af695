// Heirloom's own queue (electron/core/queue/job-queue.ts) on its real database (WAL, synchronous=NORMAL).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { realTimers } from '../../electron/core/comfy/timers';
import { openDatabase } from '../../electron/core/db/open-database';
import { startWalSync } from '../../electron/core/db/wal-sync';
import { createJobQueue, type JobQueue } from '../../electron/core/queue/job-queue';
import { insertPhotos } from './photos';
import { loopWorkers, makeTempDir, PARAMS, photoIdOf, runWorkers, sqliteDurability, WORKFLOW_ID, type QueueSubject } from './subject';

function heirloomQueue(id: string, label: string, claim: (queue: JobQueue) => ReturnType<JobQueue['claim']>): QueueSubject {
  return {
    id,
    label,
    store: 'sqlite',
    open(jobs) {
      const dir = makeTempDir(id);
      const db = openDatabase(join(dir.path, 'heirloom.sqlite'), { now: Date.now });
      insertPhotos(db, jobs);
      // As the core runs it (db/wal-sync.ts). It does not fire during a drain, whose workers only
      // ever await microtasks; SQLite's page-count checkpoints do.
      const walSync = startWalSync(db, { timers: realTimers });
      // The app's onChange looks the photo up and schedules a UI event; here it only counts, so the
      // figures are the queue's own cost.
      let changes = 0;
      const queue = createJobQueue({ db, now: Date.now, randomId: randomUUID, random: Math.random, onChange: () => void changes++ });
      return Promise.resolve({
        durability: sqliteDurability((source, options) => db.pragma(source, options)),
        enqueueAll: async () => {
          db.transaction(() => {
            for (let i = 0; i < jobs; i++) {
              const photoId = photoIdOf(i);
              queue.enqueue({ photoId, idempotencyKey: `${photoId}:${WORKFLOW_ID}`, workflowId: WORKFLOW_ID, params: PARAMS });
            }
          }).immediate();
        },
        workers: (concurrency) =>
          loopWorkers(() =>
            runWorkers(
              concurrency,
              () => claim(queue),
              (job) => {
                if (!queue.succeed(job.lease)) throw new Error(`lost the lease of job ${job.lease.jobId}`);
              },
            ),
          ),
        countDone: async () => (db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state = 'succeeded'`).get() as { n: number }).n,
        close: async () => {
          walSync.stop();
          db.close();
          dir.remove();
        },
      });
    },
  };
}

/** The queue's own claim: the next job in priority order. */
export const heirloomSubject = heirloomQueue('heirloom', 'Heirloom queue', (queue) => queue.claim(null));

/**
 * The claim as the dispatcher makes it: with a filter (the backend's capabilities), which reads
 * the head of the queue, asks the filter and claims it with one fenced UPDATE (a transaction over
 * later candidates when the filter refuses the head). Here the filter takes every job, so the figure
 * is the path's own cost, not the cost of a capability check.
 */
export const heirloomFilteredSubject = heirloomQueue('heirloom_filtered', 'Heirloom queue, filtered claim', (queue) =>
  queue.claim(null, { accept: () => true }),
);
