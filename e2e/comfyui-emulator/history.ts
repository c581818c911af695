// ComfyUI emulator (test infrastructure): PromptQueue.history — in RAM only, insertion ordered, at
// most 10 000 entries (MAXIMUM_HISTORY_SIZE), so a restart or clearHistory() forgets everything.
import type { JsonObject } from './py';

const MAXIMUM_HISTORY_SIZE = 10_000;

export interface History {
  /** task_done: a reused prompt_id overwrites the entry in place (dict semantics). */
  record(promptId: string, entry: JsonObject): void;
  get(promptId: string): JsonObject | undefined;
  /** get_history(max_items, offset): no max_items → all; max_items without offset → the last N. */
  list(maxItems: number | null, offset: number): Record<string, JsonObject>;
  entries(): IterableIterator<[string, JsonObject]>;
  clear(): void;
  delete(promptId: string): void;
}

export function createHistory(): History {
  const entries = new Map<string, JsonObject>();
  return {
    record(promptId, entry) {
      if (entries.size > MAXIMUM_HISTORY_SIZE) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(promptId, entry);
    },
    get: (promptId) => entries.get(promptId),
    list(maxItems, offset) {
      const out: Record<string, JsonObject> = {};
      const start = offset < 0 && maxItems !== null ? entries.size - maxItems : offset;
      let i = 0;
      let count = 0;
      for (const [id, entry] of entries) {
        if (i >= start) {
          out[id] = entry;
          count++;
          if (maxItems !== null && count >= maxItems) break;
        }
        i++;
      }
      return out;
    },
    entries: () => entries.entries(),
    clear: () => entries.clear(),
    delete: (promptId) => {
      entries.delete(promptId);
    },
  };
}
