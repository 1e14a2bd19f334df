import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { archiveReport, ArchiveError, LAST_RUN_KEY, reportKeys } from '../../../lambda/aws/archive.js';
import { boundFindings } from '../../../lambda/report/bound.js';
import { renderAccessReviewCsv } from '../../../lambda/report/csv.js';
import { renderJson } from '../../../lambda/report/json.js';
import type { Report } from '../../../lambda/report/model.js';
import { fakeBucket, putKeys } from '../../helpers/aws-fakes.js';
import { CUSTOMER, makeReport } from '../../helpers/report-fixtures.js';

const BUCKET = 'audit-reports-123';
const LATEST = `latest/${CUSTOMER.id}.json`;
const LATEST_HTML = `latest/${CUSTOMER.id}.html`;
const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-1' });
const signal = new AbortController().signal;

function awsError(name: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

function putInputs(): PutObjectCommand['input'][] {
  return s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
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

  it('keeps ids to one path segment each, so no customer key can be the last run record', () => {
    const report = makeReport({ runId: '../run/1', customer: { id: 'runs/last', name: 'X' } });
    expect(reportKeys(report)).toEqual({ archiveKey: 'reports/runs_last/2026/03/14/.._run_1.json', latestKey: 'latest/runs_last.json' });
    expect(reportKeys(report).latestKey).not.toBe(LAST_RUN_KEY);
  });

  it('refuses a report without a valid start time', () => {
    expect(() => reportKeys(makeReport({ startedAt: 'yesterday' }))).toThrow('invalid startedAt');
  });
});

describe('archiveReport', () => {
  it('writes the run report, then latest, then the last run record, each with the run start as metadata', async () => {
    const bucket = fakeBucket(s3);
    const report = makeReport();

    const result = await archiveReport(client, BUCKET, report, signal);

    const archiveKey = `reports/${CUSTOMER.id}/2026/03/14/run-0001.json`;
    const htmlKey = `reports/${CUSTOMER.id}/2026/03/14/run-0001.html`;
    expect(result).toEqual({ archiveKey, location: `s3://${BUCKET}/${archiveKey}`, htmlKey, latest: 'written' });
    // No access review in this report (its users were not read): no CSV.
    expect(putKeys(s3)).toEqual([archiveKey, htmlKey, LATEST, LATEST_HTML, LAST_RUN_KEY]);
    const [archived, , latest, , lastRun] = putInputs();
    expect(archived).toEqual({ Bucket: BUCKET, Key: archiveKey, Body: renderJson(report), ContentType: 'application/json', Metadata: { 'started-at': report.startedAt } });
    expect(latest).toMatchObject({ Key: LATEST, Body: renderJson(report), IfNoneMatch: '*', Metadata: { 'started-at': report.startedAt } });
    expect(lastRun).toMatchObject({ Key: LAST_RUN_KEY, IfNoneMatch: '*' });
    expect(JSON.parse(bucket.get(`${BUCKET}/${LAST_RUN_KEY}`) ?? '')).toEqual({
      runId: 'run-0001',
      startedAt: report.startedAt,
      status: report.status,
      customerId: CUSTOMER.id,
    });
  });

  it('archives the report with its findings bounded per rule', async () => {
    const bucket = fakeBucket(s3);
    const report = makeReport({ failingUsers: 1_005 });

    await archiveReport(client, BUCKET, report, signal);

    const archived = JSON.parse(bucket.get(`${BUCKET}/reports/${CUSTOMER.id}/2026/03/14/run-0001.json`) ?? '') as Report;
    expect(renderJson(archived)).toBe(renderJson(boundFindings(report)));
    expect(archived.findings.filter((finding) => finding.ruleId === 'user.2fa-enabled')).toHaveLength(1_000);
    expect(archived.rules.find((rule) => rule.ruleId === 'user.2fa-enabled')).toMatchObject({ truncated: 6 });
  });

  it('leaves latest to the last complete report: an ERROR run writes only its own report and the last run record', async () => {
    const bucket = fakeBucket(s3);
    await archiveReport(client, BUCKET, makeReport({ runId: 'good' }), signal);

    await archiveReport(client, BUCKET, makeReport({ runId: 'partial', startedAt: '2026-03-15T02:00:00.000Z', errors: [{ message: 'Could not read the users: HTTP 403' }] }), signal);

    expect(putKeys(s3).slice(5)).toEqual([`reports/${CUSTOMER.id}/2026/03/15/partial.json`, `reports/${CUSTOMER.id}/2026/03/15/partial.html`, LAST_RUN_KEY]);
    expect(JSON.parse(bucket.get(`${BUCKET}/${LATEST}`) ?? '').runId).toBe('good');
    expect(bucket.get(`${BUCKET}/${LATEST_HTML}`)).toContain('<code>good</code>');
    expect(JSON.parse(bucket.get(`${BUCKET}/${LAST_RUN_KEY}`) ?? '')).toMatchObject({ runId: 'partial', status: 'ERROR' });
  });

  it('keeps latest when a run that started later wrote it first (overlapping runs)', async () => {
    const bucket = fakeBucket(s3);
    await archiveReport(client, BUCKET, makeReport({ runId: 'later', startedAt: '2026-03-14T02:05:00.000Z' }), signal);

    const result = await archiveReport(client, BUCKET, makeReport({ runId: 'earlier', startedAt: '2026-03-14T02:00:00.000Z' }), signal);

    expect(result.latest).toBe('kept-newer');
    expect(JSON.parse(bucket.get(`${BUCKET}/${LATEST}`) ?? '').runId).toBe('later');
    // The page follows its report: latest/'s page stays the later run's.
    expect(bucket.get(`${BUCKET}/${LATEST_HTML}`)).toContain('<code>later</code>');
    expect(putKeys(s3).filter((key) => key === LATEST_HTML)).toHaveLength(1);
    expect(JSON.parse(bucket.get(`${BUCKET}/${LAST_RUN_KEY}`) ?? '').runId).toBe('later');
    expect(bucket.has(`${BUCKET}/reports/${CUSTOMER.id}/2026/03/14/earlier.json`)).toBe(true);
  });

  it('looks again when another run wrote between its look and its write (412), and then keeps the newer', async () => {
    const bucket = fakeBucket(s3);
    await archiveReport(client, BUCKET, makeReport({ runId: 'older', startedAt: '2026-03-13T02:00:00.000Z' }), signal);
    const olderEtag = bucket.meta.get(`${BUCKET}/${LATEST}`)?.etag;
    // Between this run's look at latest and its write, a run that started later replaces it.
    let raced = false;
    s3.on(HeadObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
      const meta = bucket.meta.get(`${input.Bucket}/${input.Key}`);
      if (!raced && input.Key === LATEST) {
        raced = true;
        bucket.store(`${input.Bucket}/${input.Key}`, renderJson(makeReport({ runId: 'racer', startedAt: '2026-03-14T03:00:00.000Z' })), { 'started-at': '2026-03-14T03:00:00.000Z' });
      }
      return { ETag: meta?.etag, Metadata: meta?.metadata };
    });

    const result = await archiveReport(client, BUCKET, makeReport({ runId: 'this', startedAt: '2026-03-14T02:00:00.000Z' }), signal);

    expect(result.latest).toBe('kept-newer');
    expect(JSON.parse(bucket.get(`${BUCKET}/${LATEST}`) ?? '').runId).toBe('racer');
    const latestWrites = putInputs().filter((input) => input.Key === LATEST);
    // The first write (the older run's) had none to match; this run's matched what it saw, lost, looked again and stopped.
    expect(latestWrites.map((input) => input.IfMatch)).toEqual([undefined, olderEtag]);
  });

  it('does not point latest at a run whose archive write failed, and says which write failed', async () => {
    s3.on(PutObjectCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const error = await archiveReport(client, BUCKET, makeReport(), signal).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ArchiveError);
    expect(error).toMatchObject({
      operation: 'archive_report',
      message: `The report could not be archived to s3://${BUCKET}/reports/${CUSTOMER.id}/2026/03/14/run-0001.json: AccessDenied: Access Denied`,
      location: undefined,
    });
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
  });

  it('names the report it did archive when latest cannot be updated', async () => {
    fakeBucket(s3);
    s3.on(HeadObjectCommand).rejects(awsError('SlowDown', 'Please reduce your request rate.', 503));
    const error = (await archiveReport(client, BUCKET, makeReport(), signal).catch((caught: unknown) => caught)) as ArchiveError;

    expect(error.location).toBe(`s3://${BUCKET}/reports/${CUSTOMER.id}/2026/03/14/run-0001.json`);
    expect(error.message).toBe(`The report was archived at ${error.location}, but s3://${BUCKET}/${LATEST} could not be updated: SlowDown: Please reduce your request rate.`);
  });
});

describe('archiveReport: the page and the access review beside the report', () => {
  function withUsers(report: Report, count: number): Report {
    const users = Array.from({ length: count }, (_, index) => ({
      id: `user-${index}`,
      login: `user${index}@example.com`,
      name: `User ${index}`,
      roles: ['engineer'],
      twoFactor: 'enabled' as const,
      locked: false,
      lastActiveAt: null,
      createdAt: null,
      tokens: null,
      failingRuleIds: [],
    }));
    return { ...report, accessReview: { users } };
  }

  it('writes <runId>.csv (every user) and <runId>.html beside the JSON, and latest/<customer>.html, each with its content type', async () => {
    const bucket = fakeBucket(s3);
    const report = withUsers(makeReport(), 3);

    await archiveReport(client, BUCKET, report, signal);

    const base = `reports/${CUSTOMER.id}/2026/03/14/run-0001`;
    expect(putKeys(s3)).toEqual([`${base}.json`, `${base}.csv`, `${base}.html`, LATEST, LATEST_HTML, LAST_RUN_KEY]);
    const types = Object.fromEntries(putInputs().map((input) => [input.Key, input.ContentType]));
    expect(types[`${base}.csv`]).toBe('text/csv; charset=utf-8');
    expect(types[`${base}.html`]).toBe('text/html; charset=utf-8');
    expect(types[LATEST_HTML]).toBe('text/html; charset=utf-8');
    expect(bucket.get(`${BUCKET}/${base}.csv`)).toBe(renderAccessReviewCsv(report));
    expect(bucket.get(`${BUCKET}/${base}.html`)).toBe(bucket.get(`${BUCKET}/${LATEST_HTML}`));
    expect(bucket.get(`${BUCKET}/${base}.html`)).toMatch(/^<!DOCTYPE html>/);
    expect(putInputs().find((input) => input.Key === LATEST_HTML)).toMatchObject({ IfNoneMatch: '*', Metadata: { 'started-at': report.startedAt } });
  });

  it('bounds the users in the archived JSON and page, and keeps every user in the CSV', async () => {
    const bucket = fakeBucket(s3);
    const report = withUsers(makeReport(), 6_000);

    await archiveReport(client, BUCKET, report, signal);

    const base = `${BUCKET}/reports/${CUSTOMER.id}/2026/03/14/run-0001`;
    const archived = JSON.parse(bucket.get(`${base}.json`) ?? '') as Report;
    expect(archived.accessReview?.users).toHaveLength(1_000);
    expect(archived.accessReview?.truncatedUsers).toBe(5_000);
    expect(bucket.get(`${base}.csv`)?.split('\r\n')).toHaveLength(6_002);
    const page = bucket.get(`${base}.html`) ?? '';
    expect(page).toContain('<h2>Users (6,000)</h2>');
    expect(page).toContain('and 5,000 more users: see the access review archived beside this page, run-0001.csv.');
  });

  it('says which file failed when the page cannot be written, naming the report it did archive', async () => {
    const bucket = fakeBucket(s3);
    s3.on(PutObjectCommand, { Key: `reports/${CUSTOMER.id}/2026/03/14/run-0001.html` }).rejects(awsError('AccessDenied', 'Access Denied', 403));

    const error = (await archiveReport(client, BUCKET, makeReport(), signal).catch((caught: unknown) => caught)) as ArchiveError;

    expect(error).toBeInstanceOf(ArchiveError);
    expect(error.location).toBe(`s3://${BUCKET}/reports/${CUSTOMER.id}/2026/03/14/run-0001.json`);
    expect(error.message).toBe(
      `The report was archived at ${error.location}, but s3://${BUCKET}/reports/${CUSTOMER.id}/2026/03/14/run-0001.html could not be written: AccessDenied: Access Denied`,
    );
    expect(bucket.has(`${BUCKET}/${LATEST}`)).toBe(false);
  });
});
