/**
 * One account's run, the same for a single-account deployment and for each account of a fleet:
 * audit (or an ERROR report), read what it compares with, import into Security Hub when it is on,
 * archive, then notify when the account's notify mode says so. Each step keeps to its slot of the invocation's time (steps.ts). What the
 * caller does with a failure differs: the single account fails its invocation, a fleet account
 * leaves its outcome for the digest.
 */
import { logger } from '../logger.js';
import { shouldNotify } from '../report/delta.js';
import type { Report } from '../report/model.js';
import { publishRunMetrics } from './metrics.js';
import { importToSecurityHub } from './security-hub-step.js';
import { archive, auditOrErrorReport, notify, withHistory, type RunContext } from './steps.js';

export interface RunSummary {
  runId: string;
  customerId: string;
  status: Report['status'];
  findings: number;
  notified: boolean;
  reportLocation?: string;
  /** The run's HTML page in the S3 console. */
  reportUrl?: string;
}

export interface AccountRunResult {
  report: Report;
  summary: RunSummary;
  reportLocation?: string;
  notified: boolean;
  /** Why the account's notification could not be sent, when it could not. */
  notifyProblem?: string;
  /**
   * The token was rejected (401), or lacks the access it needs (403, where the advice is to replace
   * it): it may have been replaced since, so the secret is read again next time.
   */
  tokenRejected: boolean;
}

export async function runAccount(run: RunContext, readToken: (signal: AbortSignal) => Promise<string>): Promise<AccountRunResult> {
  const startMs = run.startMs ?? Date.now();
  const audited = await auditOrErrorReport(run, readToken);
  const tokenRejected = audited.errors.some((error) => error.status === 401 || error.status === 403);
  logger.appendKeys({ customerId: audited.customer.id });
  const history = await withHistory(run, audited);
  const { report, location: reportLocation, reportUrl } = await archive(run, await importToSecurityHub(run, history.report, history.previous));

  const notified = shouldNotify(report, run.config.notify);
  const notifyProblem = notified ? await notify(run, report, reportLocation, reportUrl) : undefined;

  const summary: RunSummary = {
    runId: run.runId,
    customerId: report.customer.id,
    status: report.status,
    findings: report.findings.length,
    notified,
    ...(reportLocation ? { reportLocation } : {}),
    ...(reportUrl ? { reportUrl } : {}),
  };
  logger.info('audit finished', {
    ...summary,
    usersChecked: report.summary.usersChecked,
    byStatus: report.summary.byStatus,
    changes: report.remediation.changes.map(({ ruleId, field, status }) => ({ ruleId, field, status })),
  });
  // Off (a fleet's default): no custom metric per customer; the function's Errors alarm and a fleet's digest still count ERROR runs.
  if (run.config.accountMetrics) publishRunMetrics({ customerId: report.customer.id, status: report.status, summary: report.summary, durationMs: Date.now() - startMs });
  return { report, summary, notified, tokenRejected, ...(reportLocation ? { reportLocation } : {}), ...(notifyProblem ? { notifyProblem } : {}) };
}

/** What failed an account's run: its report's errors when it is ERROR, and a notification that could not be sent. */
export function runProblems(result: Pick<AccountRunResult, 'report' | 'notifyProblem'>): string[] {
  return [...(result.report.status === 'ERROR' ? result.report.errors.map((error) => error.message) : []), ...(result.notifyProblem ? [result.notifyProblem] : [])];
}
