/**
 * How a Lambda run spends the time it is given, so that it always ends by saying what happened:
 * every step has a slot, and the slots of the archive and the notification are kept after the
 * Fastly calls, whatever those do. Pure numbers; lib/ checks the function's timeout against
 * `minimumRunMs()`, the worst case of a run that never runs short.
 */
import { FASTLY_CLIENT_DEFAULTS } from '../fastly/client.js';

/**
 * The Fastly calls of one audit, as reads made one after another: GET /current_customer; the
 * users, tokens and invitations side by side (one read of time); the audit log for attribution
 * (its queries side by side); the read that verifies a fix; and the fix's one PUT. A new call
 * made after these adds to them. A list of several pages takes a read of time per page more: the
 * run's deadline cuts such an audit short, with an ERROR or a warning, never silently.
 */
export const AUDIT_FASTLY_CALLS = { reads: 4, writes: 1 } as const;

/** The longest each AWS step may take (the AWS clients' own timeouts are shorter: lambda/aws/clients.ts). */
export const AWS_STEP_LIMITS_MS = {
  readToken: 10_000,
  /** latest/<customer>.json and the last run's record. */
  readPrevious: 10_000,
  /** The run's report, its CSV and page, latest/ (JSON and page) and the last run's record; latest/ and the record conditional writes. A slow S3 ends the step at its slot, as an error of the run. */
  archive: 20_000,
  publish: 10_000,
  /** With Security Hub on: every batch of findings, a few at a time (about 15,000 findings at its 10 calls a second). */
  securityHub: 15_000,
} as const;

/**
 * A fleet account's last step, after its notification: storing its outcome for the fleet's
 * digest (lambda/aws/fleet-store.ts). Its slot is kept at the very end of the invocation.
 */
export const FLEET_OUTCOME_LIMIT_MS = 5_000;

/**
 * What a deployment runs besides the audit: the Security Hub import takes a slot only when it is
 * on, and a fleet account's run keeps one for its outcome.
 */
export interface RunSteps {
  securityHub?: boolean;
  fleet?: boolean;
}

/** Kept before Lambda's own deadline, for the last log line and the return. */
export const SAFETY_MARGIN_MS = 500;

type FastlyLimits = { timeoutMs: number; retry: { limit: number; maxTotalWaitMs: number } };

/** A read: every attempt times out, and the retries wait their whole budget (a 429's reset included). */
export function fastlyWorstCaseMs(limits: FastlyLimits = FASTLY_CLIENT_DEFAULTS, calls: { reads: number; writes: number } = AUDIT_FASTLY_CALLS): number {
  const read = (limits.retry.limit + 1) * limits.timeoutMs + limits.retry.maxTotalWaitMs;
  // A write is never retried.
  return calls.reads * read + calls.writes * limits.timeoutMs;
}

/** The function timeout a run needs so that the slowest Fastly API the client tolerates never cuts it short. */
export function minimumRunMs(steps: RunSteps = {}): number {
  const aws = Object.entries(AWS_STEP_LIMITS_MS).reduce((total, [step, limit]) => total + (step === 'securityHub' && !steps.securityHub ? 0 : limit), 0);
  return fastlyWorstCaseMs() + aws + (steps.fleet ? FLEET_OUTCOME_LIMIT_MS : 0) + SAFETY_MARGIN_MS;
}

/** Epoch milliseconds by which each phase must end. */
export interface RunPlan {
  /** The token read and the Fastly calls (the client gets this as its deadline). */
  fastlyEnd: number;
  /** Reading the previous report. */
  previousEnd: number;
  /** Importing the findings into Security Hub (no time at all when it is off). */
  securityHubEnd: number;
  /** Archiving: everything but the notification. */
  workEnd: number;
  /** The notification, the last thing a run does. */
  end: number;
}

/**
 * Slots counted back from the end: the notification's, the archive's, the Security Hub import's
 * (when on) and the previous report's (each its limit, or a share of a short run), and what is
 * left before them for Fastly. A step that ends early leaves its time to the next.
 */
export function planRun(startMs: number, remainingMs: number, steps: RunSteps = {}): RunPlan {
  const end = startMs + remainingMs - SAFETY_MARGIN_MS;
  const slot = (limitMs: number, share: number) => Math.min(limitMs, remainingMs * share);
  const workEnd = end - slot(AWS_STEP_LIMITS_MS.publish, 0.25);
  const securityHubEnd = workEnd - slot(AWS_STEP_LIMITS_MS.archive, 0.2);
  const previousEnd = securityHubEnd - (steps.securityHub ? slot(AWS_STEP_LIMITS_MS.securityHub, 0.1) : 0);
  const fastlyEnd = previousEnd - slot(AWS_STEP_LIMITS_MS.readPrevious, 0.1);
  return { fastlyEnd, previousEnd, securityHubEnd, workEnd, end };
}

/**
 * A fleet account's run: the plan of an invocation shorter by the outcome's slot (its limit, or a
 * twentieth of a short run), and that slot at the end, so that the outcome is stored whatever the
 * notification did.
 */
export function planFleetAccountRun(startMs: number, remainingMs: number, steps: RunSteps = {}): { plan: RunPlan; outcomeEnd: number } {
  const outcomeSlot = Math.min(FLEET_OUTCOME_LIMIT_MS, remainingMs * 0.05);
  const plan = planRun(startMs, remainingMs - outcomeSlot, steps);
  return { plan, outcomeEnd: plan.end + outcomeSlot };
}
