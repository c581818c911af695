// ComfyUI emulator (test infrastructure): execution.PromptQueue — a binary heap ordered by
// (number, prompt_id) exactly like Python's heapq (so /queue's queue_pending comes back in heap
// order, not sorted), the running set, flags for /free, and "status" broadcasts on every change.
import type { Json, JsonObject } from './py';

export interface QueueItem {
  readonly number: number;
  readonly promptId: string;
  readonly prompt: JsonObject;
  readonly extraData: JsonObject;
  readonly outputs: readonly string[];
}

/** The tuple as ComfyUI serialises it: [number, prompt_id, prompt, extra_data, outputs_to_execute]. */
export function queueItemJson(item: QueueItem): Json {
  return [item.number, item.promptId, item.prompt, item.extraData, [...item.outputs]];
}

export interface Taken {
  readonly item: QueueItem;
  readonly taskId: number;
}

export interface PromptQueue {
  put(item: QueueItem): void;
  /** Resolves once an item or a /free flag is waiting. Rejects when aborted. */
  waitForWork(signal: AbortSignal): Promise<void>;
  /** Pops the next item into the running set (status broadcast); null when nothing is pending. */
  take(): Taken | null;
  /** Removes the running task; history is written by the caller. Broadcasts status. */
  taskDone(taskId: number): QueueItem | undefined;
  running(): QueueItem[];
  pending(): QueueItem[];
  tasksRemaining(): number;
  wipe(): void;
  deleteFirst(matches: (item: QueueItem) => boolean): boolean;
  setFlag(name: string, value: Json): void;
  takeFlags(): Map<string, Json>;
}

function less(a: QueueItem, b: QueueItem): boolean {
  if (a.number !== b.number) return a.number < b.number;
  return a.promptId < b.promptId;
}

function siftDown(heap: QueueItem[], start: number, from: number): void {
  let pos = from;
  const item = heap[pos];
  if (item === undefined) return;
  while (pos > start) {
    const parentPos = (pos - 1) >> 1;
    const parent = heap[parentPos];
    if (parent === undefined || !less(item, parent)) break;
    heap[pos] = parent;
    pos = parentPos;
  }
  heap[pos] = item;
}

function siftUp(heap: QueueItem[], from: number): void {
  const end = heap.length;
  let pos = from;
  const item = heap[pos];
  if (item === undefined) return;
  let child = 2 * pos + 1;
  while (child < end) {
    const right = child + 1;
    const left = heap[child];
    const rightItem = heap[right];
    if (right < end && left !== undefined && rightItem !== undefined && !less(left, rightItem)) child = right;
    const chosen = heap[child];
    if (chosen === undefined) break;
    heap[pos] = chosen;
    pos = child;
    child = 2 * pos + 1;
  }
  heap[pos] = item;
  siftDown(heap, from, pos);
}

function heapify(heap: QueueItem[]): void {
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftUp(heap, i);
}

export function createPromptQueue(onChange: () => void): PromptQueue {
  let heap: QueueItem[] = [];
  const running = new Map<number, QueueItem>();
  let taskCounter = 0;
  let flags = new Map<string, Json>();
  let wake: (() => void) | null = null;

  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };

  const queue: PromptQueue = {
    put(item) {
      heap.push(item);
      siftDown(heap, 0, heap.length - 1);
      onChange();
      notify();
    },
    async waitForWork(signal) {
      while (heap.length === 0 && flags.size === 0) {
        signal.throwIfAborted();
        await new Promise<void>((resolve, reject) => {
          const onAbort = (): void => reject(signal.reason as Error);
          wake = () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          };
          signal.addEventListener('abort', onAbort, { once: true });
        });
      }
    },
    take() {
      const last = heap.pop();
      if (last === undefined) return null;
      let item = last;
      if (heap.length > 0) {
        item = heap[0] ?? last;
        heap[0] = last;
        siftUp(heap, 0);
      }
      const taskId = taskCounter++;
      // currently_running holds a deep copy: history shows the prompt as queued, before is_changed.
      running.set(taskId, structuredClone(item));
      onChange();
      return { item, taskId };
    },
    taskDone(taskId) {
      const item = running.get(taskId);
      running.delete(taskId);
      onChange();
      return item;
    },
    running: () => [...running.values()],
    pending: () => [...heap],
    tasksRemaining: () => heap.length + running.size,
    wipe() {
      heap = [];
      onChange();
    },
    deleteFirst(matches) {
      const index = heap.findIndex(matches);
      if (index < 0) return false;
      if (heap.length === 1) queue.wipe();
      else {
        heap.splice(index, 1);
        heapify(heap);
      }
      onChange();
      return true;
    },
    setFlag(name, value) {
      flags.set(name, value);
      notify();
    },
    takeFlags() {
      const taken = flags;
      flags = new Map();
      return taken;
    },
  };
  return queue;
}
