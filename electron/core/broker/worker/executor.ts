// The seam between the broker worker and ComfyUI: `TaskExecutor` runs one task somewhere and
// returns its image. `createBackendPool` is the simple per-backend implementation (each backend
// takes up to `capacity` prompts: one running, the next uploaded and queued behind it); the
// multi-backend scheduler in dispatch/ can implement the same interface and replace it.
//
// The task id is the prompt id on every backend, so a task redelivered after its worker died is
// found where it ran (or still runs) and re-attached instead of restored a second time.
//
// A chroma-mode workflow (issue 8) runs here as it runs in the app (colorize/run-chroma.ts: only
// the model input goes to ComfyUI, the full resolution is rebuilt on this machine), so a remote
// result is the local one; the rebuilt pixels go back as a lossless PNG (encodeRebuiltForTransfer).
import type { JobStage } from '../../../shared/contract';
import { createComfyClient, type ComfyClient } from '../../comfy/client';
import { ComfyError } from '../../comfy/errors';
import { runPromptOnBackend } from '../../comfy/run-prompt';
import type { PromptOutcome } from '../../comfy/status';
import type { WorkflowDefinition } from '../../workflows';
import { assertNever } from '../../workflows/never';
import { createWakeSignal } from '../../dispatch/wake-signal';
import { encodeRebuiltForTransfer, recoverChroma, runChroma, type Rebuilder } from '../../colorize';

export type RunStage = Extract<JobStage, 'uploading' | 'waiting' | 'colorizing' | 'downloading'>;

export interface ExecuteInput {
  /** Lowercase UUID; used as the ComfyUI prompt id. */
  taskId: string;
  workflow: WorkflowDefinition;
  params: Readonly<Record<string, unknown>>;
  image: { bytes: Uint8Array; fileName: string };
  signal: AbortSignal;
  onStage: (stage: RunStage, progress: number) => void;
}

export interface ExecuteOutput {
  bytes: Uint8Array;
  backendUrl: string;
  /** When a backend took it (upload started, or the re-attach). */
  startedAtMs: number;
  finishedAtMs: number;
  /** Found already on a backend (a redelivery after a crash): not run again. */
  reattached: boolean;
}

export interface BackendHealth {
  url: string;
  up: boolean;
  inFlight: number;
  message: string | null;
}

export interface TaskExecutor {
  /** Waits for a capable backend with room, then runs the task; rejects with ComfyError on backend failures. */
  run(input: ExecuteInput): Promise<ExecuteOutput>;
  health(): BackendHealth[];
  close(): void;
}

interface Backend {
  url: string;
  client: ComfyClient;
  up: boolean;
  message: string | null;
  inFlight: number;
  nodeTypes: Set<string> | null;
}

export interface BackendPoolOptions {
  urls: readonly string[];
  /** ComfyUI routes a prompt's events to this client id: one per worker process. */
  clientId: string;
  now: () => number;
  /** Prompts per backend at once. Default 2 (ARCHITECTURE.md: depth 2 keeps the GPU busy, cancel cheap). */
  capacity?: number;
  /** Health probe period (and the longest a task waits to notice a backend came back). Default 10 s. */
  healthIntervalMs?: number;
  onHealth?: (health: BackendHealth[]) => void;
  pollIntervalMs?: number;
  /** Chroma mode's rebuild on worker threads (colorize/rebuild-pool.ts); without, on this thread. */
  rebuilder?: Rebuilder;
}

export function createBackendPool(options: BackendPoolOptions): TaskExecutor {
  if (options.urls.length === 0) throw new Error('a worker needs at least one ComfyUI backend (--comfy URL)');
  const { now } = options;
  const rebuilder = options.rebuilder ? { rebuilder: options.rebuilder } : {};
  const capacity = options.capacity ?? 2;
  const healthIntervalMs = options.healthIntervalMs ?? 10_000;
  const closing = new AbortController();
  const slots = createWakeSignal();
  const backends: Backend[] = [...new Set(options.urls)].map((url) => ({
    url,
    client: createComfyClient({ baseUrl: url, clientId: options.clientId }),
    up: false,
    message: 'not probed yet',
    inFlight: 0,
    nodeTypes: null,
  }));

  const health = (): BackendHealth[] => backends.map(({ url, up, inFlight, message }) => ({ url, up, inFlight, message }));
  const changed = () => {
    options.onHealth?.(health());
    slots.wake();
  };

  async function probe(backend: Backend): Promise<void> {
    const signal = AbortSignal.any([closing.signal, AbortSignal.timeout(10_000)]);
    try {
      await backend.client.systemStats(signal);
      backend.nodeTypes ??= new Set(Object.keys(await backend.client.objectInfo(signal)));
      backend.up = true;
      backend.message = null;
    } catch (error) {
      backend.up = false;
      backend.message = error instanceof Error ? error.message : String(error);
    }
  }

  const probeAll = () => Promise.all(backends.map(probe)).then(changed);
  let probing = probeAll();
  const timer = setInterval(() => {
    probing = probeAll();
  }, healthIntervalMs);
  timer.unref();

  function markDown(backend: Backend, error: unknown) {
    backend.up = false;
    backend.message = error instanceof Error ? error.message : String(error);
    changed();
  }

  /** A backend with room that has the workflow's nodes; waits while none has room. */
  async function acquire(workflow: WorkflowDefinition, signal: AbortSignal): Promise<Backend> {
    await probing;
    for (;;) {
      signal.throwIfAborted();
      const up = backends.filter((b) => b.up);
      const lacks = (b: Backend) => workflow.requires.nodes.filter((type) => b.nodeTypes !== null && !b.nodeTypes.has(type));
      const capable = up.filter((b) => lacks(b).length === 0);
      if (up.length > 0 && capable.length === 0) {
        const missing = [...new Set(up.flatMap(lacks))].sort();
        throw new ComfyError(
          { kind: 'node-missing', nodeType: missing[0] ?? '' },
          `no backend of this worker has ${missing.join(', ')} (needed by workflow ${workflow.id})`,
        );
      }
      const free = capable.filter((b) => b.inFlight < capacity).sort((a, b) => a.inFlight - b.inFlight)[0];
      if (free) {
        free.inFlight++;
        return free;
      }
      await slots.wait(healthIntervalMs, signal);
    }
  }

  function release(backend: Backend) {
    backend.inFlight--;
    changed();
  }

  /** A backend that already knows this prompt (the task ran there before its worker died). */
  async function findPrompt(taskId: string, signal: AbortSignal): Promise<{ backend: Backend; status: Exclude<Awaited<ReturnType<ComfyClient['promptStatus']>>, 'unknown'> } | undefined> {
    for (const backend of backends.filter((b) => b.up)) {
      try {
        const status = await backend.client.promptStatus(taskId, AbortSignal.any([signal, AbortSignal.timeout(15_000)]));
        if (status !== 'unknown') return { backend, status };
      } catch (error) {
        signal.throwIfAborted();
        if (error instanceof ComfyError && error.kind === 'unreachable') markDown(backend, error);
      }
    }
    return undefined;
  }

  async function download(backend: Backend, workflow: WorkflowDefinition, outcome: PromptOutcome, signal: AbortSignal): Promise<Uint8Array> {
    switch (outcome.status) {
      case 'success': {
        const ref = outcome.outputs.find((r) => workflow.outputNodes.includes(r.nodeId));
        if (!ref) throw new ComfyError({ kind: 'bad-output', name: '' }, `workflow ${workflow.id} finished on ${backend.url} without an output image`);
        return backend.client.view(ref, signal);
      }
      case 'error':
        throw new ComfyError({ kind: 'execution', nodeId: outcome.nodeId, nodeType: outcome.nodeType }, `ComfyUI at ${backend.url} failed: ${outcome.message}`);
      case 'interrupted':
        throw new ComfyError({ kind: 'interrupted' }, `the prompt was interrupted on ComfyUI at ${backend.url}`);
      default:
        return assertNever(outcome);
    }
  }

  return {
    async run(input) {
      const { workflow, signal } = input;
      await probing;
      const found = await findPrompt(input.taskId, signal);
      if (found) {
        const { backend } = found;
        backend.inFlight++;
        const startedAtMs = now();
        try {
          let outcome: PromptOutcome;
          if (found.status === 'queued' || found.status === 'running') {
            input.onStage(found.status === 'running' ? 'colorizing' : 'waiting', 0);
            outcome = await backend.client.waitForPrompt(input.taskId, {
              signal,
              onProgress: (fraction, stage) => input.onStage(stage, fraction),
              ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
            });
          } else {
            outcome = found.status.done;
          }
          input.onStage('downloading', 0);
          const bytes =
            workflow.mode.type === 'chroma'
              ? await encodeRebuiltForTransfer(
                  await recoverChroma({ client: backend.client, workflow, params: input.params, original: input.image, outcome, signal, onStage: input.onStage, ...rebuilder }),
                )
              : await download(backend, workflow, outcome, signal);
          return { bytes, backendUrl: backend.url, startedAtMs, finishedAtMs: now(), reattached: true };
        } finally {
          release(backend);
        }
      }

      const backend = await acquire(workflow, signal);
      const startedAtMs = now();
      // A chroma photo gives its slot back once its small result is downloaded: the backend takes
      // the next task while this one is rebuilt here.
      let holding = true;
      const letGo = () => {
        if (holding) release(backend);
        holding = false;
      };
      try {
        if (workflow.mode.type === 'chroma') {
          const chroma = await runChroma({
            client: backend.client,
            workflow,
            params: input.params,
            original: input.image,
            promptId: input.taskId,
            signal,
            onStage: input.onStage,
            onBackendDone: letGo,
            ...rebuilder,
            ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
          });
          return { bytes: await encodeRebuiltForTransfer(chroma.image), backendUrl: backend.url, startedAtMs, finishedAtMs: now(), reattached: false };
        }
        const result = await runPromptOnBackend({
          client: backend.client,
          workflow,
          params: input.params,
          image: input.image,
          promptId: input.taskId,
          signal,
          onStage: input.onStage,
          ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
        });
        const first = result.outputs[0];
        if (!first) throw new ComfyError({ kind: 'bad-output', name: '' }, `workflow ${workflow.id} produced no image on ${backend.url}`);
        return { bytes: first.bytes, backendUrl: backend.url, startedAtMs, finishedAtMs: now(), reattached: false };
      } catch (error) {
        if (error instanceof ComfyError && error.kind === 'unreachable') markDown(backend, error);
        throw error;
      } finally {
        letGo();
      }
    },
    health,
    close() {
      clearInterval(timer);
      closing.abort();
      for (const backend of backends) backend.client.close();
    },
  };
}
