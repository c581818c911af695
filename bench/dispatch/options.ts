// Command-line options of `npm run bench -- dispatch [options]`; defaults are issue 4's setup
// (200 photos, S = 200 ms, K = 1, 2, 4) and take about 2½ minutes on 2 cores.
import { parseArgs } from 'node:util';

export interface DispatchBenchOptions {
  readonly photos: number;
  /** Emulated GPU time per prompt. */
  readonly serviceMs: number;
  /** Numbers of backends, one run each (Heirloom and the naive client). */
  readonly backends: readonly number[];
  /** Photo size in pixels (real JPEG bytes, grey film-like noise). */
  readonly width: number;
  readonly height: number;
  /** DDColor model_input_size the workflow gets (the emulator resizes to it on the CPU). */
  readonly modelSize: number;
}

export const DISPATCH_USAGE = 'options: --photos N (200) --service-ms S (200) --backends 1,2,4 --size WxH (160x120) --model-size N (128)';

function whole(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

export function parseDispatchOptions(args: readonly string[]): DispatchBenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { photos: { type: 'string' }, 'service-ms': { type: 'string' }, backends: { type: 'string' }, size: { type: 'string' }, 'model-size': { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${DISPATCH_USAGE}`);
  }
  const backends = (values.backends ?? '1,2,4').split(',').map((k) => whole('backends', k.trim(), 1, 1, 8));
  const size = /^(\d+)x(\d+)$/.exec(values.size ?? '160x120');
  if (!size) throw new Error(`--size must be WIDTHxHEIGHT, got "${values.size ?? ''}"`);
  const modelSize = whole('model-size', values['model-size'], 128, 128, 2048);
  if (modelSize % 32 !== 0) throw new Error(`--model-size must be a multiple of 32, got ${modelSize}`);
  return {
    photos: whole('photos', values.photos, 200, 1, 10_000),
    serviceMs: whole('service-ms', values['service-ms'], 200, 1, 60_000),
    backends: [...new Set(backends)],
    width: whole('size', size[1], 160, 8, 8192),
    height: whole('size', size[2], 120, 8, 8192),
    modelSize,
  };
}

/** Ideal time ÷ measured time, where ideal = N·S/K: the GPUs never wait and share the photos evenly. */
export function utilisation(photos: number, serviceMs: number, backends: number, measuredMs: number): number {
  return (photos * serviceMs) / backends / measuredMs;
}
