// plainjob 0.0.x (SQLite via better-sqlite3). Its defineQueue sets journal_mode=WAL and
// synchronous=1 (NORMAL) itself: the same durability as Heirloom's openDatabase.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { better, defineQueue, defineWorker, JobStatus, type Logger, type Queue } from 'plainjob';
import { loopWorkers, makeTempDir, payloadOf, runWorkers, sqliteDurability, type QueueRound, type QueueSubject, type Workers } from './subject';

const TYPE = 'colorize';
// plainjob logs every job at debug level through its logger (console by default).
const silent: Logger = { error() {}, warn() {}, info() {}, debug() {} };

function openPlainjob(label: string, jobs: number, workers: (queue: Queue, concurrency: number) => Promise<Workers>): Promise<QueueRound> {
  const dir = makeTempDir(label);
  const db = new Database(join(dir.path, 'plainjob.sqlite'));
  const queue = defineQueue({ connection: better(db), logger: silent });
  return Promise.resolve({
    durability: sqliteDurability((source, options) => db.pragma(source, options)),
    enqueueAll: async () => {
      queue.addMany(TYPE, Array.from({ length: jobs }, (_, i) => payloadOf(i)));
    },
    workers: (concurrency) => workers(queue, concurrency),
    countDone: async () => queue.countJobs({ type: TYPE, status: JobStatus.Done }),
    close: async () => {
      queue.close(); // also closes the database
      dir.remove();
    },
  });
}

/** plainjob as its users run it: `concurrency` instances of its Worker on one queue. */
export const plainjobSubject: QueueSubject = {
  id: 'plainjob',
  label: 'plainjob (its Worker)',
  store: 'sqlite',
  open: (jobs) =>
    openPlainjob('plainjob', jobs, async (queue, concurrency) => {
      let done = 0;
      let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
      const allDone = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
      const workers = Array.from({ length: concurrency }, () =>
        defineWorker(TYPE, async () => {}, {
          queue,
          logger: silent,
          onCompleted: () => {
            if (++done === jobs) settle?.resolve();
          },
          onFailed: (job, error) => settle?.reject(new Error(`plainjob job ${job.id} failed: ${error}`)),
        }),
      );
      let running: Promise<void>[] = [];
      return {
        run: async () => {
          running = workers.map((worker) => worker.start());
          const stoppedEarly = running.map((run) => run.then(() => Promise.reject(new Error('a plainjob worker stopped before the queue was drained'))));
          await Promise.race([allDone, ...stoppedEarly]);
        },
        stop: async () => {
          await Promise.all(workers.map((worker) => worker.stop()));
          await Promise.allSettled(running);
        },
      };
    }),
};

/**
 * plainjob's queue primitives driven by the same worker loop as Heirloom's queue (claim, read the
 * job, await it, mark it done) — without its Worker's per-iteration look for due cron jobs.
 */
export const plainjobApiSubject: QueueSubject = {
  id: 'plainjob_api',
  label: 'plainjob (queue API, our loop)',
  store: 'sqlite',
  open: (jobs) =>
    openPlainjob('plainjob-api', jobs, (queue, concurrency) =>
      loopWorkers(() =>
        runWorkers(
          concurrency,
          () => {
            const claimed = queue.getAndMarkJobAsProcessing(TYPE);
            const job = claimed && queue.getJobById(claimed.id);
            return job && { id: job.id, data: JSON.parse(job.data) as unknown };
          },
          (job) => void queue.markJobAsDone(job.id),
        ),
      ),
    ),
};
