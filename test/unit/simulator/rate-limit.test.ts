import { WriteBudget } from '../../../simulator/rate-limit.js';

const at = (iso: string): number => Date.parse(iso);

describe('WriteBudget', () => {
  it('counts down within the hour, then refuses with Remaining 0', () => {
    const budget = new WriteBudget(2);

    const first = budget.spend(at('2026-11-29T13:05:00Z'));
    const second = budget.spend(at('2026-11-29T13:10:00Z'));
    const third = budget.spend(at('2026-11-29T13:59:59Z'));

    expect([first.allowed, second.allowed, third.allowed]).toEqual([true, true, false]);
    expect(first.headers['Fastly-RateLimit-Remaining']).toBe('1');
    expect(third.headers['Fastly-RateLimit-Remaining']).toBe('0');
    expect(third.headers['Fastly-RateLimit-Reset']).toBe(String(at('2026-11-29T14:00:00Z') / 1000));
  });

  it('refills at the reset time, with the next full hour as the new reset', () => {
    const budget = new WriteBudget(1);
    budget.spend(at('2026-11-29T13:30:00Z'));
    expect(budget.spend(at('2026-11-29T13:45:00Z')).allowed).toBe(false);

    const next = budget.spend(at('2026-11-29T14:00:00Z'));

    expect(next.allowed).toBe(true);
    expect(next.headers['Fastly-RateLimit-Reset']).toBe(String(at('2026-11-29T15:00:00Z') / 1000));
  });
});
