/**
 * When to try a request again, and after how long: a pure decision so the policy is tested
 * without clocks or servers. Only GET is retried (reads are idempotent and not rate-limited;
 * a repeated PUT could spend the write budget twice or race a change made in between).
 */
export interface RetrySettings {
  /** Retries after the first attempt. */
  limit: number;
  /** Backoff base: attempt n waits a random time in [0, baseDelayMs * 2^(n-1)) ("full jitter"). */
  baseDelayMs: number;
  /** Upper bound on the sum of all waits of one call. */
  maxTotalWaitMs: number;
}

export type AttemptOutcome =
  | { type: 'response'; status: number; rateLimitResetEpochSeconds?: number }
  | { type: 'network' }
  | { type: 'timeout' };

export interface RetryContext {
  method: string;
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  /** Time already spent waiting between attempts of this call. */
  waitedMs: number;
  nowMs: number;
  /** A number in [0, 1), e.g. Math.random. */
  random: () => number;
}

export type NoRetryReason =
  | 'not-idempotent'
  | 'not-retryable'
  | 'attempts-exhausted'
  | 'wait-budget-exhausted'
  | 'rate-limit-reset-too-late';

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: NoRetryReason };

function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

export function decideRetry(outcome: AttemptOutcome, context: RetryContext, settings: RetrySettings): RetryDecision {
  if (context.method !== 'GET') return { retry: false, reason: 'not-idempotent' };
  if (outcome.type === 'response' && !isRetryableStatus(outcome.status)) return { retry: false, reason: 'not-retryable' };
  if (context.attempt > settings.limit) return { retry: false, reason: 'attempts-exhausted' };

  const remainingMs = settings.maxTotalWaitMs - context.waitedMs;
  if (remainingMs <= 0) return { retry: false, reason: 'wait-budget-exhausted' };

  // Fastly says when the rate-limit window resets: waiting less is pointless, waiting past the
  // budget is not allowed, so either wait exactly that long or give up now.
  if (outcome.type === 'response' && outcome.status === 429 && outcome.rateLimitResetEpochSeconds !== undefined) {
    const untilResetMs = outcome.rateLimitResetEpochSeconds * 1000 - context.nowMs;
    if (untilResetMs > remainingMs) return { retry: false, reason: 'rate-limit-reset-too-late' };
    if (untilResetMs > 0) return { retry: true, delayMs: Math.ceil(untilResetMs) };
  }

  const ceilingMs = Math.min(settings.baseDelayMs * 2 ** (context.attempt - 1), remainingMs);
  return { retry: true, delayMs: Math.floor(context.random() * ceilingMs) };
}
