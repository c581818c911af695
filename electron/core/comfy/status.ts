// Where one prompt is on the backend, from HTTP alone: for start-up recovery and for when the
// WebSocket is down or silent. /history/<id> answers `{}` both while a prompt waits and when the
// id is unknown, so /queue tells those apart; /api/jobs/<id> (ComfyUI ≥ 0.5.1) does it in one call.
import type { Endpoints } from './endpoints';
import { imageRefs, type ImageRef } from './images';
import { ExecutionErrorSchema, type HistoryEntry } from './schemas';
import { assertNever } from '../workflows/never';

export type PromptOutcome =
  | { status: 'success'; outputs: ImageRef[] }
  | { status: 'error'; message: string; nodeId: string | null; nodeType: string | null }
  | { status: 'interrupted' };

export type PromptStatus = 'queued' | 'running' | { done: PromptOutcome } | 'unknown';

/** An interrupted prompt also has status_str "error": its execution_interrupted message tells. */
function outcomeFromHistory(entry: HistoryEntry): PromptOutcome {
  const messages = (entry.status?.messages ?? []).filter(
    (m): m is [string, unknown] => Array.isArray(m) && typeof m[0] === 'string',
  );
  if (messages.some(([name]) => name === 'execution_interrupted')) return { status: 'interrupted' };
  const error = messages.find(([name]) => name === 'execution_error');
  if (error) return errorOutcome(error[1]);
  if (entry.status?.status_str === 'error') {
    return { status: 'error', message: 'ComfyUI reported an error without details', nodeId: null, nodeType: null };
  }
  return { status: 'success', outputs: imageRefs(entry.outputs) };
}

function errorOutcome(data: unknown): PromptOutcome {
  const e = ExecutionErrorSchema.safeParse(data);
  const d = e.success ? e.data : undefined;
  return {
    status: 'error',
    message: d?.exception_message ?? d?.exception_type ?? 'ComfyUI reported an error without a message',
    nodeId: d?.node_id == null ? null : String(d.node_id),
    nodeType: d?.node_type ?? null,
  };
}

export async function promptStatus(api: Endpoints, promptId: string, signal?: AbortSignal): Promise<PromptStatus> {
  const job = await api.job(promptId, signal);
  if (job === 'unknown') return 'unknown';
  if (job !== 'unsupported') {
    switch (job.status) {
      case 'pending':
        return 'queued';
      case 'in_progress':
        return 'running';
      case 'cancelled':
        return { done: { status: 'interrupted' } };
      case 'failed':
        return { done: errorOutcome(job.execution_error) };
      case 'completed': {
        if (job.outputs) return { done: { status: 'success', outputs: imageRefs(job.outputs) } };
        const entry = await api.history(promptId, signal);
        return { done: entry ? outcomeFromHistory(entry) : { status: 'success', outputs: [] } };
      }
      default:
        return assertNever(job.status);
    }
  }

  const entry = await api.history(promptId, signal);
  if (entry) return { done: outcomeFromHistory(entry) };
  const queue = await api.queue(signal);
  if (queue.running.includes(promptId)) return 'running';
  if (queue.pending.includes(promptId)) return 'queued';
  // It may have finished between the two calls: history is written before it leaves the queue.
  const late = await api.history(promptId, signal);
  return late ? { done: outcomeFromHistory(late) } : 'unknown';
}
