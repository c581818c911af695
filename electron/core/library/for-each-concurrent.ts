/**
 * Runs `work` on the items of `source` with at most `limit` in flight, pulling the next item only
 * when a slot frees up (so a lazy source — the album walk — is never read ahead). Stops pulling
 * once `signal` is aborted; items already started finish. A rejection of `work` or of the source
 * stops the others and is rethrown (an aborted source's AbortError included: callers check the
 * signal).
 */
export async function forEachConcurrent<T>(
  source: AsyncIterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const iterator = source[Symbol.asyncIterator]();
  let failed = false;
  async function lane(): Promise<void> {
    while (!failed && !signal?.aborted) {
      const next = await iterator.next();
      if (next.done) return;
      await work(next.value);
    }
  }
  const lanes = Array.from({ length: Math.max(1, limit) }, () =>
    lane().catch((error: unknown) => {
      failed = true;
      throw error;
    }),
  );
  const settled = await Promise.allSettled(lanes);
  const rejection = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (rejection) {
    await iterator.return?.();
    throw rejection.reason;
  }
}
