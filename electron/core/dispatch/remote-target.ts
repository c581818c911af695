// Where the dispatcher sends jobs besides its own ComfyUI backends: remote workers over RabbitMQ
// (broker/app-broker.ts implements it). The rule users get: with the broker on, local backends
// fill their slots first, and up to `capacity` more jobs go to remote workers. So a machine
// without a GPU sends everything away, and one with a GPU keeps it busy and shares the rest.
import type { PhotoRow } from '../library/photo-store';
import type { ClaimedJob } from '../queue/job-queue';
import type { WorkflowDefinition } from '../workflows';

export interface RemoteTarget {
  /** On and connected-or-reconnecting (the outbox holds what it cannot send yet). */
  enabled(): boolean;
  /** Jobs sent and not answered yet. */
  inFlight(): number;
  /**
   * At most this many jobs at remote workers at once. It bounds how far ahead the app commits
   * photos to the broker: what is not sent yet can still go to a local backend that frees up.
   */
  readonly capacity: number;
  /** Records the task on the claimed job and queues it for publishing; false when the lease went stale. */
  send(job: ClaimedJob, photo: PhotoRow, workflow: WorkflowDefinition): boolean;
  /** These jobs no longer go to the broker (canceled by the user, or given back): their unsent tasks are dropped. */
  canceled(jobIds: readonly string[]): void;
}
