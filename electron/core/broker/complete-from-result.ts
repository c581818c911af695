// A verified result from a remote worker settles its job exactly like a local attempt would:
// fenced by the lease of the attempt that sent the task (the task id is that attempt's
// remote_prompt_id). A result for an attempt that is no longer current — the job was canceled,
// its lease expired and it was sent again, or this is a duplicate — changes nothing.
import type { Db } from '../db/open-database';
import type { JobQueue, Lease } from '../queue/job-queue';
import type { ProgressHeader } from './messages';
import type { VerifiedResult } from './result-consumer';

export interface CompleteDeps {
  queue: Pick<JobQueue, 'fail' | 'retryLater'>;
  /** The running attempt whose task this is (createTaskLeases). */
  leaseForTask: (taskId: string, jobId: string) => Lease | undefined;
  /**
   * Writes the output where this job's result goes and marks the job succeeded, both fenced by
   * the lease (the dispatcher's own saver, so remote and local results are named and written alike).
   */
  save: (lease: Lease, output: { bytes: Uint8Array; fileName: string }) => Promise<void>;
}

export type Completion = 'succeeded' | 'failed' | 'retrying' | 'stale';

export async function completeFromResult(deps: CompleteDeps, result: VerifiedResult): Promise<Completion> {
  const lease = deps.leaseForTask(result.taskId, result.jobId);
  if (!lease) return 'stale';
  switch (result.status) {
    case 'succeeded':
      await deps.save(lease, result.output);
      return 'succeeded';
    case 'failed': {
      const where = result.header.worker.id;
      const info = { code: result.error.code, message: `${result.error.message} (worker ${where})` };
      if (result.error.retryable) return deps.queue.retryLater(lease, info) ? 'retrying' : 'stale';
      return deps.queue.fail(lease, info) ? 'failed' : 'stale';
    }
    default: {
      const exhaustive: never = result;
      return exhaustive;
    }
  }
}

/** Remote progress is reported like local progress (and, like it, extends the attempt's lease). */
export function reportRemoteProgress(deps: { queue: Pick<JobQueue, 'report'>; leaseForTask: CompleteDeps['leaseForTask'] }, progress: ProgressHeader): boolean {
  const lease = deps.leaseForTask(progress.taskId, progress.jobId);
  return lease ? deps.queue.report(lease, progress.stage, progress.progress) : false;
}

/** Finds the running attempt of a task: a primary-key lookup, checked against the attempt's task id. */
export function createTaskLeases(db: Db): CompleteDeps['leaseForTask'] {
  const find = db.prepare(`SELECT id, lease_token FROM jobs WHERE state = 'running' AND remote_prompt_id = ? AND id = ?`);
  return (taskId, jobId) => {
    const row = find.get(taskId, jobId) as { id: string; lease_token: string } | undefined;
    return row ? { jobId: row.id, token: row.lease_token } : undefined;
  };
}
