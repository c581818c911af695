/**
 * import.progress went out once per file: 10,000 events (each a WebSocket frame or an IPC message,
 * each a store update in the renderer) for a 10,000-photo album. Now a running import reports at
 * most once per `intervalMs` of the injected clock (100 ms: ten updates a second is as fast as a
 * counter can be read); the caller forces the first and the last report, so the final counts
 * always arrive. No timer: a report is only ever due when a file finishes, so counts lag by at
 * most the interval plus one file's time.
 */
export const PROGRESS_INTERVAL_MS = 100;

export function createProgressThrottle(now: () => number, intervalMs = PROGRESS_INTERVAL_MS) {
  let lastMs = Number.NEGATIVE_INFINITY;
  /** True when a report may go out now (always when `force`); a true answer starts the next interval. */
  return function due(force = false): boolean {
    const t = now();
    if (!force && t - lastMs < intervalMs) return false;
    lastMs = t;
    return true;
  };
}
