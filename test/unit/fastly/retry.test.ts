import { decideRetry, type RetryContext, type RetrySettings } from '../../../lambda/fastly/retry.js';

const settings: RetrySettings = { limit: 3, baseDelayMs: 100, maxTotalWaitMs: 1_000 };
const now = Date.UTC(2026, 10, 1, 12, 0, 0);

function context(overrides: Partial<RetryContext> = {}): RetryContext {
  return { method: 'GET', attempt: 1, waitedMs: 0, nowMs: now, random: () => 0.5, ...overrides };
}

describe('decideRetry', () => {
  it.each([500, 502, 503, 504, 429])('retries a GET answered with %i', (status) => {
    expect(decideRetry({ type: 'response', status }, context(), settings)).toEqual({ retry: true, delayMs: 50 });
  });

  it.each(['network', 'timeout'] as const)('retries a GET that failed with a %s error', (type) => {
    expect(decideRetry({ type }, context(), settings).retry).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 422])('never retries %i', (status) => {
    expect(decideRetry({ type: 'response', status }, context(), settings)).toEqual({ retry: false, reason: 'not-retryable' });
  });

  it('never retries a PUT, even on 503 or a network error', () => {
    expect(decideRetry({ type: 'response', status: 503 }, context({ method: 'PUT' }), settings)).toEqual({
      retry: false,
      reason: 'not-idempotent',
    });
    expect(decideRetry({ type: 'network' }, context({ method: 'PUT' }), settings).retry).toBe(false);
  });

  it('backs off exponentially with full jitter', () => {
    const ceiling = (attempt: number) => decideRetry({ type: 'timeout' }, context({ attempt, random: () => 0.999999 }), settings);
    expect(ceiling(1)).toEqual({ retry: true, delayMs: 99 });
    expect(ceiling(2)).toEqual({ retry: true, delayMs: 199 });
    expect(ceiling(3)).toEqual({ retry: true, delayMs: 399 });
    expect(decideRetry({ type: 'timeout' }, context({ attempt: 3, random: () => 0 }), settings)).toEqual({ retry: true, delayMs: 0 });
  });

  it('stops after `limit` retries', () => {
    expect(decideRetry({ type: 'network' }, context({ attempt: 4 }), settings)).toEqual({ retry: false, reason: 'attempts-exhausted' });
    expect(decideRetry({ type: 'network' }, context({ attempt: 1 }), { ...settings, limit: 0 }).retry).toBe(false);
  });

  it('caps a wait at what is left of the total wait budget, and stops when none is left', () => {
    const big = { ...settings, baseDelayMs: 10_000 };
    expect(decideRetry({ type: 'timeout' }, context({ waitedMs: 900, random: () => 0.999999 }), big)).toEqual({
      retry: true,
      delayMs: 99,
    });
    expect(decideRetry({ type: 'timeout' }, context({ waitedMs: 1_000 }), big)).toEqual({
      retry: false,
      reason: 'wait-budget-exhausted',
    });
  });

  it('waits until Fastly-RateLimit-Reset on a 429 when that fits in the budget', () => {
    const reset = now / 1000 + 0.6;
    expect(decideRetry({ type: 'response', status: 429, rateLimitResetEpochSeconds: reset }, context(), settings)).toEqual({
      retry: true,
      delayMs: 600,
    });
  });

  it('fails at once on a 429 whose reset is beyond the budget', () => {
    const reset = now / 1000 + 3600;
    expect(decideRetry({ type: 'response', status: 429, rateLimitResetEpochSeconds: reset }, context(), settings)).toEqual({
      retry: false,
      reason: 'rate-limit-reset-too-late',
    });
  });

  it('falls back to backoff on a 429 whose reset has already passed', () => {
    const reset = now / 1000 - 5;
    expect(decideRetry({ type: 'response', status: 429, rateLimitResetEpochSeconds: reset }, context(), settings)).toEqual({
      retry: true,
      delayMs: 50,
    });
  });
});
