// The app's side of "a job goes to a remote worker": ONE transaction records the task id on the
// claimed job (fenced by its lease) and writes the task to the outbox. Either both happen or
// neither; the publisher sends it later, however long the broker is away.
import type { Db } from '../db/open-database';
import type { JobQueue, Lease } from '../queue/job-queue';
import type { ResolvedParams, WorkflowDefinition } from '../workflows';
import { MESSAGE_VERSION, type TaskHeader } from './messages';
import type { Outbox } from './outbox';

/** A task header before the publisher decides how its photo travels. */
export type TaskDraft = Omit<TaskHeader, 'photo'> & { photo: Omit<TaskHeader['photo'], 'transfer'> };

/** What a broker job shows as its backend until a worker reports which ComfyUI ran it. */
export const BROKER_BACKEND_PREFIX = 'broker:';
export const brokerBackendUrl = (kind: string) => `${BROKER_BACKEND_PREFIX}${kind}`;
/** A running job whose task is at the broker (or in the outbox on its way there). */
export const isBrokerBackend = (backendUrl: string | null): boolean => backendUrl?.startsWith(BROKER_BACKEND_PREFIX) === true;

export interface SendToBrokerInput {
  lease: Lease;
  /** Lowercase UUID, new for every attempt; it is also the ComfyUI prompt id on the worker. */
  taskId: string;
  installationId: string;
  photo: { path: string; sha256: string; name: string; sizeBytes: number };
  workflow: WorkflowDefinition;
  params: ResolvedParams;
}

/**
 * False (and nothing written) when the lease is no longer current: the job was canceled or
 * reclaimed meanwhile. The caller wakes the publisher after a true.
 */
export function sendJobToBroker(deps: { db: Db; queue: Pick<JobQueue, 'recordPrompt'>; outbox: Outbox; now: () => number }, input: SendToBrokerInput): boolean {
  const { workflow } = input;
  const draft: TaskDraft = {
    v: MESSAGE_VERSION,
    type: 'task',
    taskId: input.taskId,
    installationId: input.installationId,
    jobId: input.lease.jobId,
    workflow: { id: workflow.id, kind: workflow.kind, templateHash: workflow.templateHash, params: input.params },
    photo: { sha256: input.photo.sha256, sizeBytes: input.photo.sizeBytes, fileName: input.photo.name },
    createdAtMs: deps.now(),
  };
  return deps.db.transaction(() => {
    if (!deps.queue.recordPrompt(input.lease, input.taskId, brokerBackendUrl(workflow.kind))) return false;
    deps.outbox.add({
      messageId: input.taskId,
      jobId: input.lease.jobId,
      routingKey: workflow.kind,
      header: draft,
      body: { path: input.photo.path, sha256: input.photo.sha256 },
    });
    return true;
  }).immediate();
}
