// One photo through one workflow on one backend: upload → queue → follow → download. The caller
// owns the prompt id (it persists it before calling, so a crash mid-way can re-attach) and the
// retry policy (ComfyError kinds + isTransient). Aborting stops waiting here; it does not cancel
// the prompt on the backend (on shutdown the prompt should finish and be recovered on start-up),
// so a user's cancel also calls client.interrupt / client.deleteQueued.
import type { JobStage } from '../../shared/contract';
import { buildPrompt, resolveParams, sha256Hex, type WorkflowDefinition } from '../workflows';
import type { ComfyClient } from './client';
import { ComfyError } from './errors';
import { sniffImage, type ImageRef } from './images';
import { assertNever } from '../workflows/never';

export interface RunPromptInput {
  client: ComfyClient;
  workflow: WorkflowDefinition;
  /** Validated again here (resolveParams); missing ones take their defaults. */
  params: Readonly<Record<string, unknown>>;
  image: { bytes: Uint8Array; fileName: string };
  /** Lowercase canonical UUID, persisted by the caller BEFORE this call. */
  promptId: string;
  signal?: AbortSignal;
  onStage?: (stage: Extract<JobStage, 'uploading' | 'waiting' | 'colorizing' | 'downloading'>, progress: number) => void;
  /**
   * Awaited once the prompt is queued. ComfyUI < 0.3.44 ignores our prompt id and makes its own;
   * then `promptId` here differs from the input's and the caller must persist it.
   */
  onQueued?: (queued: { promptId: string; number: number }) => void | Promise<void>;
  /** Passed to waitForPrompt. Default 1000. */
  pollIntervalMs?: number;
}

export interface RunPromptResult {
  /** The id the backend knows the prompt by (see onQueued). */
  promptId: string;
  /** Every image of the workflow's output node(s), in the order ComfyUI listed them. */
  outputs: Array<{ ref: ImageRef; bytes: Uint8Array }>;
}

export async function runPromptOnBackend(input: RunPromptInput): Promise<RunPromptResult> {
  const { client, workflow, signal, onStage } = input;
  const params = resolveParams(workflow, input.params);
  if (!params.ok) {
    throw new ComfyError({ kind: 'validation', nodeErrors: [] }, `invalid parameters for workflow ${workflow.id}: ${params.message}`);
  }

  onStage?.('uploading', 0);
  // Named by content: re-running a photo re-uses the file ComfyUI already has (it dedupes equal bytes).
  const uploaded = await client.uploadImage({
    bytes: input.image.bytes,
    fileName: `${sha256Hex(input.image.bytes)}.${extensionFor(input.image.bytes, input.image.fileName)}`,
    subfolder: 'heirloom',
    ...(signal ? { signal } : {}),
  });
  onStage?.('uploading', 1);

  const image = uploaded.subfolder ? `${uploaded.subfolder}/${uploaded.name}` : uploaded.name;
  const prompt = buildPrompt(workflow, { image, params: params.params });
  onStage?.('waiting', 0);
  const queued = await client.queuePrompt({ prompt, promptId: input.promptId, ...(signal ? { signal } : {}) });
  await input.onQueued?.(queued);

  const outcome = await client.waitForPrompt(queued.promptId, {
    ...(signal ? { signal } : {}),
    ...(input.pollIntervalMs === undefined ? {} : { pollIntervalMs: input.pollIntervalMs }),
    totalNodes: Object.keys(prompt).length,
    onProgress: (fraction, stage) => onStage?.(stage, fraction),
  });
  switch (outcome.status) {
    case 'success':
      break;
    case 'error': {
      const where = outcome.nodeId === null ? '' : ` in node ${outcome.nodeId}${outcome.nodeType ? ` (${outcome.nodeType})` : ''}`;
      throw new ComfyError(
        { kind: 'execution', nodeId: outcome.nodeId, nodeType: outcome.nodeType },
        `ComfyUI at ${client.baseUrl} failed${where}: ${outcome.message}`,
      );
    }
    case 'interrupted':
      throw new ComfyError({ kind: 'interrupted' }, `prompt ${queued.promptId} was interrupted on ComfyUI at ${client.baseUrl}`);
    default:
      assertNever(outcome);
  }

  const refs = outcome.outputs.filter((ref) => workflow.outputNodes.includes(ref.nodeId));
  if (refs.length === 0) {
    throw new ComfyError(
      { kind: 'bad-output', name: '' },
      `workflow ${workflow.id} finished on ComfyUI at ${client.baseUrl} but its output node ${workflow.outputNodes.join(', ')} reported no image`,
    );
  }
  onStage?.('downloading', 0);
  const outputs: RunPromptResult['outputs'] = [];
  for (const ref of refs) {
    outputs.push({ ref, bytes: await client.view(ref, signal) });
    onStage?.('downloading', outputs.length / refs.length);
  }
  return { promptId: queued.promptId, outputs };
}

/** From the bytes when they are a known image, else from the name; `bin` when neither says. */
function extensionFor(bytes: Uint8Array, fileName: string): string {
  const sniffed = sniffImage(bytes);
  if (sniffed) return sniffed === 'jpeg' ? 'jpg' : sniffed;
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1];
  return ext ? ext.toLowerCase() : 'bin';
}
