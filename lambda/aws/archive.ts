/**
 * The S3 report archive: every run at reports/<customer_id>/<yyyy>/<mm>/<dd>/<runId>.json
 * (UTC date the run started), and the newest at latest/<customer_id>.json, which the next run
 * reads to compute what changed. Encryption is the bucket's default.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { renderJson } from '../report/json.js';
import type { Report } from '../report/model.js';
import { parsePreviousReport, type PreviousReport } from '../report/previous.js';

export function reportKeys(report: Report): { archiveKey: string; latestKey: string } {
  const started = new Date(report.startedAt);
  if (Number.isNaN(started.getTime())) throw new Error(`report ${report.runId} has an invalid startedAt: ${report.startedAt}`);
  const customer = keySegment(report.customer.id);
  const yyyy = String(started.getUTCFullYear()).padStart(4, '0');
  const mm = String(started.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(started.getUTCDate()).padStart(2, '0');
  return {
    archiveKey: `reports/${customer}/${yyyy}/${mm}/${dd}/${keySegment(report.runId)}.json`,
    latestKey: latestKey(report.customer.id),
  };
}

/** Writes the run's report, then points latest at it; returns where it is. */
export async function archiveReport(
  s3: S3Client,
  bucket: string,
  report: Report,
): Promise<{ archiveKey: string; latestKey: string; location: string }> {
  const keys = reportKeys(report);
  const body = renderJson(report);
  // Archive first: latest must never name a run that is not archived.
  for (const key of [keys.archiveKey, keys.latestKey]) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
  }
  return { ...keys, location: `s3://${bucket}/${keys.archiveKey}` };
}

/**
 * The previous run's report for this customer. Never throws: a first run finds nothing, and an
 * unreadable or unrecognised report is a warning (the run goes on without a delta).
 */
export async function readPreviousReport(
  s3: S3Client,
  bucket: string,
  customerId: string,
): Promise<{ report?: PreviousReport; warning?: string }> {
  const key = latestKey(customerId);
  const where = `s3://${bucket}/${key}`;
  let text: string;
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!object.Body) return { warning: `previous report ${where} has no body; comparing with nothing` };
    text = await object.Body.transformToString('utf-8');
  } catch (error) {
    if (isMissing(error)) return {};
    const name = error instanceof Error ? error.name : 'Error';
    const detail = error instanceof Error ? error.message : String(error);
    return { warning: `could not read previous report ${where} (${name}: ${detail}); comparing with nothing` };
  }
  let report: PreviousReport;
  try {
    report = parsePreviousReport(text, where);
  } catch (error) {
    return { warning: `${error instanceof Error ? error.message : String(error)}; comparing with nothing` };
  }
  if (report.customer.id !== customerId) {
    return { warning: `previous report ${where} is for customer ${report.customer.id}; comparing with nothing` };
  }
  return { report };
}

function latestKey(customerId: string): string {
  return `latest/${keySegment(customerId)}.json`;
}

/** One path segment of a key: ids are alphanumeric in practice, and a "/" must not add a level. */
function keySegment(value: string): string {
  const safe = value.replace(/[^A-Za-z0-9._-]/g, '_');
  return safe === '' || safe === '.' || safe === '..' ? '_' : safe;
}

/** NoSuchKey (or a bare 404): there is no previous report yet. */
function isMissing(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return error.name === 'NoSuchKey' || error.name === 'NotFound' || status === 404;
}
