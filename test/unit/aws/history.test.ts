import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { LAST_RUN_KEY } from '../../../lambda/aws/archive.js';
import { MAX_PREVIOUS_REPORT_BYTES, PreviousReportReadError, readRunHistory } from '../../../lambda/aws/history.js';
import { renderJson } from '../../../lambda/report/json.js';
import { CUSTOMER, makeReport } from '../../helpers/report-fixtures.js';

const BUCKET = 'audit-reports-123';
const LATEST = `latest/${CUSTOMER.id}.json`;
const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-1' });
const signal = new AbortController().signal;

/** A GetObject body as the SDK hands it over (only the method the archive reads). */
function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

function awsError(name: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

const missing = () => awsError('NoSuchKey', 'The specified key does not exist.', 404);

beforeEach(() => {
  s3.reset();
  s3.on(GetObjectCommand).rejects(missing());
});

describe('readRunHistory', () => {
  it('returns the customer\'s last complete report and the last run record', async () => {
    const previous = makeReport({ runId: 'run-0000' });
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: LATEST }).resolves({ Body: body(renderJson(previous)) });
    const lastRun = { runId: 'run-0009', startedAt: '2026-03-15T02:00:00.000Z', status: 'ERROR', customerId: 'unknown' };
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: LAST_RUN_KEY }).resolves({ Body: body(JSON.stringify(lastRun)) });

    const history = await readRunHistory(client, BUCKET, CUSTOMER.id, signal);

    expect(history.warnings).toEqual([]);
    // Only what the next run reads is kept: the open (failing or muted) findings without their
    // evidence, risk, remediation and references; the not-applicable ones not at all.
    expect(history.previous).toEqual({
      status: previous.status,
      startedAt: previous.startedAt,
      runId: 'run-0000',
      customer: { id: previous.customer.id },
      findings: previous.findings
        .filter((finding) => finding.status === 'FAIL' || finding.status === 'MUTED')
        .map(({ id, ruleId, title, severity, status, subject, message }) => ({ id, ruleId, title, severity, status, subject, message })),
      rules: [],
    });
    expect(history.previous?.findings.map((finding) => finding.status)).toEqual(['FAIL', 'FAIL', 'FAIL', 'FAIL', 'MUTED']);
    expect(history.lastRun).toEqual(lastRun);
  });

  it('reads the ids a bounded report only counted', async () => {
    const previous = makeReport();
    const rules = previous.rules.map((rule) => (rule.ruleId === 'user.2fa-enabled' ? { ...rule, truncated: 2, truncatedFailingIds: ['cut-1', 'cut-2'] } : rule));
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: LATEST }).resolves({ Body: body(renderJson({ ...previous, rules })) });

    const history = await readRunHistory(client, BUCKET, CUSTOMER.id, signal);

    expect(history.previous?.rules).toEqual([
      { ruleId: 'user.2fa-enabled', title: 'Every user has two-factor authentication enabled', severity: 'high', truncatedFailingIds: ['cut-1', 'cut-2'] },
    ]);
  });

  it('does not read a report larger than a run reads back (one written before reports were bounded), and says so', async () => {
    let read = false;
    let dropped = false;
    const huge = { transformToString: async () => ((read = true), ''), destroy: () => (dropped = true) } as unknown as GetObjectCommandOutput['Body'];
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: LATEST }).resolves({ Body: huge, ContentLength: 84 * 1024 * 1024 });

    const history = await readRunHistory(client, BUCKET, CUSTOMER.id, signal);

    expect(read).toBe(false);
    expect(dropped).toBe(true);
    expect(history.previous).toBeUndefined();
    expect(history.warnings).toEqual([
      `s3://${BUCKET}/${LATEST} is 84 MB, more than the ${MAX_PREVIOUS_REPORT_BYTES / 1024 / 1024} MB a run reads back (a report written before archived reports were bounded?); comparing with nothing, and this run's report replaces it`,
    ]);
  });

  it('is empty on a first run (NoSuchKey)', async () => {
    await expect(readRunHistory(client, BUCKET, CUSTOMER.id, signal)).resolves.toEqual({ warnings: [] });
  });

  it('is an error, not a first run, when the bucket does not exist (NoSuchBucket, also a 404)', async () => {
    s3.on(GetObjectCommand).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));
    const error = await readRunHistory(client, BUCKET, CUSTOMER.id, signal).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PreviousReportReadError);
    expect(error).toMatchObject({
      operation: 'read_previous_report',
      message: `The previous report could not be read from s3://${BUCKET}/${LATEST}: NoSuchBucket: The specified bucket does not exist`,
      action: expect.stringContaining('REPORT_BUCKET'),
    });
  });

  it('treats a 403 for a key the listing does not show as missing (S3 says 403 for a missing key without ListBucket)', async () => {
    s3.on(GetObjectCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    s3.on(ListObjectsV2Command).resolves({ Contents: [] });

    await expect(readRunHistory(client, BUCKET, CUSTOMER.id, signal)).resolves.toEqual({ warnings: [] });
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, { Bucket: BUCKET, Prefix: LATEST, MaxKeys: 1 });
  });

  it('is an error when the read is denied for a key that is there, or the listing is denied too', async () => {
    s3.on(GetObjectCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: LATEST }] });
    await expect(readRunHistory(client, BUCKET, CUSTOMER.id, signal)).rejects.toThrow(`s3://${BUCKET}/${LATEST}: AccessDenied: Access Denied`);

    s3.on(ListObjectsV2Command).rejects(awsError('AccessDenied', 'Access Denied', 403));
    await expect(readRunHistory(client, BUCKET, CUSTOMER.id, signal)).rejects.toBeInstanceOf(PreviousReportReadError);
  });

  it('warns, and compares with nothing, when the report is not one it can read back', async () => {
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: LATEST }).resolves({ Body: body('{"schemaVersion": 1, "runId": ') });
    const history = await readRunHistory(client, BUCKET, CUSTOMER.id, signal);
    expect(history.previous).toBeUndefined();
    expect(history.warnings).toEqual([expect.stringMatching(new RegExp(`^previous report s3://${BUCKET}/${LATEST} is not valid JSON \\(.+\\); comparing with nothing$`))]);
  });

  it('warns when the report has another schema version, or lacks what the delta needs', async () => {
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: LATEST }).resolves({ Body: body(JSON.stringify({ ...makeReport(), schemaVersion: 2 })) });
    expect((await readRunHistory(client, BUCKET, CUSTOMER.id, signal)).warnings[0]).toContain('is not a schemaVersion 1 report (schemaVersion: expected one of 1, got number 2)');

    const broken = { ...makeReport(), findings: [{ ruleId: 'user.2fa-enabled', status: 'FAIL' }] };
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: LATEST }).resolves({ Body: body(JSON.stringify(broken)) });
    expect((await readRunHistory(client, BUCKET, CUSTOMER.id, signal)).warnings[0]).toContain('(findings[0].id: is required;');
  });

  it('warns when latest belongs to another customer, or the last run record is not one', async () => {
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: LATEST }).resolves({ Body: body(renderJson(makeReport({ customer: { id: 'other', name: 'Other' } }))) });
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: LAST_RUN_KEY }).resolves({ Body: body('{"status": "MAYBE"}') });

    const history = await readRunHistory(client, BUCKET, CUSTOMER.id, signal);

    expect(history).toEqual({
      warnings: [
        `previous report s3://${BUCKET}/${LATEST} is for customer other; comparing with nothing`,
        `the last run's record s3://${BUCKET}/${LAST_RUN_KEY} is not one this auditor wrote`,
      ],
    });
  });
});
