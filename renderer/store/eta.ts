// Time left from measured throughput: how fast photos have been finishing lately (their jobs'
// finish times, stamped by the core), not a guess per photo. Only the most recent finishes
// count, and only those close together: yesterday's batch says nothing about today's speed.

/** At most this many recent finishes set the rate (about two to three minutes of work at 5 s a photo). */
export const ETA_SAMPLE = 30;
/** Finishes further apart than this from the newest one belong to an earlier run. */
export const ETA_WINDOW_MS = 15 * 60_000;

/** Photos per millisecond, or null with fewer than two finishes to measure between. */
export function throughput(finishTimesMs: readonly number[]): number | null {
  if (finishTimesMs.length < 2) return null;
  const recent = [...finishTimesMs].sort((a, b) => b - a).slice(0, ETA_SAMPLE);
  const newest = recent[0] as number;
  const inWindow = recent.filter((t) => newest - t <= ETA_WINDOW_MS);
  if (inWindow.length < 2) return null;
  const span = newest - (inWindow[inWindow.length - 1] as number);
  // Finishes in the same millisecond (a batch restored from history) do not measure a speed.
  return span > 0 ? (inWindow.length - 1) / span : null;
}

/** Milliseconds until `remaining` photos are done at `rate`, or null when unknown. */
export function etaMs(remaining: number, rate: number | null): number | null {
  if (remaining <= 0) return 0;
  if (rate === null || rate <= 0) return null;
  return Math.round(remaining / rate);
}
