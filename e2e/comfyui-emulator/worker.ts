// ComfyUI emulator (test infrastructure): main.py prompt_worker — one prompt at a time: take from
// the queue, execute, task_done (history + status), executing{node: null}, then /free flags.
import type { ExecutionOutcome, ExecutorDeps } from './executor';
import { executePrompt } from './executor';
import { nodeClassType, nodeInputs, reachableNodes } from './execution-list';
import type { History } from './history';
import { loadImageHash } from './node-load-image';
import type { PromptQueue, QueueItem } from './prompt-queue';
import { queueItemJson } from './prompt-queue';
import type { JsonObject } from './py';
import { pyBool } from './py';

const SENSITIVE_EXTRA_DATA_KEYS = ['auth_token_comfy_org', 'api_key_comfy_org'];

export interface WorkerStats {
  noteExecution(imageHashes: readonly string[]): void;
}

export interface WorkerDeps extends ExecutorDeps {
  readonly queue: PromptQueue;
  readonly history: History;
  readonly stats: WorkerStats;
}

async function imageHashes(item: QueueItem, deps: WorkerDeps): Promise<string[]> {
  const hashes = new Set<string>();
  for (const nodeId of reachableNodes(item.prompt, item.outputs)) {
    if (nodeClassType(item.prompt, nodeId) !== 'LoadImage') continue;
    const image = nodeInputs(item.prompt, nodeId)['image'];
    if (typeof image !== 'string') continue;
    try {
      hashes.add(await loadImageHash(image, deps.dirs));
    } catch {
      // The file vanished or is unreadable: nothing to attribute the execution to.
    }
  }
  return [...hashes];
}

function historyEntry(running: QueueItem, outcome: ExecutionOutcome): JsonObject {
  const extraData = { ...running.extraData };
  for (const key of SENSITIVE_EXTRA_DATA_KEYS) delete extraData[key];
  return {
    prompt: queueItemJson({ ...running, extraData }),
    outputs: outcome.outputs,
    status: { status_str: outcome.success ? 'success' : 'error', completed: outcome.success, messages: outcome.messages },
    meta: outcome.meta,
  };
}

/** Runs until `deps.signal` aborts (kill/close); resolves then. */
export async function runWorker(deps: WorkerDeps): Promise<void> {
  const { queue, signal } = deps;
  try {
    for (;;) {
      await queue.waitForWork(signal);
      await deps.gate.wait(signal);
      const taken = queue.take();
      if (taken !== null) {
        const started = performance.now();
        const hashes = await imageHashes(taken.item, deps);
        const outcome = await executePrompt(taken.item, deps, started);
        if (outcome.ranNodes) deps.stats.noteExecution(hashes);
        signal.throwIfAborted();
        const running = queue.taskDone(taken.taskId) ?? taken.item;
        deps.history.record(taken.item.promptId, historyEntry(running, outcome));
        if (deps.exec.clientId !== null) deps.hub.send('executing', { node: null, prompt_id: taken.item.promptId }, deps.exec.clientId);
        const { pacing } = deps;
        if (pacing.serviceEndedAt !== null) {
          // Smoothed, and never more than the service time itself.
          const tail = performance.now() - pacing.serviceEndedAt;
          pacing.tailMs = Math.min(deps.serviceTimeMs, 0.5 * pacing.tailMs + 0.5 * tail);
          pacing.serviceEndedAt = null;
        }
        deps.log(`Prompt executed in ${((performance.now() - started) / 1000).toFixed(2)} seconds`);
      }
      const flags = queue.takeFlags();
      if (pyBool(flags.get('free_memory') ?? false)) deps.caches.reset();
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}
