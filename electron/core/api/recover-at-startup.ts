import type { JobQueue } from '../queue/job-queue';

/**
 * Jobs found `running` at start-up were cut off by a crash or a kill. Before dispatch resumes
 * they go back to the queue; the attempt they used still counts (see JobQueue.requeue).
 * TODO(issue 3): reconcile each with its backend by the persisted prompt id (finished there →
 * complete from /history; still queued/running → re-attach) instead of restoring it again.
 */
export function recoverAtStartup(queue: JobQueue): number {
  let recovered = 0;
  for (const job of queue.running()) {
    if (queue.requeue(job.lease, { code: 'recovered', message: 'Heirloom stopped during this photo; it is queued again.' })) recovered++;
  }
  return recovered;
}
