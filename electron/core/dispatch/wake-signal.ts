/**
 * Lets a worker loop sleep until there may be work: `wait(ms)` resolves after `ms`, on `wake()`,
 * or when the signal aborts — whichever comes first. No polling in between.
 */
export function createWakeSignal() {
  let waiters: Array<() => void> = [];
  return {
    wake() {
      const current = waiters;
      waiters = [];
      current.forEach((resolve) => resolve());
    },
    wait(ms: number, signal: AbortSignal): Promise<void> {
      return new Promise((resolve) => {
        if (signal.aborted) return resolve();
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          waiters = waiters.filter((w) => w !== done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        signal.addEventListener('abort', done, { once: true });
        waiters.push(done);
      });
    },
  };
}
