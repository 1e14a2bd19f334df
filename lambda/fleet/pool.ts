/**
 * Runs one task per item with at most `concurrency` in flight, and returns the results in the
 * items' order. A task that throws does not stop the others: its error is its result. Used by
 * the command line's fleet (one audit per account) and by the digest (one outcome read per
 * account); a watch of every account can run on it too.
 */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function mapSettled<I, T>(items: readonly I[], concurrency: number, task: (item: I, index: number) => Promise<T>): Promise<Settled<T>[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  const results: Settled<T>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = { ok: true, value: await task(items[index] as I, index) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
