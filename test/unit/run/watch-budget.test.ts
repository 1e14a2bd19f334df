import { minimumRunMs } from '../../../lambda/run/budget.js';
import { minimumWatchRunMs, planWatch, watchAccountWorstCaseMs } from '../../../lambda/run/watch-budget.js';

describe('the watch budget', () => {
  it("holds one account's worst case, and fits in every timeout that holds an audit", () => {
    expect(watchAccountWorstCaseMs()).toBe(84_000);
    expect(minimumWatchRunMs()).toBe(104_500);
    expect(minimumWatchRunMs()).toBeLessThan(minimumRunMs());
  });

  it('orders its slots: the Fastly calls, the accounts\' AWS calls, then the end kept for the failure notification', () => {
    const plan = planWatch(0, 300_000);

    expect(plan.startBy).toBeLessThan(plan.fastlyEnd);
    expect(plan.fastlyEnd).toBe(plan.accountsEnd - 30_000);
    expect(plan.accountsEnd).toBe(plan.end - 20_000);
    expect(plan.end).toBe(299_500);
  });

  it('shares a short invocation instead of leaving no time to the accounts', () => {
    const plan = planWatch(0, 10_000);

    expect(plan.startBy).toBeGreaterThan(0);
    expect(plan.fastlyEnd).toBeGreaterThan(plan.startBy);
    expect(plan.end - plan.accountsEnd).toBe(2_000);
  });
});
