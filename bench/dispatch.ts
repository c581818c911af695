// Issue 4: how busy Heirloom keeps K ComfyUI GPUs. 200 photos over K = 1, 2, 4 emulated backends
// with a fixed service time S per prompt; utilisation = ideal time (N·S/K) ÷ measured time, for
// Heirloom and, in the same run, for a naive client (upload, prompt, wait, download, next).
// Every run gets fresh emulator processes. Figures and how to read them: BENCHMARKS.md, "dispatch".
import { cpus, loadavg } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchResult } from './lib/benchmark';
import { startEmulators } from './dispatch/emulators';
import { runHeirloom, type RunFigures } from './dispatch/heirloom';
import { runNaive } from './dispatch/naive';
import { parseDispatchOptions, utilisation } from './dispatch/options';
import { writeAlbum } from './dispatch/photos';
import { warmUp } from './dispatch/warm-up';

export const description = 'GPU utilisation over 1, 2 and 4 emulated ComfyUI backends: Heirloom scheduler vs a naive one-at-a-time client';

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export async function run({ args, log, signal }: BenchContext): Promise<BenchResult> {
  const options = parseDispatchOptions(args);
  const { photos, serviceMs } = options;
  const work = await mkdtemp(join(tmpdir(), 'heirloom-bench-album-'));
  const loadBefore = loadavg()[0] ?? 0;
  try {
    const album = join(work, 'album');
    const paths = await writeAlbum(album, photos, options.width, options.height);
    log(
      `dispatch benchmark: ${photos} photos (${options.width}×${options.height} JPEG, DDColor size ${options.modelSize}), S = ${serviceMs} ms per prompt, ` +
        `K = ${options.backends.join(', ')}; ${cpus().length} cores shared by Heirloom and the emulators (one process each, fresh and warmed up for every run)`,
    );
    const result = { utilisation: {} as Record<string, number>, naive_utilisation: {} as Record<string, number>, seconds: {} as Record<string, number>, naive_seconds: {} as Record<string, number>, per_backend: {} as Record<string, number[]> };
    for (const k of options.backends) {
      signal.throwIfAborted();
      const idealMs = (photos * serviceMs) / k;
      const measure = async (label: string, body: (urls: string[]) => Promise<RunFigures>) => {
        const emulators = await startEmulators(k, serviceMs);
        try {
          await warmUp(emulators.urls, options.modelSize);
          const figures = await body(emulators.urls);
          if (figures.outputs !== photos) throw new Error(`${label}: ${figures.outputs} results for ${photos} photos`);
          const u = utilisation(photos, serviceMs, k, figures.ms);
          log(`  K=${k} ${label.padEnd(8)} ${(figures.ms / 1000).toFixed(2)} s (ideal ${(idealMs / 1000).toFixed(2)} s) utilisation ${u.toFixed(3)}  per backend ${figures.perBackend.join('/')}`);
          return { u, figures };
        } finally {
          await emulators.stop();
        }
      };
      const heirloom = await measure('heirloom', (urls) => runHeirloom(urls, album, photos, options.modelSize));
      const naive = await measure('naive', (urls) => runNaive(urls, paths, options.modelSize));
      result.utilisation[k] = round3(heirloom.u);
      result.naive_utilisation[k] = round3(naive.u);
      result.seconds[k] = round3(heirloom.figures.ms / 1000);
      result.naive_seconds[k] = round3(naive.figures.ms / 1000);
      result.per_backend[k] = heirloom.figures.perBackend;
    }
    const loadAfter = loadavg()[0] ?? 0;
    const worst = Math.min(...Object.values(result.utilisation));
    log(`Heirloom's lowest utilisation ${worst.toFixed(3)} (target ≥ 0.97); the naive client's ${Math.min(...Object.values(result.naive_utilisation)).toFixed(3)}.`);
    return {
      ...result,
      target: 0.97,
      meets_target: worst >= 0.97,
      config: { photos, service_ms: serviceMs, backends: options.backends, photo_size: `${options.width}x${options.height}`, model_input_size: options.modelSize },
      machine: { cpus: cpus().length, node: process.version, load_average_1m: [round3(loadBefore), round3(loadAfter)] },
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
