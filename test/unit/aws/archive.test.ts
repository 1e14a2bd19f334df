import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { archiveReport, readPreviousReport, reportKeys } from '../../../lambda/aws/archive.js';
import { renderJson } from '../../../lambda/report/json.js';
import { CUSTOMER, makeReport } from '../../helpers/report-fixtures.js';

const BUCKET = 'audit-reports-123';
const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-1' });

/** A GetObject body as the SDK hands it over (only the method the archive reads). */
function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

function awsError(name: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

beforeEach(() => s3.reset());

describe('reportKeys', () => {
  it('files the report by customer and the UTC date the run started', () => {
    const report = makeReport({ runId: 'a1b2-c3', startedAt: '2026-03-14T23:30:00-05:00' });
    expect(reportKeys(report)).toEqual({
      archiveKey: `reports/${CUSTOMER.id}/2026/03/15/a1b2-c3.json`,
      latestKey: `latest/${CUSTOMER.id}.json`,
    });
  });

  it('keeps ids to one path segment each', () => {
    const report = makeReport({ runId: '../run/1', customer: { id: 'a/b c', name: 'X' } });
    expect(reportKeys(report)).toEqual({ archiveKey: 'reports/a_b_c/2026/03/14/.._run_1.json', latestKey: 'latest/a_b_c.json' });
  });

  it('refuses a report without a valid start time', () => {
    expect(() => reportKeys(makeReport({ startedAt: 'yesterday' }))).toThrow('invalid startedAt');
  });
});

describe('archiveReport', () => {
  it('writes the run report, then latest, as JSON, and returns the location', async () => {
    s3.on(PutObjectCommand).resolves({});
    const report = makeReport();
    const result = await archiveReport(client, BUCKET, report);
    const archiveKey = `reports/${CUSTOMER.id}/2026/03/14/run-0001.json`;
    expect(result).toEqual({ archiveKey, latestKey: `latest/${CUSTOMER.id}.json`, location: `s3://${BUCKET}/${archiveKey}` });
    const calls = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
    expect(calls.map((input) => input.Key)).toEqual([archiveKey, `latest/${CUSTOMER.id}.json`]);
    for (const input of calls) {
      expect(input).toEqual({ Bucket: BUCKET, Key: input.Key, Body: renderJson(report), ContentType: 'application/json' });
    }
  });

  it('does not point latest at a run whose archive write failed', async () => {
    s3.on(PutObjectCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    await expect(archiveReport(client, BUCKET, makeReport())).rejects.toThrow('Access Denied');
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
  });
});

describe('readPreviousReport', () => {
  const latest = { Bucket: BUCKET, Key: `latest/${CUSTOMER.id}.json` };

  it('returns the previous report from latest, with what the delta reads', async () => {
    const previous = makeReport({ runId: 'run-0000' });
    s3.on(GetObjectCommand, latest).resolves({ Body: body(renderJson(previous)) });

    const { report, warning } = await readPreviousReport(client, BUCKET, CUSTOMER.id);

    expect(warning).toBeUndefined();
    expect(report).toMatchObject({ schemaVersion: 1, runId: 'run-0000', status: previous.status, customer: previous.customer, rules: previous.rules });
    expect(report?.findings.map(({ id, ruleId, status }) => [id, ruleId, status])).toEqual(
      previous.findings.map(({ id, ruleId, status }) => [id, ruleId, status]),
    );
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, latest);
  });

  it('returns nothing on a first run (NoSuchKey)', async () => {
    s3.on(GetObjectCommand).rejects(awsError('NoSuchKey', 'The specified key does not exist.', 404));
    await expect(readPreviousReport(client, BUCKET, CUSTOMER.id)).resolves.toEqual({});
  });

  it('warns, without throwing, when the report cannot be read', async () => {
    s3.on(GetObjectCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const result = await readPreviousReport(client, BUCKET, CUSTOMER.id);
    expect(result.report).toBeUndefined();
    expect(result.warning).toBe(
      `could not read previous report s3://${BUCKET}/latest/${CUSTOMER.id}.json (AccessDenied: Access Denied); comparing with nothing`,
    );
  });

  it('warns when the report is not JSON', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body('{"schemaVersion": 1, "runId": ') });
    const result = await readPreviousReport(client, BUCKET, CUSTOMER.id);
    expect(result).toEqual({
      warning: expect.stringMatching(new RegExp(`^previous report s3://${BUCKET}/latest/${CUSTOMER.id}\\.json is not valid JSON \\(.+\\); comparing with nothing$`)),
    });
  });

  it('warns when the report has another schema version', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(JSON.stringify({ ...makeReport(), schemaVersion: 2 })) });
    const result = await readPreviousReport(client, BUCKET, CUSTOMER.id);
    expect(result.report).toBeUndefined();
    expect(result.warning).toContain('is not a schemaVersion 1 report (schemaVersion: expected one of 1, got number 2)');
  });

  it('warns when findings lack what the delta needs', async () => {
    const broken = { ...makeReport(), findings: [{ ruleId: 'user.2fa-enabled', status: 'FAIL' }] };
    s3.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(broken)) });
    const result = await readPreviousReport(client, BUCKET, CUSTOMER.id);
    expect(result.warning).toContain('(findings[0].id: is required;');
  });

  it('warns when latest belongs to another customer', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(renderJson(makeReport({ customer: { id: 'other', name: 'Other' } }))) });
    const result = await readPreviousReport(client, BUCKET, CUSTOMER.id);
    expect(result).toEqual({ warning: `previous report s3://${BUCKET}/latest/${CUSTOMER.id}.json is for customer other; comparing with nothing` });
  });
});
