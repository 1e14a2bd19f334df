/**
 * What the run compares with, read back from the archive: the customer's last complete report
 * (latest/<customer_id>.json) and the last run's record (latest/runs/last.json). A missing key
 * is a first run; a bucket that is missing, a read that is denied or that does not answer is an
 * error, stated in the notification. A report this auditor cannot read back (or will not: too
 * large) is a warning: the run goes on without a delta and its own complete report replaces it.
 * Only what the delta needs is kept of the report.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { AuditorError } from '../errors.js';
import { parseLastRun, type LastRun } from '../report/history.js';
import { deltaBaseOf, parsePreviousReport, READ_PREVIOUS_REPORT, type DeltaBase } from '../report/previous.js';
import { LAST_RUN_KEY, latestKey } from './archive.js';
import { describeS3Error, readObject, type ObjectRead } from './s3-objects.js';

export interface RunHistory {
  /** The customer's last complete report, slimmed to what the delta reads. */
  previous?: DeltaBase;
  lastRun?: LastRun;
  /** Why a report that is there could not be used. */
  warnings: string[];
}

/**
 * The largest previous report a run reads back. An archived report bounds its findings (about
 * 14 MB at 100,000 users, worst case); one written before that was bounded can be hundreds of MB,
 * and reading it would take the memory the run needs: it is skipped, and this run's replaces it.
 */
export const MAX_PREVIOUS_REPORT_BYTES = 32 * 1024 * 1024;

export class PreviousReportReadError extends AuditorError {
  override readonly name = 'PreviousReportReadError';
  constructor(message: string) {
    super(message, {
      operation: READ_PREVIOUS_REPORT,
      action:
        "Check that the report bucket (REPORT_BUCKET) exists and that the function's role may read latest/ in it (s3:GetObject, and s3:ListBucket for latest/); until then a run cannot say what changed.",
    });
  }
}

async function read(s3: S3Client, bucket: string, key: string, signal: AbortSignal, warnings: string[]): Promise<string | undefined> {
  let object: ObjectRead;
  try {
    object = await readObject(s3, bucket, key, signal, MAX_PREVIOUS_REPORT_BYTES);
  } catch (error) {
    throw new PreviousReportReadError(`The previous report could not be read from s3://${bucket}/${key}: ${describeS3Error(error)}`);
  }
  if ('tooLargeBytes' in object) {
    const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
    warnings.push(
      `s3://${bucket}/${key} is ${mb(object.tooLargeBytes)}, more than the ${mb(MAX_PREVIOUS_REPORT_BYTES)} a run reads back (a report written before archived reports were bounded?); comparing with nothing, and this run's report replaces it`,
    );
    return undefined;
  }
  return 'text' in object ? object.text : undefined;
}

/** `lastRunKey`: LAST_RUN_KEY, or a fleet account's own record (accountLastRunKey). */
export async function readRunHistory(s3: S3Client, bucket: string, customerId: string, signal: AbortSignal, lastRunKey: string = LAST_RUN_KEY): Promise<RunHistory> {
  const key = latestKey(customerId);
  const where = `s3://${bucket}/${key}`;
  const history: RunHistory = { warnings: [] };
  // One after the other: when the bucket is gone, the error names the customer's report.
  const reportText = await read(s3, bucket, key, signal, history.warnings);
  const lastRunText = await read(s3, bucket, lastRunKey, signal, history.warnings);
  if (reportText !== undefined) {
    try {
      const previous = parsePreviousReport(reportText, where);
      if (previous.customer.id === customerId) history.previous = deltaBaseOf(previous);
      else history.warnings.push(`previous report ${where} is for customer ${previous.customer.id}; comparing with nothing`);
    } catch (error) {
      history.warnings.push(`${error instanceof Error ? error.message : String(error)}; comparing with nothing`);
    }
  }
  if (lastRunText !== undefined) {
    try {
      history.lastRun = parseLastRun(lastRunText, `s3://${bucket}/${lastRunKey}`);
    } catch (error) {
      history.warnings.push(error instanceof Error ? error.message : String(error));
    }
  }
  return history;
}
