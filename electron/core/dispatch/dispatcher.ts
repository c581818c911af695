import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { BackendDto, ErrorInfo } from '../../shared/contract';
import { createComfyClient, type ComfyClient } from '../comfy/client';
import { ComfyError, isTransient } from '../comfy/errors';
import { runPromptOnBackend } from '../comfy/run-prompt';
import type { PhotoStore } from '../library/photo-store';
import { chooseOutputPath, outputCandidates } from '../output/output-path';
import { writeFileAtomically } from '../output/write-atomically';
import type { ClaimedJob, JobQueue } from '../queue/job-queue';
import type { WorkflowRegistry } from '../api/workflow-registry';
import { probeBackend, type BackendProbe } from './probe-backend';
import { createWakeSignal } from './wake-signal';

export interface DispatcherOptions {
  queue: JobQueue;
  photos: PhotoStore;
  workflows: WorkflowRegistry;
  backendUrl: () => string;
  outputRoot: () => string;
  /** The workflow whose nodes the backend banner checks. */
  currentWorkflowId: () => string;
  onBackend: (backend: BackendDto) => void;
  now: () => number;
  /** One client id per installation run: ComfyUI routes a prompt's events to it. */
  clientId?: string;
  /** How long to wait before probing an offline backend again. */
  offlineRetryMs?: number;
  /** How often to look for expired leases and due retries while idle. */
  idleCheckMs?: number;
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/** ComfyUI's errors, classified by what happens next to the job. */
function classify(error: unknown): { action: 'release' | 'retry' | 'fail'; info: ErrorInfo } {
  if (error instanceof ComfyError) {
    const info = { code: `comfy-${error.kind}`, message: error.message };
    if (error.kind === 'unreachable') return { action: 'release', info };
    if (isTransient(error) || error.kind === 'protocol' || error.kind === 'interrupted') return { action: 'retry', info };
    return { action: 'fail', info };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { action: 'retry', info: { code: 'internal', message } };
}

/**
 * Takes queued jobs to ONE ComfyUI backend (the skeleton; the multi-backend scheduler grows from
 * here): probe → claim → persist prompt id → upload, prompt, follow, download → write the output
 * atomically → succeed, every write fenced by the claim's lease.
 */
export function createDispatcher(options: DispatcherOptions) {
  const { queue, photos, workflows, now } = options;
  const clientId = options.clientId ?? randomUUID();
  const offlineRetryMs = options.offlineRetryMs ?? 3_000;
  const idleCheckMs = options.idleCheckMs ?? 10_000;
  const wake = createWakeSignal();
  const idleWaiters = new Set<() => void>();
  let controller: AbortController | undefined;
  let loop: Promise<void> | undefined;
  let client: ComfyClient | undefined;
  let probe: BackendProbe | undefined;
  let busy = false;
  let backend: BackendDto = {
    url: options.backendUrl(),
    state: 'unknown',
    version: null,
    devices: [],
    missingNodes: [],
    message: null,
    checkedAtMs: null,
  };

  function publish(next: BackendDto) {
    backend = next;
    options.onBackend(next);
  }

  function clientFor(url: string): ComfyClient {
    if (!client || client.baseUrl !== url) {
      client?.close();
      client = createComfyClient({ baseUrl: url, clientId });
    }
    return client;
  }

  async function refreshBackend(signal: AbortSignal): Promise<boolean> {
    const url = options.backendUrl();
    probe = await probeBackend(clientFor(url), { signal, now, workflow: await workflows.get(options.currentWorkflowId()) });
    publish(probe.dto);
    return probe.dto.state !== 'offline';
  }

  function notifyIdleIfIdle() {
    if (busy || (queue.nextRunAtMs() ?? Infinity) <= now()) return;
    idleWaiters.forEach((resolve) => resolve());
    idleWaiters.clear();
  }

  async function runJob(job: ClaimedJob, comfy: ComfyClient, signal: AbortSignal): Promise<void> {
    const { lease } = job;
    const photo = photos.row(job.photoId);
    const workflow = await workflows.get(job.workflowId);
    if (!photo || !workflow) {
      queue.fail(lease, { code: 'workflow-missing', message: `Workflow ${job.workflowId} is not available.` });
      return;
    }
    const missing = probe?.missingNodesFor(workflow) ?? [];
    if (missing.length > 0) {
      queue.fail(lease, {
        code: 'node-missing',
        message: missing.map((node) => `node ${node} is not installed on ${comfy.baseUrl}`).join('; '),
      });
      return;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(photo.source_path);
    } catch (error) {
      queue.fail(lease, { code: 'original-unreadable', message: `The original can no longer be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${photo.source_path}` });
      return;
    }
    const promptId = randomUUID();
    if (!queue.recordPrompt(lease, promptId, comfy.baseUrl)) return;
    const result = await runPromptOnBackend({
      client: comfy,
      workflow,
      params: job.params,
      image: { bytes, fileName: photo.name },
      promptId,
      signal,
      onStage: (stage, progress) => {
        queue.report(lease, stage, progress);
      },
      // ComfyUI < 0.3.44 ignores our id and makes its own: persist the one it knows.
      onQueued: (queued) => {
        if (queued.promptId !== promptId) queue.recordPrompt(lease, queued.promptId, comfy.baseUrl);
      },
    });
    const first = result.outputs[0];
    if (!first) {
      queue.fail(lease, { code: 'no-output', message: `The workflow produced no image on ${comfy.baseUrl}.` });
      return;
    }
    queue.report(lease, 'saving', 1);
    const path = chooseOutputPath(
      outputCandidates(options.outputRoot(), photo.rel_path, 'png'),
      (candidate) => photos.isOriginal(candidate),
      (candidate) => queue.planOutput(lease, candidate),
    );
    if (!path) {
      queue.fail(lease, { code: 'output-name', message: 'No free output file name was found.' });
      return;
    }
    await writeFileAtomically(path, first.bytes);
    queue.succeed(lease);
  }

  async function work(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        if (backend.url !== options.backendUrl() || backend.state === 'offline' || backend.state === 'unknown') {
          if (!(await refreshBackend(signal))) {
            notifyIdleIfIdle();
            await wake.wait(offlineRetryMs, signal);
            continue;
          }
        }
        queue.reclaimExpired();
        const comfy = clientFor(options.backendUrl());
        const job = queue.claim(comfy.baseUrl);
        if (!job) {
          notifyIdleIfIdle();
          const next = queue.nextRunAtMs();
          await wake.wait(next === undefined ? idleCheckMs : Math.min(idleCheckMs, next - now()), signal);
          continue;
        }
        busy = true;
        try {
          await runJob(job, comfy, signal);
        } catch (error) {
          if (signal.aborted) {
            queue.release(job.lease, { code: 'shutdown', message: 'Heirloom stopped during this photo; it will be restored again.' });
            break;
          }
          const { action, info } = classify(error);
          if (action === 'release') {
            queue.release(job.lease, info);
            publish({ ...backend, state: 'offline', message: info.message, checkedAtMs: now() });
          } else if (action === 'retry') {
            queue.retryLater(job.lease, info);
          } else {
            queue.fail(job.lease, info);
          }
        } finally {
          busy = false;
        }
      } catch (error) {
        if (signal.aborted) break;
        console.error('dispatcher: unexpected error', error);
        await wake.wait(offlineRetryMs, signal);
      }
    }
  }

  return {
    start() {
      if (loop) return;
      controller = new AbortController();
      loop = work(controller.signal);
    },
    async stop() {
      controller?.abort();
      wake.wake();
      await loop;
      loop = undefined;
      client?.close();
      client = undefined;
    },
    /** New work or new settings: look again now instead of at the next timer. */
    wake() {
      if (backend.url !== options.backendUrl()) backend = { ...backend, state: 'unknown' };
      wake.wake();
    },
    backend: () => backend,
    /** Resolves once nothing is running and nothing queued is due (or the backend is offline). */
    waitForIdle(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.add(resolve);
        wake.wake();
      });
    },
    /** "Test connection": probe a URL without touching the dispatcher's own client. */
    async test(url: string, signal: AbortSignal): Promise<BackendDto> {
      const probeClient = createComfyClient({ baseUrl: url, clientId: randomUUID() });
      try {
        return (await probeBackend(probeClient, { signal, now, workflow: await workflows.get(options.currentWorkflowId()) })).dto;
      } finally {
        probeClient.close();
      }
    },
  };
}
