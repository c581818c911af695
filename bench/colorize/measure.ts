// One mode over the whole album through one backend, at most `depth` prompts on it at a time (as
// the dispatcher keeps a backend's queue): wall time, wire bytes, CPU and per-photo timings. A
// prompt holds its slot from the start of its photo until its result is downloaded; chroma mode's
// local rebuild happens after that, while the backend already works on the next photos.
import { randomUUID } from 'node:crypto';
import { runChroma, type Rebuilder } from '../../electron/core/colorize';
import type { ComfyClient } from '../../electron/core/comfy';
import { runPromptOnBackend } from '../../electron/core/comfy';
import type { WorkflowDefinition } from '../../electron/core/workflows';
import type { AlbumPhoto, PhotoClass } from './album';
import { createSlots } from './slots';
import type { WireMeter, WireTotals } from './wire-meter';

export type Mode = 'full' | 'chroma';

export interface PhotoRun {
  readonly class: PhotoClass;
  /** Start of the photo's run to its result in hand (PNG bytes, or rebuilt pixels). */
  readonly ms: number;
  /** Chroma only: decode + resize + encode the upload / decode the result + rebuild. */
  readonly prepareMs?: number;
  readonly rebuildMs?: number;
}

export interface ModeRun {
  readonly mode: Mode;
  readonly elapsedMs: number;
  readonly wire: WireTotals;
  readonly photos: readonly PhotoRun[];
  /** CPU time over the run: this process (the client) and the backend's; null where unknown. */
  readonly clientCpuMs: number;
  readonly backendCpuMs: number | null;
}

export interface RunContext {
  readonly client: ComfyClient;
  readonly workflow: WorkflowDefinition;
  readonly depth: number;
  readonly signal: AbortSignal;
  /** Chroma mode's rebuild on worker threads; without one, on this thread. */
  readonly rebuilder?: Rebuilder;
}

/** One photo in one mode, with its result (the benchmark compares one pair for a PSNR). */
export async function runOne(mode: Mode, photo: AlbumPhoto, ctx: RunContext, onBackendDone?: () => void): Promise<{ run: PhotoRun; result: Uint8Array | Uint16Array }> {
  const started = performance.now();
  const common = { client: ctx.client, workflow: ctx.workflow, params: {}, promptId: randomUUID(), signal: ctx.signal, pollIntervalMs: 250 };
  if (mode === 'full') {
    const result = await runPromptOnBackend({ ...common, image: { bytes: photo.bytes, fileName: photo.name } });
    const [first] = result.outputs;
    if (!first) throw new Error(`full mode returned no image for ${photo.name}`);
    return { run: { class: photo.class, ms: performance.now() - started }, result: first.bytes };
  }
  const result = await runChroma({
    ...common,
    original: { bytes: photo.bytes, fileName: photo.name },
    ...(onBackendDone ? { onBackendDone } : {}),
    ...(ctx.rebuilder ? { rebuilder: ctx.rebuilder } : {}),
  });
  return {
    run: { class: photo.class, ms: performance.now() - started, prepareMs: result.timings.prepareMs, rebuildMs: result.timings.rebuildMs },
    result: result.image.data,
  };
}

export async function runMode(
  mode: Mode,
  album: readonly AlbumPhoto[],
  ctx: RunContext,
  probes: { meter: WireMeter; backendCpuMs: () => Promise<number | null> },
): Promise<ModeRun> {
  const { meter } = probes;
  meter.take();
  const photos: PhotoRun[] = [];
  let next = 0;
  const backendBefore = await probes.backendCpuMs();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const slots = createSlots(ctx.depth);
  const worker = async () => {
    for (let i = next++; i < album.length; i = next++) {
      ctx.signal.throwIfAborted();
      const photo = album[i];
      if (!photo) return;
      const release = await slots.acquire();
      try {
        photos.push((await runOne(mode, photo, ctx, release)).run);
      } finally {
        release();
      }
    }
  };
  // Two photos more than backend slots can be in hand (being prepared or rebuilt).
  await Promise.all(Array.from({ length: Math.min(ctx.depth + 2, album.length) }, worker));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const backendAfter = await probes.backendCpuMs();
  const backendCpuMs = backendBefore === null || backendAfter === null ? null : backendAfter - backendBefore;
  return { mode, elapsedMs, wire: meter.take(), photos, clientCpuMs: (cpu.user + cpu.system) / 1000, backendCpuMs };
}


/** One mode's rounds added up: photos/s over them is photos / summed time. */
export function combine(mode: Mode, runs: readonly ModeRun[]): ModeRun {
  const mine = runs.filter((r) => r.mode === mode);
  const sum = (pick: (r: ModeRun) => number) => mine.reduce((total, r) => total + pick(r), 0);
  const backend = mine.every((r) => r.backendCpuMs !== null) ? sum((r) => r.backendCpuMs ?? 0) : null;
  return {
    mode,
    elapsedMs: sum((r) => r.elapsedMs),
    wire: { sent: sum((r) => r.wire.sent), received: sum((r) => r.wire.received) },
    photos: mine.flatMap((r) => r.photos),
    clientCpuMs: sum((r) => r.clientCpuMs),
    backendCpuMs: backend,
  };
}
