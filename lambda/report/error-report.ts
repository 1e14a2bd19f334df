/**
 * The report for a run that could not even start (token secret missing, bad configuration):
 * status ERROR, nothing checked, and the errors saying what to do. It is archived and notified
 * like any other report, so the people who read alerts see it.
 */
import type { RemediationMode, Report, ReportError } from './model.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

/** Used in archive keys and alerts when the run failed before it learned which account it audits. */
export const UNKNOWN_CUSTOMER = { id: 'unknown', name: 'unknown customer' } as const;

export function createErrorReport(input: {
  runId: string;
  startedAt: Date;
  finishedAt: Date;
  customer?: { id: string; name: string };
  errors: ReportError[];
  mode: RemediationMode;
}): Report {
  return {
    schemaVersion: 1,
    runId: input.runId,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    customer: input.customer ? { id: input.customer.id, name: input.customer.name } : { ...UNKNOWN_CUSTOMER },
    status: 'ERROR',
    summary: {
      byStatus: { PASS: 0, FAIL: 0, ERROR: 0, NOT_APPLICABLE: 0, MUTED: 0, FIXED: 0 },
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0 },
      usersChecked: 0,
      tokensChecked: 0,
      invitationsChecked: 0,
      highestFailingSeverity: null,
    },
    rules: [],
    compliance: [],
    findings: [],
    remediation: { mode: input.mode, changes: [] },
    errors: input.errors.length > 0 ? input.errors : [{ message: 'the audit could not start for an unknown reason' }],
    warnings: [],
  };
}

/**
 * The report with failures of the run around the audit (the previous report unreadable, the
 * archive failing): status ERROR, so the notification says so and the alarm sees the run fail.
 */
export function withRunErrors(report: Report, errors: ReportError[]): Report {
  return errors.length === 0 ? report : { ...report, status: 'ERROR', errors: [...report.errors, ...errors] };
}
