// Figures: medians over rounds, throughputs, ratios and how they print.

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  // Both lookups are in range: 0 <= mid - 1 < mid < length when length is even and >= 2.
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(values: readonly number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), samples: values.length };
}

export function perSecond(count: number, elapsedMs: number): number {
  if (!(elapsedMs > 0)) throw new RangeError(`elapsed time must be positive, got ${elapsedMs} ms`);
  return (count * 1000) / elapsedMs;
}

/** ours / theirs to 2 decimals; null when either side was not measured. */
export function ratio(ours: number | undefined, theirs: number | undefined): number | null {
  if (ours === undefined || theirs === undefined || !(theirs > 0)) return null;
  return Math.round((ours / theirs) * 100) / 100;
}

/** 12345.6 → "12.3k"; 950 → "950". */
export function formatRate(perSec: number): string {
  if (perSec >= 1_000_000) return `${(perSec / 1_000_000).toFixed(2)}M`;
  if (perSec >= 1_000) return `${(perSec / 1_000).toFixed(1)}k`;
  return perSec.toFixed(0);
}
