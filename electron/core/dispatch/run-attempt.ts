// One attempt of one job on one backend: persist the prompt id → upload, queue, follow, download
// (comfy/run-prompt) → save. Or, for a prompt start-up recovery found on its backend, follow it
// from where it is. Errors are thrown for the dispatcher to settle (classify.ts); every queue
// write is fenced by the lease, so a canceled or stale attempt changes nothing.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { JobStage } from '../../shared/contract';
import type { ComfyClient } from '../comfy/client';
import type { PromptOutcome } from '../comfy/status';
import { runPromptOnBackend } from '../comfy/run-prompt';
import type { PhotoRow, PhotoStore } from '../library/photo-store';
import type { JobQueue, Lease } from '../queue/job-queue';
import type { WorkflowDefinition } from '../workflows';
import { downloadOutcome } from './finish-prompt';
import { saveResult, type SaveDeps } from './save-result';
import { imageForComfy } from '../library/comfy-upload';
import { recoverChroma, runChroma, type Rebuilder } from '../colorize';
import type { WorkflowCache } from './workflow-cache';

export interface AttemptDeps extends SaveDeps {
  queue: JobQueue;
  photos: PhotoStore;
  workflows: WorkflowCache;
  /** Chroma mode's rebuild on worker threads (colorize/rebuild-pool.ts); without, on this thread. */
  rebuilder?: Rebuilder;
}

export interface AttemptJob {
  lease: Lease;
  photoId: string;
  workflowId: string;
  params: Record<string, unknown>;
  outputPath: string | null;
}

/** Where the attempt runs: the backend's client, and who to tell once ComfyUI accepted the prompt. */
export interface AttemptTarget {
  client: ComfyClient;
  onQueued(promptId: string): void;
  /** Where the attempt is: 'waiting' = queued on the backend behind another prompt. */
  onStage(stage: JobStage): void;
  /** The backend has done its part (chroma mode: the small result is here); the rest is local. */
  onBackendDone(): void;
}

/** The photo and workflow of a job, or undefined after failing the job with the reason. */
async function inputsOf(deps: AttemptDeps, job: AttemptJob): Promise<{ photo: PhotoRow; workflow: WorkflowDefinition } | undefined> {
  const photo = deps.photos.row(job.photoId);
  const workflow = await deps.workflows.load(job.workflowId);
  if (!photo || !workflow) {
    deps.queue.fail(job.lease, { code: 'workflow-missing', message: `Workflow ${job.workflowId} is not available.` });
    return undefined;
  }
  return { photo, workflow };
}

export async function runAttempt(deps: AttemptDeps, job: AttemptJob, target: AttemptTarget, signal: AbortSignal): Promise<void> {
  const { queue } = deps;
  const { lease } = job;
  const { client } = target;
  const inputs = await inputsOf(deps, job);
  if (!inputs) return;
  let original: Buffer;
  try {
    original = await readFile(inputs.photo.source_path);
  } catch (error) {
    queue.fail(lease, { code: 'original-unreadable', message: `The original can no longer be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${inputs.photo.source_path}` });
    return;
  }
  const promptId = randomUUID();
  if (!queue.recordPrompt(lease, promptId, client.baseUrl)) return;
  const onStage = (stage: Extract<JobStage, 'uploading' | 'waiting' | 'colorizing' | 'downloading'>, progress: number) => {
    target.onStage(stage);
    queue.report(lease, stage, progress);
  };
  const onQueued = (queued: { promptId: string }) => {
    // ComfyUI < 0.3.44 ignores our id and makes its own: persist the one it knows.
    if (queued.promptId !== promptId) queue.recordPrompt(lease, queued.promptId, client.baseUrl);
    target.onQueued(queued.promptId);
  };
  if (inputs.workflow.mode.type === 'chroma') {
    // Chroma mode (issue 8): ComfyUI sees only the model input; the full resolution is rebuilt here.
    const rebuilder = deps.rebuilder ? { rebuilder: deps.rebuilder } : {};
    // The backend's slot is handed on once the small result is downloaded, so a fast GPU works on
    // the next photo while this one is rebuilt and saved here.
    const chroma = await runChroma({
      client,
      workflow: inputs.workflow,
      params: job.params,
      original: { bytes: original, fileName: inputs.photo.name },
      promptId,
      signal,
      onStage,
      onQueued,
      onBackendDone: target.onBackendDone,
      ...rebuilder,
    });
    // The pixels as they are: the output writer encodes the user's format from them.
    await saveResult(deps, job, chroma.image);
    return;
  }
  const result = await runPromptOnBackend({
    client,
    workflow: inputs.workflow,
    params: job.params,
    // ComfyUI's Pillow cannot open every format Heirloom accepts: those go as 8-bit PNG.
    image: await imageForComfy(original, inputs.photo.name),
    promptId,
    signal,
    onStage,
    onQueued,
  });
  const first = result.outputs[0];
  if (!first) {
    queue.fail(lease, { code: 'no-output', message: `The workflow produced no image on ${client.baseUrl}.` });
    return;
  }
  await saveResult(deps, job, first.bytes);
}

/**
 * A prompt already on the backend (found by start-up recovery): waits for it unless `outcome`
 * is already known, then downloads and saves its result. It is never run a second time.
 */
export async function followPrompt(
  deps: AttemptDeps,
  job: AttemptJob,
  client: ComfyClient,
  prompt: { id: string; outcome: PromptOutcome | null; running: boolean },
  signal: AbortSignal,
): Promise<void> {
  const { queue } = deps;
  const inputs = await inputsOf(deps, job);
  if (!inputs) return;
  let outcome = prompt.outcome;
  if (!outcome) {
    queue.report(job.lease, prompt.running ? 'colorizing' : 'waiting', 0);
    outcome = await client.waitForPrompt(prompt.id, { signal, onProgress: (fraction, stage) => queue.report(job.lease, stage, fraction) });
  }
  if (inputs.workflow.mode.type === 'chroma') {
    const original = { bytes: await readFile(inputs.photo.source_path), fileName: inputs.photo.name };
    const image = await recoverChroma({ client, workflow: inputs.workflow, params: job.params, original, outcome, signal, ...(deps.rebuilder ? { rebuilder: deps.rebuilder } : {}) });
    await saveResult(deps, job, image);
    return;
  }
  const [first] = await downloadOutcome(client, inputs.workflow, outcome, signal);
  if (!first) {
    queue.fail(job.lease, { code: 'no-output', message: `The workflow produced no image on ${client.baseUrl}.` });
    return;
  }
  await saveResult(deps, job, first);
}
