/**
 * At most `size` holders at once; the others wait in arrival order. The import holds a slot only
 * while sharp decodes, so reading, hashing and writing of other photos overlap the decodes.
 */
export function createSlots(size: number) {
  let free = Math.max(1, size);
  const waiting: Array<() => void> = [];
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (free > 0) free--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await work();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else free++;
      }
    },
  };
}
