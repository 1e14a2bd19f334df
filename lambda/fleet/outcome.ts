/**
 * What one account's run leaves for the fleet's digest: its status and counts, what is new, where
 * its report is, whether it notified on its own. Small on purpose (a few hundred bytes): the
 * Lambda stores one per account and run in S3 (lambda/aws/fleet-store.ts) rather than hand it
 * back through the state machine, whose state is capped at 256 KiB for the whole fleet. Pure.
 */
import { changeKind, type ChangeKind } from '../report/delta.js';
import { UNKNOWN_CUSTOMER } from '../report/error-report.js';
import { cut, failingTotal, fixedTotal, highestFailingSeverity, mutedTotal, uncheckedTotal } from '../report/facts.js';
import { RUN_STATUSES, SEVERITIES, type Report, type RunStatus, type Severity } from '../report/model.js';
import * as z from '../zod.js';
import { ACCOUNT_NAME } from './account-name.js';

/** Errors an outcome keeps, each message cut: the account's report has them all. */
const MAX_ERRORS = 3;
const MAX_ERROR_TEXT = 500;

const CHANGE_KINDS = ['NEW', 'RESOLVED', 'UNCHANGED', 'FIRST_RUN', 'UNKNOWN'] as const satisfies readonly ChangeKind[];
const count = () => z.int().check(z.minimum(0));

const AccountOutcomeSchema = z.object({
  account: z.string().check(z.regex(ACCOUNT_NAME)),
  runId: z.nullable(z.string()),
  customer: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(RUN_STATUSES),
  highestSeverity: z.nullable(z.enum(SEVERITIES)),
  failing: count(),
  bySeverity: z.object({ critical: count(), high: count(), medium: count(), low: count() }),
  unchecked: count(),
  muted: count(),
  fixed: count(),
  usersChecked: count(),
  newFindings: z.nullable(count()),
  resolved: z.nullable(count()),
  change: z.enum(CHANGE_KINDS),
  errors: z.array(z.object({ message: z.string(), action: z.optional(z.string()) })),
  reportLocation: z.nullable(z.string()),
  notified: z.boolean(),
});

export type AccountOutcome = z.output<typeof AccountOutcomeSchema>;

function keptErrors(errors: readonly { message: string; action?: string }[]): AccountOutcome['errors'] {
  return errors.slice(0, MAX_ERRORS).map((error) => ({
    message: cut(error.message, MAX_ERROR_TEXT),
    ...(error.action !== undefined ? { action: cut(error.action, MAX_ERROR_TEXT) } : {}),
  }));
}

export interface AccountRun {
  reportLocation?: string;
  notified: boolean;
  /** The account's own notification could not be sent: the outcome is an ERROR that says so. */
  notifyProblem?: string;
}

/** The outcome of an account whose run ended in a report. */
export function outcomeOf(account: string, report: Report, run: AccountRun): AccountOutcome {
  const notifyErrors = run.notifyProblem === undefined ? [] : [{ message: run.notifyProblem, action: 'Check that the function may publish to the topic; the report is archived.' }];
  return {
    account,
    runId: report.runId,
    customer: { id: report.customer.id, name: report.customer.name },
    status: notifyErrors.length > 0 ? 'ERROR' : report.status,
    highestSeverity: highestFailingSeverity(report),
    failing: failingTotal(report),
    bySeverity: { ...report.summary.bySeverity },
    unchecked: uncheckedTotal(report),
    muted: mutedTotal(report),
    fixed: fixedTotal(report),
    usersChecked: report.summary.usersChecked,
    newFindings: report.delta ? report.delta.new.length : null,
    resolved: report.delta ? report.delta.resolved.length : null,
    change: changeKind(report),
    errors: keptErrors([...report.errors, ...notifyErrors]),
    reportLocation: run.reportLocation ?? null,
    notified: run.notified,
  };
}

/** The outcome of an account whose run left no report: it crashed, timed out, or its outcome could not be read. */
export function failedOutcome(account: string, error: { message: string; action?: string }): AccountOutcome {
  return {
    account,
    runId: null,
    customer: { ...UNKNOWN_CUSTOMER },
    status: 'ERROR',
    highestSeverity: null,
    failing: 0,
    bySeverity: Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>,
    unchecked: 0,
    muted: 0,
    fixed: 0,
    usersChecked: 0,
    newFindings: null,
    resolved: null,
    change: 'UNKNOWN',
    errors: keptErrors([error]),
    reportLocation: null,
    notified: false,
  };
}

/** Parses a stored outcome; throws naming `source` when it is not one this auditor wrote. */
export function parseOutcome(text: string, source: string): AccountOutcome {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not JSON`);
  }
  const result = AccountOutcomeSchema.safeParse(data);
  if (!result.success) throw new Error(`${source} is not an account outcome: ${z.prettifyError(result.error).replace(/\n/g, '; ')}`);
  return result.data;
}

/** Worst first: ERROR, then FAIL by highest severity and number failing, then PASS; by name within. */
export function compareOutcomes(a: AccountOutcome, b: AccountOutcome): number {
  const rank = (outcome: AccountOutcome) => {
    if (outcome.status === 'ERROR') return 6;
    if (outcome.status === 'FAIL') return 1 + (outcome.highestSeverity === null ? 0 : 4 - SEVERITIES.indexOf(outcome.highestSeverity));
    return 0;
  };
  return rank(b) - rank(a) || b.failing - a.failing || a.account.localeCompare(b.account);
}

export function worstStatus(statuses: Iterable<RunStatus>): RunStatus {
  let worst: RunStatus = 'PASS';
  for (const status of statuses) {
    if (status === 'ERROR') return 'ERROR';
    if (status === 'FAIL') worst = 'FAIL';
  }
  return worst;
}
