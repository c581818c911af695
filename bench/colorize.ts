// Issue 8: DDColor in full mode (the photo up, a full-size PNG back) against chroma mode (the photo
// at model_input_size² up, a small PNG back, the full-size photo rebuilt here), the same album
// through the same emulated backend in one run. Figures and how to read them: BENCHMARKS.md,
// "colorize".
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createRebuildPool } from '../electron/core/colorize';
import { psnr8, to8 } from '../electron/core/colorize/testing/compare';
import { startSourceWorker } from '../electron/core/colorize/testing/source-worker';
import { createComfyClient } from '../electron/core/comfy';
import { chromaModelInputSize, loadWorkflows, resolveParams } from '../electron/core/workflows';
import { loadAlbum, type PhotoClass } from './colorize/album';
import { startEmulatorProcess } from './colorize/emulator-process';
import { combine, runMode, runOne, type ModeRun, type RunContext } from './colorize/measure';
import { parseColorizeOptions } from './colorize/options';
import { measureRebuildAlone, type RebuildCost } from './colorize/rebuild-alone';
import { report } from './colorize/report';
import { startWireMeter } from './colorize/wire-meter';
import type { BenchContext, BenchResult } from './lib/benchmark';

export const description = 'DDColor chroma mode vs full mode: photos/s, bytes on the wire and local rebuild time through one emulated backend';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
/** Repeats of the rebuild measured alone, per photo class (median reported). */
const ALONE_REPEATS = 7;

export async function run({ args, log, signal }: BenchContext): Promise<BenchResult> {
  const options = parseColorizeOptions(args);
  const workflow = (await loadWorkflows(join(repo, 'workflows'))).find((w) => w.id === options.workflow);
  if (!workflow) throw new Error(`no shipped workflow "${options.workflow}"`);
  if (workflow.mode.type !== 'chroma') throw new Error(`workflow "${workflow.id}" does not declare chroma mode`);
  const params = resolveParams(workflow, {});
  if (!params.ok) throw new Error(params.message);
  const size = chromaModelInputSize(workflow, params.params);

  const album = await loadAlbum(join(here, '.cache'), options.photos, options.scans, 1, log);
  const [warmup] = await loadAlbum(join(here, '.cache'), 1, 0, 9_000, log);
  if (!warmup) throw new Error('no warm-up photo');
  const cpu = cpus();
  log(`colorize benchmark on ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average ${(loadavg()[0] ?? 0).toFixed(2)}`);
  const albumMb = album.reduce((sum, p) => sum + p.bytes.byteLength, 0) / 1e6;
  log(
    `album: ${options.photos} photos of 6 MP (3000×2000 JPEG, grey and sepia) + ${options.scans} scans of 24 MP (6000×4000, 16-bit PNG and JPEG), ${albumMb.toFixed(0)} MB; ` +
      `workflow ${workflow.id} (model_input_size ${size}); at most ${options.depth} prompts on the backend; emulator in its own process, DDColor forward ${options.serviceMs} ms; ` +
      `chroma rebuild on ${options.rebuildWorkers === 0 ? 'the main thread' : `${options.rebuildWorkers} worker thread(s)`}`,
  );

  const emulator = await startEmulatorProcess(repo, { serviceMs: options.serviceMs, signal });
  const meter = await startWireMeter(emulator.url);
  const client = createComfyClient({ baseUrl: meter.url, clientId: randomUUID() });
  const workerModule = new URL('../electron/core/colorize/rebuild-worker.ts', import.meta.url);
  const rebuilder = options.rebuildWorkers === 0 ? undefined : createRebuildPool({ size: options.rebuildWorkers, startWorker: () => startSourceWorker(workerModule) });
  try {
    const ctx: RunContext = { client, workflow, depth: options.depth, signal, ...(rebuilder ? { rebuilder } : {}) };
    await runOne('full', warmup, ctx);
    // As many chroma warm-ups at once as there are rebuild workers: each worker is started here.
    await Promise.all(Array.from({ length: Math.max(1, options.rebuildWorkers) }, () => runOne('chroma', warmup, ctx)));
    // Photos spread over the rounds so that every part has its share of 24 MP scans.
    const parts = Array.from({ length: options.rounds }, (_, r) => album.filter((_, i) => i % options.rounds === r));
    const runs: ModeRun[] = [];
    for (const [r, part] of parts.entries()) {
      const order = r % 2 === 0 ? (['full', 'chroma'] as const) : (['chroma', 'full'] as const);
      for (const mode of order) {
        runs.push(await runMode(mode, part, ctx, { meter, backendCpuMs: () => emulator.cpuMs() }));
        log(`  round ${r + 1}/${parts.length} ${mode}: ${part.length} photos in ${((runs.at(-1)?.elapsedMs ?? 0) / 1000).toFixed(1)} s (load ${(loadavg()[0] ?? 0).toFixed(1)})`);
      }
    }

    // Alone: the rebuild's own cost (in the rounds it shares the 2 cores with the emulator).
    const alone: Partial<Record<PhotoClass, RebuildCost>> = {};
    for (const cls of ['6mp', '24mp'] as const) {
      const photo = album.find((p) => p.class === cls);
      if (photo) alone[cls] = await measureRebuildAlone(client, workflow, photo, ALONE_REPEATS);
    }

    // Fidelity on the first photo, both modes' results side by side.
    const first = album[0];
    let psnr: number | undefined;
    if (first) {
      const full = await runOne('full', first, ctx);
      const chroma = await runOne('chroma', first, ctx);
      const decoded = new Uint8Array(await sharp(full.result as Uint8Array).raw().toBuffer());
      psnr = psnr8(chroma.result instanceof Uint16Array ? to8(chroma.result) : chroma.result, decoded);
    }
    return report({ options, runs: [combine('full', runs), combine('chroma', runs)], alone, psnr, size, load: loadavg()[0] ?? 0, log });
  } finally {
    await rebuilder?.close();
    client.close();
    await meter.close();
    await emulator.stop();
  }
}
