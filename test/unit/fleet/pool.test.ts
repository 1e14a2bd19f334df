/** mapSettled: bounded concurrency, results in the items' order, one failure kept to its item. */
import { mapSettled } from '../../../lambda/fleet/pool.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapSettled', () => {
  it('never runs more than `concurrency` tasks at once, and keeps every worker busy', async () => {
    let running = 0;
    let peak = 0;
    const items = Array.from({ length: 23 }, (_, index) => index);

    const results = await mapSettled(items, 5, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      await tick(item % 3);
      running -= 1;
      return item * 2;
    });

    expect(peak).toBe(5);
    expect(results).toEqual(items.map((item) => ({ ok: true, value: item * 2 })));
  });

  it("keeps a task's failure as its result and runs the others", async () => {
    const results = await mapSettled(['a', 'boom', 'c'], 2, async (item) => {
      if (item === 'boom') throw new Error('401');
      return item.toUpperCase();
    });

    expect(results).toEqual([{ ok: true, value: 'A' }, { ok: false, error: new Error('401') }, { ok: true, value: 'C' }]);
  });

  it('handles no items, and refuses a concurrency below 1', async () => {
    await expect(mapSettled([], 3, async () => 1)).resolves.toEqual([]);
    await expect(mapSettled([1], 0, async () => 1)).rejects.toThrow('concurrency must be a positive integer, got 0');
  });
});
