// ComfyUI emulator (test infrastructure): the executor's two switches. The interrupt flag works
// like ComfyUI's global one (set by /interrupt, checked before each node and in progress hooks,
// reset when the next prompt starts); the gate is the emulator's pause()/resume() fault.

export class InterruptProcessing extends Error {
  constructor() {
    super('Processing interrupted');
    this.name = 'InterruptProcessingException';
  }
}

export interface InterruptSwitch {
  /** nodes.interrupt_processing(False), at the start of every prompt. */
  reset(): void;
  /** nodes.interrupt_processing(): also cuts short the emulated service time. */
  trigger(): void;
  requested(): boolean;
  /** Aborted when trigger() is called during the current prompt. */
  signal(): AbortSignal;
}

export function createInterruptSwitch(): InterruptSwitch {
  let controller = new AbortController();
  return {
    reset() {
      controller = new AbortController();
    },
    trigger() {
      controller.abort(new InterruptProcessing());
    },
    requested: () => controller.signal.aborted,
    signal: () => controller.signal,
  };
}

export interface Gate {
  pause(): void;
  resume(): void;
  /** Resolves at once unless paused; rejects when `signal` aborts. */
  wait(signal: AbortSignal): Promise<void>;
}

export function createGate(): Gate {
  let paused = false;
  let waiters: Array<() => void> = [];
  return {
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      const released = waiters;
      waiters = [];
      for (const w of released) w();
    },
    async wait(signal) {
      signal.throwIfAborted();
      if (!paused) return;
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(signal.reason as Error);
        waiters.push(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

/** Runs async sections one after another (ComfyUI's synchronous handler sections). */
export interface Mutex {
  run<T>(section: () => Promise<T>): Promise<T>;
}

export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(section) {
      const result = tail.then(section, section);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
