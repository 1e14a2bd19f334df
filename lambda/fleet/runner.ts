/**
 * Audits every account of a fleet with at most `concurrency` at once, in one process (the command
 * line's `fleet`, the fleet benchmark). An account whose audit throws (a token that cannot be
 * read, say) ends as an ERROR report saying so; it never stops the others. Reports come back in
 * the accounts' order; `onReport` hears of each as it ends.
 */
import { toReportError } from '../failure.js';
import type { RemediationMode } from '../modes.js';
import { createErrorReport } from '../report/error-report.js';
import type { Report } from '../report/model.js';
import { mapSettled } from './pool.js';

export interface FleetAudit<A extends { name: string }> {
  account: A;
  report: Report;
}

export async function auditFleet<A extends { name: string }>(
  accounts: readonly A[],
  options: {
    concurrency: number;
    audit: (account: A, runId: string) => Promise<Report>;
    /** The mode an account's error report states. */
    modeOf: (account: A) => RemediationMode;
    runIdOf: (account: A) => string;
    onReport?: (result: FleetAudit<A>) => void;
  },
): Promise<FleetAudit<A>[]> {
  const settled = await mapSettled(accounts, options.concurrency, async (account) => {
    const startedAt = new Date();
    const runId = options.runIdOf(account);
    let report: Report;
    try {
      report = await options.audit(account, runId);
    } catch (error) {
      report = createErrorReport({ runId, startedAt, finishedAt: new Date(), errors: [toReportError(error)], mode: options.modeOf(account) });
    }
    const result = { account, report };
    options.onReport?.(result);
    return result;
  });
  // mapSettled keeps a task's throw as its result; the task above does not throw.
  return settled.map((result) => {
    if (!result.ok) throw result.error;
    return result.value;
  });
}
