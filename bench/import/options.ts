// Command-line options of `npm run bench -- import [options]`; defaults are the figures.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

export interface ImportBenchOptions {
  /** 6 MP JPEGs in the throughput album. */
  readonly photos: number;
  /** Photos in the memory album (smaller: 0.5 MP). */
  readonly small: number;
  /** Measured rounds per subject (alternating bare / Heirloom); medians reported. */
  readonly rounds: number;
  /** Photos in flight in both subjects. */
  readonly concurrency: number;
}

export const IMPORT_USAGE = 'options: --photos N (2000) --small N (10000) --rounds N (3) --concurrency N (cores)';

function count(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${value}"; ${IMPORT_USAGE}`);
  return n;
}

export function parseImportOptions(args: readonly string[]): ImportBenchOptions {
  let values;
  try {
    values = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: { photos: { type: 'string' }, small: { type: 'string' }, rounds: { type: 'string' }, concurrency: { type: 'string' } },
    }).values;
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; ${IMPORT_USAGE}`);
  }
  return {
    photos: count('photos', values.photos, 2000, 10, 100_000),
    small: count('small', values.small, 10_000, 10, 100_000),
    rounds: count('rounds', values.rounds, 3, 1, 20),
    concurrency: count('concurrency', values.concurrency, availableParallelism(), 1, 64),
  };
}
