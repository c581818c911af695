// One photo through a chroma-mode workflow on one backend (issue 8): decode → resize to
// model_input_size² → upload that → queue → follow → download the small result → rebuild the
// full-resolution photo here. Same contract as comfy/run-prompt's runPromptOnBackend (the caller
// owns and persists the prompt id, aborting stops waiting but leaves the prompt on the backend,
// errors are ComfyErrors where the backend is at fault), so the dispatcher picks one or the other
// by workflow.mode. The original's own problems throw PhotoDecodeError.
//
// The rebuild (a 6 MP photo: ~40 ms of CPU on the WebAssembly kernel, ~80–120 ms on the JS loops)
// runs on a Rebuilder's worker threads when the caller gives one (rebuild-pool.ts: why), else
// here, in slices that yield to the event loop.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ComfyClient } from '../comfy/client';
import { ComfyError } from '../comfy/errors';
import type { PromptOutcome } from '../comfy/status';
import type { RunPromptInput } from '../comfy/run-prompt';
import { buildChromaPrompt, chromaModelInputSize, resolveParams, sha256Hex, type ResolvedParams, type WorkflowDefinition } from '../workflows';
import { assertNever } from '../workflows/never';
import { chromaFromResult } from './chroma-plane';
import { PhotoDecodeError, decodePixels } from './decode';
import { encodeSmallPng } from './encode';
import type { Pixels, RebuiltImage } from './pixels';
import { prepareChromaInput } from './prepare';
import { startRebuild } from './rebuild';
import type { Rebuilder } from './rebuild-pool';

/** Rows per slice of the rebuild: ~1.5 M pixels of a 3000-wide photo, ~30 ms between yields. */
const SLICE_PIXELS = 1_500_000;

export interface RunChromaInput {
  client: ComfyClient;
  /** Must be a chroma-mode workflow (workflow.mode.type === 'chroma'). */
  workflow: WorkflowDefinition;
  /** Validated again here (resolveParams); missing ones take their defaults. */
  params: Readonly<Record<string, unknown>>;
  /** The photo as stored: only its resized copy is uploaded; its lightness is kept in full. */
  original: { bytes: Uint8Array; fileName: string };
  /** Lowercase canonical UUID, persisted by the caller BEFORE this call. */
  promptId: string;
  signal?: AbortSignal;
  /** As runPromptOnBackend's; 'downloading' goes 0 → 0.5 for the small result, then to 1 as the rebuild ends. */
  onStage?: RunPromptInput['onStage'];
  onQueued?: RunPromptInput['onQueued'];
  /**
   * Called once the small result is downloaded: the backend has nothing more to do for this
   * photo, and the rebuild that follows is local. A dispatcher that counts prompts per backend
   * can give the slot to the next photo here, so the backend works while this one is rebuilt.
   */
  onBackendDone?: () => void;
  /** Passed to waitForPrompt. Default 1000. */
  pollIntervalMs?: number;
  /** Worker threads for the rebuild; without one it runs on this thread, in slices. */
  rebuilder?: Rebuilder;
}

export interface ChromaTimings {
  /** Decode the original, resize it, encode the upload. */
  prepareMs: number;
  /** Decode the small result, take its chroma, rebuild at full resolution. */
  rebuildMs: number;
}

export interface RunChromaResult {
  /** The id the backend knows the prompt by (see RunPromptInput.onQueued). */
  promptId: string;
  image: RebuiltImage;
  timings: ChromaTimings;
}

/** The params, validated again, and the size they run DDColor at; a ComfyError('validation') if not. */
function resolveChroma(workflow: WorkflowDefinition, given: Readonly<Record<string, unknown>>): { params: ResolvedParams; size: number } {
  const params = resolveParams(workflow, given);
  if (!params.ok) {
    throw new ComfyError({ kind: 'validation', nodeErrors: [] }, `invalid parameters for workflow ${workflow.id}: ${params.message}`);
  }
  try {
    return { params: params.params, size: chromaModelInputSize(workflow, params.params) };
  } catch (error) {
    throw new ComfyError({ kind: 'validation', nodeErrors: [] }, error instanceof Error ? error.message : String(error));
  }
}

export async function runChroma(input: RunChromaInput): Promise<RunChromaResult> {
  const { client, workflow, signal, onStage } = input;
  const { params, size } = resolveChroma(workflow, input.params);

  onStage?.('uploading', 0);
  const prepareStart = performance.now();
  const original = await decodePixels(input.original.bytes, input.original.fileName);
  signal?.throwIfAborted();
  const upload = await encodeSmallPng(prepareChromaInput(original, size));
  const prepareMs = performance.now() - prepareStart;
  // Named by content: the same photo at the same size re-uses the file ComfyUI already has.
  const uploaded = await client.uploadImage({ bytes: upload, fileName: `${sha256Hex(upload)}.png`, subfolder: 'heirloom', ...(signal ? { signal } : {}) });
  onStage?.('uploading', 1);

  const image = uploaded.subfolder ? `${uploaded.subfolder}/${uploaded.name}` : uploaded.name;
  const { prompt } = buildChromaPrompt(workflow, { image, params });
  onStage?.('waiting', 0);
  const queued = await client.queuePrompt({ prompt, promptId: input.promptId, ...(signal ? { signal } : {}) });
  await input.onQueued?.(queued);
  const outcome = await client.waitForPrompt(queued.promptId, {
    ...(signal ? { signal } : {}),
    ...(input.pollIntervalMs === undefined ? {} : { pollIntervalMs: input.pollIntervalMs }),
    totalNodes: Object.keys(prompt).length,
    onProgress: (fraction, stage) => onStage?.(stage, fraction),
  });
  const { image: rebuilt, rebuildMs } = await finish({ client, workflow, original, size, outcome, signal, onStage, onBackendDone: input.onBackendDone, rebuilder: input.rebuilder });
  return { promptId: queued.promptId, image: rebuilt, timings: { prepareMs, rebuildMs } };
}

export interface RecoverChromaInput {
  client: ComfyClient;
  workflow: WorkflowDefinition;
  params: Readonly<Record<string, unknown>>;
  original: { bytes: Uint8Array; fileName: string };
  /** How the prompt ended on the backend (start-up recovery found it there). */
  outcome: PromptOutcome;
  signal?: AbortSignal;
  onStage?: RunPromptInput['onStage'];
  rebuilder?: Rebuilder;
}

/** Start-up recovery of a chroma prompt that ran while Heirloom was down: download and rebuild. */
export async function recoverChroma(input: RecoverChromaInput): Promise<RebuiltImage> {
  const { size } = resolveChroma(input.workflow, input.params);
  const original = await decodePixels(input.original.bytes, input.original.fileName);
  return (await finish({ ...input, original, size })).image;
}

interface FinishInput {
  client: ComfyClient;
  workflow: WorkflowDefinition;
  original: Pixels;
  size: number;
  outcome: PromptOutcome;
  signal?: AbortSignal | undefined;
  onStage?: RunPromptInput['onStage'] | undefined;
  onBackendDone?: (() => void) | undefined;
  rebuilder?: Rebuilder | undefined;
}

async function finish(input: FinishInput): Promise<{ image: RebuiltImage; rebuildMs: number }> {
  const { client, workflow, outcome, signal, onStage, size, original } = input;
  switch (outcome.status) {
    case 'success':
      break;
    case 'error': {
      const where = outcome.nodeId === null ? '' : ` in node ${outcome.nodeId}${outcome.nodeType ? ` (${outcome.nodeType})` : ''}`;
      throw new ComfyError({ kind: 'execution', nodeId: outcome.nodeId, nodeType: outcome.nodeType }, `ComfyUI at ${client.baseUrl} failed${where}: ${outcome.message}`);
    }
    case 'interrupted':
      throw new ComfyError({ kind: 'interrupted' }, `the prompt was interrupted on ComfyUI at ${client.baseUrl}`);
    default:
      assertNever(outcome);
  }
  const ref = outcome.outputs.find((r) => workflow.outputNodes.includes(r.nodeId));
  if (!ref) {
    throw new ComfyError(
      { kind: 'bad-output', name: '' },
      `workflow ${workflow.id} finished on ComfyUI at ${client.baseUrl} but its output node ${workflow.outputNodes.join(', ')} reported no image`,
    );
  }
  onStage?.('downloading', 0);
  const bytes = await client.view(ref, signal);
  onStage?.('downloading', 0.5);
  input.onBackendDone?.();

  const started = performance.now();
  let small: Pixels;
  try {
    small = await decodePixels(bytes, ref.filename);
  } catch (error) {
    if (!(error instanceof PhotoDecodeError)) throw error;
    throw new ComfyError({ kind: 'bad-output', name: ref.filename }, `ComfyUI at ${client.baseUrl} sent an unreadable result: ${error.message}`, { cause: error });
  }
  if (small.width !== size || small.height !== size) {
    throw new ComfyError(
      { kind: 'bad-output', name: ref.filename },
      `ComfyUI at ${client.baseUrl} returned a ${small.width}×${small.height} result for a ${size}×${size} chroma input; it cannot be rebuilt`,
    );
  }
  if (input.rebuilder) {
    const image = await input.rebuilder.rebuild(original, small, signal);
    onStage?.('downloading', 1);
    return { image, rebuildMs: performance.now() - started };
  }
  const rebuild = startRebuild(original, chromaFromResult(small));
  const rowsPerSlice = Math.max(1, Math.floor(SLICE_PIXELS / original.width));
  for (let y = 0; y < original.height; y += rowsPerSlice) {
    signal?.throwIfAborted();
    rebuild.rows(y, y + rowsPerSlice);
    onStage?.('downloading', 0.5 + (0.5 * Math.min(original.height, y + rowsPerSlice)) / original.height);
    if (y + rowsPerSlice < original.height) await nextTurn();
  }
  return { image: rebuild.finish(), rebuildMs: performance.now() - started };
}
