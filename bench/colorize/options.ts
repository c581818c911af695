// Command-line options of `npm run bench -- colorize [options]`; the defaults are issue 8's album
// (≥ 50 photos of 6 MP and some 24 MP scans) and take ~3 minutes on the 2-core dev machine.
import { parseArgs } from 'node:util';
import { defaultRebuildWorkers } from '../../electron/core/colorize/rebuild-pool';

export interface ColorizeBenchOptions {
  /** 6 MP photos (3000×2000), half grey, half sepia-toned, JPEG. */
  readonly photos: number;
  /** 24 MP scans (6000×4000): 16-bit grey PNG and 8-bit grey JPEG, alternating. */
  readonly scans: number;
  /** Prompts on the backend at a time, as the dispatcher keeps a backend's queue (2). */
  readonly depth: number;
  /** The emulated network forward of DDColor per prompt (real GPU: 15–70 ms). */
  readonly serviceMs: number;
  /** The shipped workflow to run (its model_input_size is the chroma upload size). */
  readonly workflow: string;
  /**
   * The album is split into this many parts, each run in both modes, the order alternating
   * (full, chroma, chroma, full, …): on a shared machine whose load moves during a run, both
   * modes then meet the same load on average.
   */
  readonly rounds: number;
  /**
   * Chroma mode's rebuild on this many worker threads (electron/core/colorize/rebuild-pool.ts);
   * 0 (the default, what the dispatcher does until the host gives it a pool) rebuilds on the
   * client's main thread, in slices, as runChroma does without one.
   */
  readonly rebuildWorkers: number;
}

export const COLORIZE_USAGE = 'options: --photos N (50) --scans N (4) --depth N (2) --service-ms N (40) --workflow ID (ddcolor-portrait) --rounds N (4) --rebuild-workers N (cores − 1, at least 1, as the app; 0 = on the calling thread)';

function count(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

export function parseColorizeOptions(args: readonly string[]): ColorizeBenchOptions {
  let values;
  try {
    values = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        photos: { type: 'string' },
        scans: { type: 'string' },
        depth: { type: 'string' },
        'service-ms': { type: 'string' },
        workflow: { type: 'string' },
        rounds: { type: 'string' },
        'rebuild-workers': { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; ${COLORIZE_USAGE}`);
  }
  const photos = count('photos', values.photos, 50, 0, 10_000);
  const scans = count('scans', values.scans, 4, 0, 1_000);
  if (photos === 0 && scans === 0) throw new Error('--photos and --scans are both 0: nothing to run');
  return {
    photos,
    scans,
    depth: count('depth', values.depth, 2, 1, 16),
    serviceMs: count('service-ms', values['service-ms'], 40, 0, 60_000),
    workflow: values.workflow ?? 'ddcolor-portrait',
    rounds: Math.min(count('rounds', values.rounds, 4, 1, 100), photos + scans),
    // Default: what the product uses (createHeirloomCore's pool, cores − 1, at least 1).
    rebuildWorkers: count('rebuild-workers', values['rebuild-workers'], defaultRebuildWorkers(), 0, 16),
  };
}
