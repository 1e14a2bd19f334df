/**
 * How a watch pass spends its invocation (pure numbers, like budget.ts): accounts at most
 * WATCH_CONCURRENCY at once, each account's Fastly calls, token read and S3 and SNS calls within
 * the pass's time, and the end of the invocation kept for the pass's failure notification and
 * records. lib/ checks the function's timeout against `minimumWatchRunMs()`.
 */
import { FASTLY_CLIENT_DEFAULTS } from '../fastly/client.js';
import { AWS_STEP_LIMITS_MS, SAFETY_MARGIN_MS } from './budget.js';

/** The longest one S3 call of the watch may take (the clients' own timeouts are shorter). */
export const WATCH_S3_LIMIT_MS = 10_000;

/** Accounts watched at once in one invocation: a thousand accounts at 50 ms per call take about a second (npm run bench). */
export const WATCH_CONCURRENCY = 50;

/** The watch runs again in minutes: one retry of a read, not the audit's three. */
export const WATCH_FASTLY_CLIENT = { timeoutMs: FASTLY_CLIENT_DEFAULTS.timeoutMs, retry: { limit: 1, baseDelayMs: 250, maxTotalWaitMs: 2_000 } } as const;

/** Fastly reads of one account's pass, one after the other: the customer, and the audit log when something changed. */
const WATCH_FASTLY_READS = 2;

/** The longest an account's pass takes when every call runs to its limit. */
export function watchAccountWorstCaseMs(): number {
  const read = (WATCH_FASTLY_CLIENT.retry.limit + 1) * WATCH_FASTLY_CLIENT.timeoutMs + WATCH_FASTLY_CLIENT.retry.maxTotalWaitMs;
  // Token, the Fastly reads, the state read (the failure record's beside it), the alert, the state write.
  return AWS_STEP_LIMITS_MS.readToken + WATCH_FASTLY_READS * read + WATCH_S3_LIMIT_MS + AWS_STEP_LIMITS_MS.publish + WATCH_S3_LIMIT_MS;
}

/** Kept at the end of the invocation: the pass's notification about failures, then their records. */
const WATCH_TAIL_MS = AWS_STEP_LIMITS_MS.publish + WATCH_S3_LIMIT_MS;

/** The function timeout a watch of one account needs so that a slow API never cuts it short (lib/ checks it). */
export function minimumWatchRunMs(): number {
  return watchAccountWorstCaseMs() + WATCH_TAIL_MS + SAFETY_MARGIN_MS;
}

export interface WatchPlan {
  /** Every account's work ends by then (its Fastly calls earlier, keeping its AWS calls' time). */
  accountsEnd: number;
  fastlyEnd: number;
  /** No account starts after this. */
  startBy: number;
  /** The invocation's own end. */
  end: number;
}

export function planWatch(startMs: number, remainingMs: number): WatchPlan {
  const end = startMs + remainingMs - SAFETY_MARGIN_MS;
  const accountsEnd = end - Math.min(WATCH_TAIL_MS, remainingMs * 0.2);
  const accountAws = Math.min(WATCH_S3_LIMIT_MS + AWS_STEP_LIMITS_MS.publish + WATCH_S3_LIMIT_MS, remainingMs * 0.3);
  const fastlyEnd = accountsEnd - accountAws;
  return { accountsEnd, fastlyEnd, startBy: fastlyEnd - Math.min(AWS_STEP_LIMITS_MS.readToken, remainingMs * 0.1), end };
}

