/**
 * The steps of one Lambda run, each within its slot of the run's time (lambda/run/budget.ts) and
 * each logged before it starts: audit the account, read what the run compares with, archive,
 * notify. A step that fails or runs out of time becomes an error of the report, never a silent
 * end: the notification is sent with what is known.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { runAudit } from '../audit.js';
import { archiveReport, ArchiveError, ARCHIVE_REPORT, type ArchiveOutcome } from '../aws/archive.js';
import { s3ConsoleUrl } from '../aws/console-url.js';
import { readRunHistory } from '../aws/history.js';
import type { RunConfig } from '../config.js';
import { toReportError } from '../failure.js';
import { createFastlyClient } from '../fastly/client.js';
import { logger } from '../logger.js';
import { bundledPolicy } from '../policy/bundled.js';
import type { Policy } from '../policy/schema.js';
import { withDelta } from '../report/delta.js';
import { createErrorReport, UNKNOWN_CUSTOMER, withRunErrors } from '../report/error-report.js';
import type { Report } from '../report/model.js';
import { buildNotification } from '../report/notification.js';
import { READ_PREVIOUS_REPORT, type DeltaBase } from '../report/previous.js';
import { AWS_STEP_LIMITS_MS, type RunPlan } from './budget.js';
import { beforeDeadline } from './deadline.js';
import { publishBefore } from './publish.js';
import { remediationLog } from './remediation-log.js';

export interface RunContext {
  runId: string;
  config: RunConfig;
  plan: RunPlan;
  s3: S3Client;
  sns: SNSClient;
  /** Where the last run's record is: the deployment's (LAST_RUN_KEY, the default), or a fleet account's own. */
  lastRunKey?: string;
  /** The account's policy; default the one baked into the bundle (lambda/policy/bundled.ts). */
  policy?: Policy;
  /** When the invocation started (epoch ms), for the run's duration metric; default when its steps start. */
  startMs?: number;
}

/** For the logger, which formats an Error's name, message, stack, cause and fields. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Logged before a step: what starts, and how long the run has left. */
export function starting(message: string, plan: RunPlan, extra: Record<string, unknown> = {}): void {
  logger.info(message, { ...extra, remainingMs: Math.max(0, Math.round(plan.end - Date.now())) });
}

/** Everything that can fail before or during the audit ends as a report. */
export async function auditOrErrorReport(run: RunContext, readToken: (signal: AbortSignal) => Promise<string>): Promise<Report> {
  const startedAt = new Date();
  try {
    const policy = run.policy ?? bundledPolicy();
    starting('reading the Fastly API token', run.plan);
    const token = await beforeDeadline(
      { what: 'reading the token secret', operation: 'read_token_secret' },
      run.plan.fastlyEnd,
      readToken,
      AWS_STEP_LIMITS_MS.readToken,
    );
    starting('auditing the Fastly account', run.plan, { mode: run.config.remediation });
    const api = createFastlyClient({ token, baseUrl: run.config.fastlyApiUrl, deadlineMs: run.plan.fastlyEnd });
    return await runAudit({ api, policy, mode: run.config.remediation, runId: run.runId, onRemediation: remediationLog });
  } catch (error) {
    logger.error('the audit could not run', asError(error));
    return createErrorReport({ runId: run.runId, startedAt, finishedAt: new Date(), errors: [toReportError(error)], mode: run.config.remediation });
  }
}

/**
 * The report with its delta against the customer's last complete report, and a previous status
 * of ERROR when a run failed since; and that report as the run keeps it (for Security Hub). A
 * history that cannot be read is an error of the run.
 */
export async function withHistory(run: RunContext, report: Report): Promise<{ report: Report; previous?: DeltaBase }> {
  if (report.customer.id === UNKNOWN_CUSTOMER.id) return { report };
  starting('reading the previous report', run.plan);
  try {
    const history = await beforeDeadline(
      { what: 'reading the previous report', operation: READ_PREVIOUS_REPORT },
      run.plan.previousEnd,
      (signal) => readRunHistory(run.s3, run.config.reportBucket, report.customer.id, signal, run.lastRunKey),
      AWS_STEP_LIMITS_MS.readPrevious,
    );
    for (const warning of history.warnings) logger.warn('previous report unusable', { warning });
    return { report: withDelta(report, history.previous, history.lastRun), ...(history.previous ? { previous: history.previous } : {}) };
  } catch (error) {
    logger.error('could not read the previous report', asError(error));
    return { report: withRunErrors(report, [toReportError(error)]) };
  }
}

/**
 * Archives the report (its page and access review beside it); a failure becomes an error of the
 * report the notification carries. `reportUrl` is the page's S3 console link.
 */
export async function archive(run: RunContext, report: Report): Promise<{ report: Report; location?: string; reportUrl?: string }> {
  starting('archiving the report', run.plan, { bucket: run.config.reportBucket });
  const progress: { location?: string } = {};
  let outcome: ArchiveOutcome;
  try {
    outcome = await beforeDeadline({ what: 'archiving the report', operation: ARCHIVE_REPORT }, run.plan.workEnd, (signal) =>
      archiveReport(run.s3, run.config.reportBucket, report, signal, progress, run.lastRunKey),
    );
  } catch (error) {
    logger.error('could not archive the report', asError(error));
    const { location } = progress;
    const failure =
      error instanceof ArchiveError
        ? error
        : new ArchiveError(
            location
              ? `The report was archived at ${location}, but latest/ could not be updated: ${asError(error).message}`
              : `The report could not be archived: ${asError(error).message}`,
            location,
          );
    return { report: withRunErrors(report, [toReportError(failure)]), ...(location ? { location } : {}) };
  }
  if (outcome.latest === 'kept-newer') logger.warn('a run that started later already wrote latest/: kept it', { archiveKey: outcome.archiveKey });
  const reportUrl = s3ConsoleUrl(run.config.awsRegion, run.config.reportBucket, outcome.htmlKey);
  return { report, location: outcome.location, ...(reportUrl ? { reportUrl } : {}) };
}

/** Publishes the run's notification; returns why it failed, if it did. */
export async function notify(run: RunContext, report: Report, reportLocation: string | undefined, reportUrl?: string): Promise<string | undefined> {
  starting('publishing the notification', run.plan, { status: report.status });
  try {
    await publishBefore({ sns: run.sns, topicArn: run.config.topicArn }, buildNotification(report, { reportLocation, reportUrl }), 'publishing the notification', run.plan.end);
    return undefined;
  } catch (error) {
    logger.error('could not publish the notification', asError(error));
    return `notification failed: ${asError(error).message}`;
  }
}
