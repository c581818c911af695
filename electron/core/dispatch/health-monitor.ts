// Runs each backend's health check when it is due (each target says when: soon after a dropped
// WebSocket, every few seconds while offline, less often while online). Checks of different
// backends run side by side, so one slow or dead backend delays no other.
import { createWakeSignal } from './wake-signal';

export interface HealthTarget {
  readonly id: string;
  /** Epoch ms of the next check; Infinity for never (disabled). */
  nextCheckAtMs(): number;
  check(signal: AbortSignal): Promise<void>;
}

export function createHealthMonitor(options: { now: () => number; targets: () => readonly HealthTarget[] }) {
  const wake = createWakeSignal();
  const running = new Map<string, Promise<void>>();

  return {
    /** Until `signal` aborts; then waits for the checks under way (they see the same signal). */
    async run(signal: AbortSignal): Promise<void> {
      while (!signal.aborted) {
        const t = options.now();
        let next = Infinity;
        for (const target of options.targets()) {
          if (running.has(target.id)) continue;
          const due = target.nextCheckAtMs();
          if (due > t) {
            next = Math.min(next, due);
            continue;
          }
          const check = target
            .check(signal)
            .catch((error: unknown) => console.error(`health check of backend ${target.id} failed unexpectedly`, error))
            .finally(() => {
              running.delete(target.id);
              wake.wake();
            });
          running.set(target.id, check);
        }
        // Nothing due: sleep until the earliest target is (a minute at most; poke() wakes earlier).
        await wake.wait(Number.isFinite(next) ? Math.min(60_000, next - t) : 60_000, signal);
      }
      await Promise.all(running.values());
    },
    /** A target's due time moved earlier (or a target was added). */
    poke: () => wake.wake(),
  };
}
