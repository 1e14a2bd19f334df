/**
 * The S3 report archive: every run at reports/<customer_id>/<yyyy>/<mm>/<dd>/<runId>.json (UTC
 * date the run started, findings bounded per rule: lambda/report/bound.ts), with the page people
 * open beside it (<runId>.html) and the access review as a spreadsheet (<runId>.csv, every user);
 * the newest complete (not ERROR) report of each customer at latest/<customer_id>.json (which the
 * next run compares with) and its page at latest/<customer_id>.html; and the last run of any
 * outcome at latest/runs/last.json. latest/ objects are replaced only by a run that did not start
 * before the one that wrote them. Encryption is the bucket's.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { AuditorError } from '../errors.js';
import { boundAccessReview, MAX_ARCHIVED_ACCESS_ROWS } from '../report/access-review.js';
import { boundFindings } from '../report/bound.js';
import { UNKNOWN_CUSTOMER } from '../report/error-report.js';
import { lastRunOf } from '../report/history.js';
import { renderJson } from '../report/json.js';
import type { Report } from '../report/model.js';
import { renderAccessReviewCsvBytes } from '../report/csv.js';
import { renderHtml } from '../report/html/page.js';
import { describeS3Error, putObject, putUnlessNewer, type PutOptions } from './s3-objects.js';

/** The prefixes the function writes; its role is scoped to them, and it may list only latest/. */
export const ARCHIVE_PREFIXES = { reports: 'reports/', latest: 'latest/' } as const;
/** The last run's record. Customer keys are latest/<one segment>.json: they can never be this. */
export const LAST_RUN_KEY = `${ARCHIVE_PREFIXES.latest}runs/last.json`;

/**
 * A fleet account's own last run's record: the accounts of a fleet run side by side, and each
 * needs its own to notice its recovery from ERROR (the single account's key would be overwritten
 * by whichever account finished last).
 */
export function accountLastRunKey(account: string): string {
  return `${ARCHIVE_PREFIXES.latest}runs/accounts/${keySegment(account)}.json`;
}
export const ARCHIVE_REPORT = 'archive_report';
/** Browsers, and the S3 console's Open, show a page and a spreadsheet by these. */
export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** A failure of the archive, said as the notification says it; `location` when the run's report itself was stored. */
export class ArchiveError extends AuditorError {
  override readonly name = 'ArchiveError';
  constructor(
    message: string,
    readonly location?: string,
  ) {
    super(message, {
      operation: ARCHIVE_REPORT,
      action:
        "Check that the report bucket (REPORT_BUCKET) exists and that the function's role may write reports/ and latest/ in it; until then the notification is the only record of a run.",
    });
  }
}

export interface ReportKeys {
  /** reports/<customer>/<yyyy>/<mm>/<dd>/<runId>.json */
  archiveKey: string;
  /** latest/<customer>.json */
  latestKey: string;
}

export function reportKeys(report: Pick<Report, 'runId' | 'startedAt' | 'customer'>): ReportKeys {
  return {
    archiveKey: `${ARCHIVE_PREFIXES.reports}${keySegment(report.customer.id)}/${datedKey(report.startedAt, report.runId, `report ${report.runId}`)}`,
    latestKey: latestKey(report.customer.id),
  };
}

/** `<yyyy>/<mm>/<dd>/<runId>.json`, by the UTC date a run started: the archive's layout for reports and digests. */
export function datedKey(startedAt: string, runId: string, what: string): string {
  const started = new Date(startedAt);
  if (Number.isNaN(started.getTime())) throw new Error(`${what} has an invalid startedAt: ${startedAt}`);
  const yyyy = String(started.getUTCFullYear()).padStart(4, '0');
  const mm = String(started.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(started.getUTCDate()).padStart(2, '0');
  return `${yyyy}/${mm}/${dd}/${keySegment(runId)}.json`;
}

export function latestKey(customerId: string): string {
  return `${ARCHIVE_PREFIXES.latest}${keySegment(customerId)}.json`;
}

/** The same key with another extension: the page and the spreadsheet beside a report. */
export function withExtension(jsonKey: string, extension: 'html' | 'csv'): string {
  return jsonKey.replace(/\.json$/, `.${extension}`);
}

export interface ArchiveOutcome {
  archiveKey: string;
  location: string;
  /** The run's page (reports/.../<runId>.html), once written: what the notification links to. */
  htmlKey: string;
  /** latest/<customer_id>.json: written, kept (a newer run wrote it), or not touched (ERROR run). */
  latest: 'written' | 'kept-newer' | 'not-complete';
}

/**
 * Writes the run's report, its CSV and page beside it, then (a complete report only)
 * latest/<customer_id>.json and .html, then the last run's record; latest/ and the record only
 * where no newer run wrote first. Throws an ArchiveError saying
 * which write failed.
 */
export async function archiveReport(
  s3: S3Client,
  bucket: string,
  report: Report,
  signal: AbortSignal,
  /** Set as soon as the run's report is stored, for a caller whose deadline ends the rest. */
  progress: { location?: string } = {},
  /** Where the last run's record goes: LAST_RUN_KEY, or a fleet account's own (accountLastRunKey). */
  lastRunKey: string = LAST_RUN_KEY,
): Promise<ArchiveOutcome> {
  const { archiveKey, latestKey: latest } = reportKeys(report);
  const where = (key: string) => `s3://${bucket}/${key}`;
  // What is archived is bounded (findings per rule, access-review rows); the CSV has every user.
  const archived = boundAccessReview(boundFindings(report));
  const put = { body: renderJson(archived), contentType: 'application/json', startedAt: report.startedAt };
  // Archive first: latest must never name a run that is not archived.
  try {
    await putObject(s3, bucket, archiveKey, put, signal);
  } catch (error) {
    throw new ArchiveError(`The report could not be archived to ${where(archiveKey)}: ${describeS3Error(error)}`);
  }
  const location = where(archiveKey);
  progress.location = location;
  const page = await writeEvidence(s3, bucket, { report, archived, archiveKey, startedAt: report.startedAt }, signal, location);
  const htmlKey = withExtension(archiveKey, 'html');
  let outcome: ArchiveOutcome['latest'] = 'not-complete';
  let writing = latest;
  try {
    // An ERROR report (a partial one, or one of an unknown customer) is no base for a delta.
    if (report.status !== 'ERROR' && report.customer.id !== UNKNOWN_CUSTOMER.id) outcome = await putUnlessNewer(s3, bucket, latest, put, signal);
    // The page follows its report: where a newer run kept latest/, its page is that run's to write.
    writing = withExtension(latest, 'html');
    if (outcome === 'written') await putUnlessNewer(s3, bucket, writing, page, signal);
  } catch (error) {
    throw new ArchiveError(`The report was archived at ${location}, but ${where(writing)} could not be updated: ${describeS3Error(error)}`, location);
  }
  try {
    const record = { body: `${JSON.stringify(lastRunOf(report))}\n`, contentType: 'application/json', startedAt: report.startedAt };
    await putUnlessNewer(s3, bucket, lastRunKey, record, signal);
  } catch (error) {
    throw new ArchiveError(`The report was archived at ${location}, but ${where(lastRunKey)} could not be updated: ${describeS3Error(error)}`, location);
  }
  return { archiveKey, location, htmlKey, latest: outcome };
}

/**
 * The access review as CSV (every user, when the users were read) and the page, beside the run's
 * report; returns the page for latest/. One at a time: on a large account the CSV is the biggest
 * text a run makes, and it is dropped before the page is rendered.
 */
async function writeEvidence(
  s3: S3Client,
  bucket: string,
  input: { report: Report; archived: Report; archiveKey: string; startedAt: string },
  signal: AbortSignal,
  location: string,
): Promise<PutOptions> {
  const { report, archived, archiveKey, startedAt } = input;
  const csvKey = withExtension(archiveKey, 'csv');
  const htmlKey = withExtension(archiveKey, 'html');
  const failed = (key: string, error: unknown) =>
    new ArchiveError(`The report was archived at ${location}, but s3://${bucket}/${key} could not be written: ${describeS3Error(error)}`, location);
  if (report.accessReview) {
    try {
      await putObject(s3, bucket, csvKey, { body: renderAccessReviewCsvBytes(report), contentType: CSV_CONTENT_TYPE, startedAt }, signal);
    } catch (error) {
      throw failed(csvKey, error);
    }
  }
  const csvName = csvKey.slice(csvKey.lastIndexOf('/') + 1);
  const page: PutOptions = {
    body: renderHtml(archived, { maxAccessRows: MAX_ARCHIVED_ACCESS_ROWS, fullListAt: `the access review archived beside this page, ${csvName}` }),
    contentType: HTML_CONTENT_TYPE,
    startedAt,
  };
  try {
    await putObject(s3, bucket, htmlKey, page, signal);
  } catch (error) {
    throw failed(htmlKey, error);
  }
  return page;
}

/** One path segment of a key: ids are alphanumeric in practice, and a "/" must not add a level. */
export function keySegment(value: string): string {
  const safe = value.replace(/[^A-Za-z0-9._-]/g, '_');
  return safe === '' || safe === '.' || safe === '..' ? '_' : safe;
}
