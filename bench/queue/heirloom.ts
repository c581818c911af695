// Heirloom's own queue (electron/core/queue/job-queue.ts) on its real database (WAL, synchronous=NORMAL).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/db/open-database';
import { createJobQueue } from '../../electron/core/queue/job-queue';
import { makeTempDir, PARAMS, photoIdOf, loopWorkers, runWorkers, sqliteDurability, WORKFLOW_ID, type QueueSubject } from './subject';
import { insertPhotos } from './photos';

export const heirloomSubject: QueueSubject = {
  id: 'heirloom',
  label: 'Heirloom queue',
  store: 'sqlite',
  open(jobs) {
    const dir = makeTempDir('heirloom');
    const db = openDatabase(join(dir.path, 'heirloom.sqlite'), { now: Date.now });
    insertPhotos(db, jobs);
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
          () => queue.claim(null),
          (job) => {
            if (!queue.succeed(job.lease)) throw new Error(`lost the lease of job ${job.lease.jobId}`);
          },
        )),
      countDone: async () => (db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state = 'succeeded'`).get() as { n: number }).n,
      close: async () => {
        db.close();
        dir.remove();
      },
    });
  },
};
