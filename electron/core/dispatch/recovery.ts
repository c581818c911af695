// Start-up recovery, before dispatch: every job a crash (or a quit mid-batch) left `running` is
// looked up on its backend by the prompt id persisted before submission. Finished there → its
// result is downloaded; still queued or running there → followed to its end; unknown there (or
// the backend is unreachable) → queued again. A photo the backend already restored is never
// restored twice.
import type { ComfyClient } from '../comfy/client';
import { ComfyError } from '../comfy/errors';
import type { PromptOutcome } from '../comfy/status';
import type { RunningJob } from '../queue/job-queue';

export type Reconciled =
  | { kind: 'requeue'; message: string }
  | { kind: 'follow'; prompt: { id: string; outcome: PromptOutcome | null; running: boolean } };

/** How long one status lookup may take at start-up before the job is simply queued again. */
const STATUS_TIMEOUT_MS = 15_000;

/** Where this job's prompt is. Throws only for answers that are neither "unknown" nor "unreachable". */
export async function reconcile(job: RunningJob, client: ComfyClient, signal: AbortSignal): Promise<Reconciled> {
  if (!job.remotePromptId || !job.backendUrl) return { kind: 'requeue', message: 'Heirloom stopped before this photo reached ComfyUI; it is queued again.' };
  let status;
  try {
    status = await client.promptStatus(job.remotePromptId, AbortSignal.any([signal, AbortSignal.timeout(STATUS_TIMEOUT_MS)]));
  } catch (error) {
    if (!signal.aborted && error instanceof ComfyError && (error.kind === 'unreachable' || error.kind === 'timeout')) {
      return { kind: 'requeue', message: `ComfyUI at ${job.backendUrl} was not reachable at start-up; the photo is queued again.` };
    }
    throw error;
  }
  const id = job.remotePromptId;
  if (status === 'unknown') return { kind: 'requeue', message: `ComfyUI at ${job.backendUrl} no longer knows this photo's prompt; it is queued again.` };
  if (status === 'queued' || status === 'running') return { kind: 'follow', prompt: { id, outcome: null, running: status === 'running' } };
  return { kind: 'follow', prompt: { id, outcome: status.done, running: false } };
}
