/**
 * What the run compares with, read back from the archive: the customer's last complete report
 * (latest/<customer_id>.json) and the last run's record (latest/runs/last.json). A missing key
 * is a first run; a bucket that is missing, a read that is denied or that does not answer is an
 * error, stated in the notification. A report this auditor cannot read back is a warning: the
 * run goes on without a delta and its own complete report replaces it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { AuditorError } from '../errors.js';
import { parseLastRun, type LastRun } from '../report/history.js';
import { parsePreviousReport, READ_PREVIOUS_REPORT, type PreviousReport } from '../report/previous.js';
import { LAST_RUN_KEY, latestKey } from './archive.js';
import { describeS3Error, readObject } from './s3-objects.js';

export interface RunHistory {
  /** The customer's last complete report, as far as the delta reads it. */
  previous?: PreviousReport;
  lastRun?: LastRun;
  /** Why a report that is there could not be used. */
  warnings: string[];
}

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

async function read(s3: S3Client, bucket: string, key: string, signal: AbortSignal): Promise<string | undefined> {
  try {
    return await readObject(s3, bucket, key, signal);
  } catch (error) {
    throw new PreviousReportReadError(`The previous report could not be read from s3://${bucket}/${key}: ${describeS3Error(error)}`);
  }
}

export async function readRunHistory(s3: S3Client, bucket: string, customerId: string, signal: AbortSignal): Promise<RunHistory> {
  const key = latestKey(customerId);
  const where = `s3://${bucket}/${key}`;
  // One after the other: when the bucket is gone, the error names the customer's report.
  const reportText = await read(s3, bucket, key, signal);
  const lastRunText = await read(s3, bucket, LAST_RUN_KEY, signal);
  const history: RunHistory = { warnings: [] };
  if (reportText !== undefined) {
    try {
      const previous = parsePreviousReport(reportText, where);
      if (previous.customer.id === customerId) history.previous = previous;
      else history.warnings.push(`previous report ${where} is for customer ${previous.customer.id}; comparing with nothing`);
    } catch (error) {
      history.warnings.push(`${error instanceof Error ? error.message : String(error)}; comparing with nothing`);
    }
  }
  if (lastRunText !== undefined) {
    try {
      history.lastRun = parseLastRun(lastRunText, `s3://${bucket}/${LAST_RUN_KEY}`);
    } catch (error) {
      history.warnings.push(error instanceof Error ? error.message : String(error));
    }
  }
  return history;
}
