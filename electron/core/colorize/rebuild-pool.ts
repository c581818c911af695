// The rebuild on worker threads. On the 2-core dev machine the rebuild was ~75 % of the main
// thread's CPU in chroma mode (a CPU profile of 24 photos: 12.3 of 16.2 s): with it on the thread
// that also uploads, follows WebSockets and downloads, that thread capped chroma mode near
// 5 photos/s while the second core had room (per-thread CPU of 6 MP photos from /proc/self/task:
// the main thread 180–210 ms a photo without a worker, 55–60 ms with one; the worker 135–140 ms).
// Workers are started once and reused; the pixels go both ways transferred, not cloned. Where the
// caller gives no pool, runChroma rebuilds on the calling thread instead, in slices (run-chroma.ts).
// How a worker is started is the host's business (where its bundled rebuild-worker.ts lives;
// testing/source-worker.ts from the source tree).
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Pixels, RebuiltImage } from './pixels';
import type { RebuildReply, RebuildRequest } from './rebuild-messages';

/** Rebuilds full-resolution photos; runChroma uses one when given. */
export interface Rebuilder {
  /** Rejects with the signal's reason on abort (the worker's result is then dropped). */
  rebuild(original: Pixels, small: Pixels, signal?: AbortSignal): Promise<RebuiltImage>;
  /** Stops the workers; pending and later rebuilds reject. */
  close(): Promise<void>;
}

export interface RebuildPoolOptions {
  /** Starts one worker thread running rebuild-worker.ts (or its bundled form). */
  startWorker: () => Worker;
  /** Worker threads at most, started when first needed; each rebuilds one photo at a time. */
  size: number;
}

interface Job {
  id: number;
  original: Pixels;
  small: Pixels;
  resolve: (image: RebuiltImage) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/**
 * The pool size a host uses: one thread per core but one, which the thread that uploads, follows
 * and downloads keeps (at least one). On the 2-core dev machine that is 1 worker.
 */
export function defaultRebuildWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

export class RebuildWorkerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RebuildWorkerError';
  }
}

/**
 * The pixels in an ArrayBuffer of their own, to transfer to the worker. sharp's output buffers
 * cannot be transferred, and a structured clone of one costs far more than this one copy: 18 MB
 * (6 MP RGB) to a worker and back took 13–33 ms of CPU cloned, 3.3 ms copied + transferred. The
 * caller's pixels are left as they are.
 */
function transferableCopy(pixels: Pixels): { pixels: Pixels; buffer: ArrayBuffer } {
  if (pixels.depth === 16) {
    const data = new Uint16Array(pixels.data.length);
    data.set(pixels.data);
    return { pixels: { ...pixels, data }, buffer: data.buffer };
  }
  const data = new Uint8Array(pixels.data.length);
  data.set(pixels.data);
  return { pixels: { ...pixels, data }, buffer: data.buffer };
}

export function createRebuildPool(options: RebuildPoolOptions): Rebuilder {
  if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError(`a rebuild pool needs at least one worker (got ${options.size})`);
  const slots: Slot[] = [];
  const waiting: Job[] = [];
  let nextId = 1;
  let closed = false;

  const start = (): Slot => {
    const worker = options.startWorker();
    const slot: Slot = { worker, job: null };
    worker.on('message', (reply: RebuildReply) => {
      const job = slot.job;
      slot.job = null;
      if (job && job.id === reply.id) {
        if ('error' in reply) job.reject(new RebuildWorkerError(`the rebuild failed: ${reply.error}`));
        else job.resolve(reply.image);
      }
      pump();
    });
    const lost = (error: unknown) => {
      const index = slots.indexOf(slot);
      if (index >= 0) slots.splice(index, 1);
      const job = slot.job;
      slot.job = null;
      job?.reject(new RebuildWorkerError(`a rebuild worker stopped: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
      pump();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`exit code ${code}`)));
    // An idle pool must not keep the process alive.
    worker.unref();
    slots.push(slot);
    return slot;
  };

  const pump = () => {
    while (!closed && waiting.length > 0) {
      const slot = slots.find((s) => s.job === null) ?? (slots.length < options.size ? start() : undefined);
      if (!slot) return;
      const job = waiting.shift();
      if (!job) return;
      slot.job = job;
      slot.worker.ref();
      // Copied only now, so a queued photo does not hold a second copy of its pixels.
      const original = transferableCopy(job.original);
      const small = transferableCopy(job.small);
      const request: RebuildRequest = { id: job.id, original: original.pixels, small: small.pixels };
      slot.worker.postMessage(request, [original.buffer, small.buffer]);
    }
    for (const slot of slots) if (slot.job === null) slot.worker.unref();
  };

  return {
    rebuild(original, small, signal) {
      if (closed) return Promise.reject(new RebuildWorkerError('the rebuild pool is closed'));
      if (signal?.aborted) return Promise.reject(signal.reason as unknown);
      return new Promise<RebuiltImage>((resolve, reject) => {
        const onAbort = () => {
          const queued = waiting.indexOf(job);
          if (queued >= 0) waiting.splice(queued, 1);
          reject(signal?.reason);
        };
        const settle = () => signal?.removeEventListener('abort', onAbort);
        const job: Job = {
          id: nextId++,
          original,
          small,
          resolve: (image) => {
            settle();
            resolve(image);
          },
          reject: (error) => {
            settle();
            reject(error);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.push(job);
        pump();
      });
    },
    async close() {
      closed = true;
      for (const job of waiting.splice(0)) job.reject(new RebuildWorkerError('the rebuild pool is closed'));
      await Promise.all(slots.splice(0).map((slot) => slot.worker.terminate()));
    },
  };
}
