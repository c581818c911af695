import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { BackendDto, ErrorInfo } from '../../shared/contract';
import { createComfyClient, type ComfyClient } from '../comfy/client';
import { ComfyError, isTransient } from '../comfy/errors';
import { runPromptOnBackend } from '../comfy/run-prompt';
import type { PhotoRow, PhotoStore } from '../library/photo-store';
import { chooseOutputPath, outputCandidates } from '../output/output-path';
import { removeStaleTemps, writeFileAtomically } from '../output/write-atomically';
import type { Lease, JobQueue, RunningJob } from '../queue/job-queue';
import type { WorkflowRegistry } from '../api/workflow-registry';
import { downloadOutcome } from './finish-prompt';
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
 * atomically → succeed, every write fenced by the claim's lease. Before the first claim, jobs a
 * crash left `running` are reconciled with their backend.
 */
export function createDispatcher(options: DispatcherOptions) {
  const { queue, photos, workflows, now } = options;
  const clientId = options.clientId ?? randomUUID();
  const offlineRetryMs = options.offlineRetryMs ?? 3_000;
  const idleCheckMs = options.idleCheckMs ?? 10_000;
  const wake = createWakeSignal();
  const idleWaiters = new Set<() => void>();
  const clients = new Map<string, ComfyClient>();
  /** The attempt in flight, so a user's cancel can stop it. */
  let current: { jobId: string; controller: AbortController } | undefined;
  let controller: AbortController | undefined;
  let loop: Promise<void> | undefined;
  let probe: BackendProbe | undefined;
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
    let client = clients.get(url);
    if (!client) {
      client = createComfyClient({ baseUrl: url, clientId });
      clients.set(url, client);
    }
    return client;
  }

  async function refreshBackend(signal: AbortSignal): Promise<boolean> {
    const url = options.backendUrl();
    for (const [other, client] of clients) {
      if (other !== url) {
        client.close();
        clients.delete(other);
      }
    }
    probe = await probeBackend(clientFor(url), { signal, now, workflow: await workflows.get(options.currentWorkflowId()) });
    publish(probe.dto);
    return probe.dto.state !== 'offline';
  }

  function notifyIdleIfIdle() {
    if (current || (queue.nextRunAtMs() ?? Infinity) <= now()) return;
    idleWaiters.forEach((resolve) => resolve());
    idleWaiters.clear();
  }

  /** Writes the result where this job's earlier attempt reserved it, or at a new free name. */
  async function saveResult(lease: Lease, photo: PhotoRow, bytes: Uint8Array, reserved: string | null): Promise<void> {
    queue.report(lease, 'saving', 1);
    const path =
      reserved ??
      chooseOutputPath(
        outputCandidates(options.outputRoot(), photo.rel_path, 'png'),
        (candidate) => photos.isOriginal(candidate),
        (candidate) => queue.planOutput(lease, candidate),
      );
    if (!path) {
      queue.fail(lease, { code: 'output-name', message: 'No free output file name was found.' });
      return;
    }
    if (reserved) await removeStaleTemps(reserved);
    await writeFileAtomically(path, bytes);
    queue.succeed(lease);
  }

  async function runJob(job: { lease: Lease; photoId: string; workflowId: string; params: Record<string, unknown>; outputPath: string | null }, comfy: ComfyClient, signal: AbortSignal): Promise<void> {
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
    await saveResult(lease, photo, first.bytes, job.outputPath);
  }

  /** Settles one attempt's error on the job: give back, retry later, or fail. */
  function settleError(lease: Lease, error: unknown) {
    const { action, info } = classify(error);
    if (action === 'release') {
      queue.release(lease, info);
      publish({ ...backend, state: 'offline', message: info.message, checkedAtMs: now() });
    } else if (action === 'retry') {
      queue.retryLater(lease, info);
    } else {
      queue.fail(lease, info);
    }
  }

  /**
   * Start-up recovery, before dispatch: every job a crash left `running` is looked up on its
   * backend by the prompt id persisted before submission. Finished there → completed from its
   * outputs; still queued or running there → re-attached; unknown (or unreachable) → queued again.
   * A photo the backend already restored is never restored twice.
   */
  async function recover(signal: AbortSignal): Promise<void> {
    for (const job of queue.running()) {
      if (signal.aborted) return;
      const requeue = (message: string) => queue.requeue(job.lease, { code: 'recovered', message });
      if (!job.remotePromptId || !job.backendUrl) {
        requeue('Heirloom stopped before this photo reached ComfyUI; it is queued again.');
        continue;
      }
      const photo = photos.row(job.photoId);
      const workflow = await workflows.get(job.workflowId);
      if (!photo || !workflow) {
        queue.fail(job.lease, { code: 'workflow-missing', message: `Workflow ${job.workflowId} is not available.` });
        continue;
      }
      const comfy = clientFor(job.backendUrl);
      try {
        let status = await comfy.promptStatus(job.remotePromptId, AbortSignal.any([signal, AbortSignal.timeout(15_000)]));
        if (status === 'unknown') {
          requeue(`ComfyUI at ${job.backendUrl} no longer knows this photo's prompt; it is queued again.`);
          continue;
        }
        if (status === 'queued' || status === 'running') {
          current = { jobId: job.lease.jobId, controller: new AbortController() };
          queue.report(job.lease, status === 'running' ? 'colorizing' : 'waiting', 0);
          const outcome = await comfy.waitForPrompt(job.remotePromptId, {
            signal: AbortSignal.any([signal, current.controller.signal]),
            onProgress: (fraction, stage) => queue.report(job.lease, stage, fraction),
          });
          status = { done: outcome };
        }
        const [first] = await downloadOutcome(comfy, workflow, status.done, signal);
        if (!first) {
          queue.fail(job.lease, { code: 'no-output', message: `The workflow produced no image on ${job.backendUrl}.` });
          continue;
        }
        await saveResult(job.lease, photo, first, job.outputPath);
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ComfyError && error.kind === 'unreachable') {
          requeue(`ComfyUI at ${job.backendUrl} was not reachable at start-up; the photo is queued again.`);
        } else {
          settleError(job.lease, error);
        }
      } finally {
        current = undefined;
      }
    }
  }

  async function work(signal: AbortSignal): Promise<void> {
    await recover(signal);
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
        current = { jobId: job.lease.jobId, controller: new AbortController() };
        const attempt = current.controller.signal;
        try {
          await runJob(job, comfy, AbortSignal.any([signal, attempt]));
        } catch (error) {
          if (signal.aborted) {
            queue.release(job.lease, { code: 'shutdown', message: 'Heirloom stopped during this photo; it will be restored again.' });
            break;
          }
          // A canceled job's lease is already gone: nothing to settle.
          if (!attempt.aborted) settleError(job.lease, error);
        } finally {
          current = undefined;
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
      for (const client of clients.values()) client.close();
      clients.clear();
    },
    /** New work or new settings: look again now instead of at the next timer. */
    wake() {
      if (backend.url !== options.backendUrl()) backend = { ...backend, state: 'unknown' };
      wake.wake();
    },
    backend: () => backend,
    /**
     * Jobs the user canceled while they ran (already `canceled` in the queue): stop following them
     * and take their prompt off the backend — delete it from the queue there, or interrupt it only
     * when it is the prompt that backend is running right now.
     */
    async cancelRunning(jobs: readonly RunningJob[]): Promise<void> {
      for (const job of jobs) {
        if (current?.jobId === job.lease.jobId) current.controller.abort();
        if (!job.remotePromptId || !job.backendUrl) continue;
        const comfy = clientFor(job.backendUrl);
        try {
          const status = await comfy.promptStatus(job.remotePromptId, AbortSignal.timeout(10_000));
          if (status === 'running') await comfy.interrupt(job.remotePromptId);
          else if (status === 'queued') await comfy.deleteQueued([job.remotePromptId]);
        } catch (error) {
          console.warn(`cancel: could not remove prompt ${job.remotePromptId} from ${job.backendUrl}:`, error instanceof Error ? error.message : error);
        }
      }
    },
    /** Resolves once nothing is running and nothing queued is due (or the backend is offline). */
    waitForIdle(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.add(resolve);
        wake.wake();
      });
    },
    /** "Test connection": probe a URL without touching the dispatcher's own clients. */
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
