/**
 * The deployed artifact, end to end: lambda/handler.ts bundled by esbuild with the stack's own
 * options (lib/handler-bundling.ts), run in a child process like the Lambda runtime would import
 * it, against the Fastly simulator, with the AWS SDK pointed (AWS_ENDPOINT_URL) at a recording
 * loopback server for Secrets Manager, SNS and S3.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { build } from 'esbuild';
import { handlerEsbuildOptions } from '../../../lib/handler-bundling.js';
import { loadPolicyFile } from '../../../lambda/policy/load.js';
import type { Report } from '../../../lambda/report/model.js';
import { demoSeed, startSimulator, type Simulator } from '../../../simulator/index.js';
import { asffProblems } from '../../helpers/asff-checks.js';
import { emfMetrics } from '../../helpers/emf.js';
import { S3_FAULTS, startAwsRecorder, type AwsFault, type AwsRecorder, type RecordedAwsRequest } from '../../helpers/aws-recorder.js';
import { FUNCTION_ARN, FUNCTION_NAME } from '../../helpers/lambda-context.js';
import { runLambdaBundle, writeLambdaRunner, type ChildRun } from '../../helpers/lambda-runner.js';

const TOKEN = 'fst_E2E-SENTINEL-4b8d1f0a-never-printed';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:fastly-audit-token-Xy12Ab';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:audit';
const BUCKET = 'fastly-audit-reports-123456789012';
const CUSTOMER_ID = demoSeed().customer.id as string;
/** The policy the stack deploys by default. */
const POLICY_FILE = fileURLToPath(new URL('../../../policy.json', import.meta.url));

let dir: string;
let simulator: Simulator;
let recorder: AwsRecorder;

/** Runs the bundle once in a fresh process, with only the environment the Lambda would have. */
function runBundle(runId: string, options: { remainingMs?: number; env?: Record<string, string>; event?: unknown } = {}): Promise<ChildRun> {
  const setting = { dir, secretArn: SECRET_ARN, topicArn: TOPIC_ARN, bucket: BUCKET, fastlyApiUrl: simulator.url, awsEndpointUrl: recorder.url };
  return runLambdaBundle(setting, runId, options);
}

function only(service: RecordedAwsRequest['service'], operation: string): RecordedAwsRequest[] {
  return recorder.requests.filter((request) => request.service === service && request.operation === operation);
}

/** SNS query-protocol attributes: MessageAttributes.entry.N.Name / .Value.StringValue. */
function attributesOf(form: Record<string, string>): Record<string, string | undefined> {
  const names = Object.entries(form).filter(([field]) => /^MessageAttributes\.entry\.\d+\.Name$/.test(field));
  return Object.fromEntries(names.map(([field, name]) => [name, form[field.replace(/Name$/, 'Value.StringValue')]]));
}

function publishes(): { form: Record<string, string>; message: Record<string, string>; attributes: Record<string, string | undefined> }[] {
  return only('sns', 'Publish').map(({ form = {} }) => ({
    form,
    message: JSON.parse(form.Message ?? '{}') as Record<string, string>,
    attributes: attributesOf(form),
  }));
}

/** Everything that left the bundle or that it printed, in one string. */
function everythingSeen(...runs: ChildRun[]): string {
  const requests = recorder.requests.map((request) => `${JSON.stringify(request.headers)}\n${request.path}\n${request.body}`);
  return [...requests, ...runs.flatMap((run) => [run.stdout, run.stderr])].join('\n');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fastly-audit-e2e-'));
  simulator = await startSimulator({ token: TOKEN });
  recorder = await startAwsRecorder({ secrets: { [SECRET_ARN]: TOKEN } });
  await build({ ...handlerEsbuildOptions(loadPolicyFile(POLICY_FILE)), outfile: join(dir, 'index.mjs'), logLevel: 'silent' });
  await writeLambdaRunner(dir);
});

afterAll(async () => {
  await simulator?.stop();
  await recorder?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  simulator.clearFaults();
  simulator.clearRequests();
  simulator.updateState({ customer: demoSeed().customer, users: demoSeed().users });
  recorder.clearFaults();
  recorder.requests.length = 0;
  recorder.objects.clear();
});

describe('the bundled handler', () => {
  it('audits, archives twice, publishes once, exits 0 on a FAIL audit, and prints no token', async () => {
    const run = await runBundle('e2e-run-1');

    expect(run.stderr).not.toContain('HANDLER_ERROR');
    expect(run.code).toBe(0);
    const result = JSON.parse(/^HANDLER_RESULT (.*)$/m.exec(run.stdout)?.[1] ?? 'null') as Record<string, unknown>;
    expect(result).toMatchObject({ runId: 'e2e-run-1', customerId: CUSTOMER_ID, status: 'FAIL', notified: true });

    // The token came from Secrets Manager and reached Fastly.
    expect(only('secretsmanager', 'GetSecretValue').map((request) => JSON.parse(request.body))).toEqual([{ SecretId: SECRET_ARN }]);
    expect(simulator.requests.length).toBeGreaterThan(0);
    expect(simulator.requests.every((request) => request.authenticated && request.method === 'GET')).toBe(true);

    const [notification, ...others] = publishes();
    expect(others).toEqual([]);
    expect(notification?.form).toMatchObject({ TopicArn: TOPIC_ARN, MessageStructure: 'json' });
    expect(notification?.form.Subject).toMatch(/^Fastly audit Acme Streaming Ltd: \d+ failing/);
    expect(Object.keys(notification!.message).sort()).toEqual(['default', 'email', 'https']);
    expect(JSON.parse(notification!.message.https!)).toMatchObject({ version: '1.0', source: 'custom' });
    expect(notification?.attributes).toEqual({ status: 'FAIL', severity: 'critical', customer_id: CUSTOMER_ID, change: 'FIRST_RUN' });

    const puts = only('s3', 'PutObject');
    expect(puts.map((request) => request.s3?.bucket)).toEqual(Array(6).fill(BUCKET));
    const run1 = new RegExp(`^reports/${CUSTOMER_ID}/\\d{4}/\\d{2}/\\d{2}/e2e-run-1\\.`);
    expect(puts.map((request) => request.s3?.key)).toEqual([
      expect.stringMatching(new RegExp(`${run1.source}json$`)),
      expect.stringMatching(new RegExp(`${run1.source}csv$`)),
      expect.stringMatching(new RegExp(`${run1.source}html$`)),
      `latest/${CUSTOMER_ID}.json`,
      `latest/${CUSTOMER_ID}.html`,
      'latest/runs/last.json',
    ]);
    expect(puts.map((request) => request.headers['content-type'])).toEqual([
      'application/json',
      'text/csv; charset=utf-8',
      'text/html; charset=utf-8',
      'application/json',
      'text/html; charset=utf-8',
      'application/json',
    ]);
    // latest/ is written only where no run wrote since it looked: If-None-Match on a first run.
    expect(puts.map((request) => request.headers['if-none-match'])).toEqual([undefined, undefined, undefined, '*', '*', '*']);
    const report = JSON.parse(puts[0]!.body) as Report;
    expect(report).toMatchObject({ schemaVersion: 1, runId: 'e2e-run-1', status: 'FAIL', customer: { id: CUSTOMER_ID } });
    expect(report.delta).toBeUndefined();
    expect(puts[3]!.body).toBe(puts[0]!.body);
    expect(puts[4]!.body).toBe(puts[2]!.body);
    expect(puts[2]!.body).toMatch(/^<!DOCTYPE html>/);
    expect(puts[1]!.body.split('\r\n')).toHaveLength(demoSeed().users.length + 2);
    const summary = JSON.parse(notification!.message.default!) as { reportLocation: string; reportUrl: string };
    expect(summary.reportLocation).toBe(`s3://${BUCKET}/${puts[0]!.s3?.key}`);
    // The page's S3 console link (the runner's region), never a pre-signed URL.
    const url = `https://us-east-1.console.aws.amazon.com/s3/object/${BUCKET}?region=us-east-1&prefix=${puts[2]!.s3?.key}`;
    expect(summary.reportUrl).toBe(url);
    expect(notification!.message.email).toContain(`Open the report: ${url}`);
    expect(JSON.parse(notification!.message.https!).content.nextSteps).toContain(`Open the report: ${url}`);

    // Structured logs from inside the bundle, with run, customer and counts.
    const finished = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.message === 'audit finished');
    expect(finished).toMatchObject({ runId: 'e2e-run-1', customerId: CUSTOMER_ID, status: 'FAIL', usersChecked: demoSeed().users.length });
    // Bound to the invocation: a fresh process is a cold start.
    expect(finished).toMatchObject({ cold_start: true, function_name: FUNCTION_NAME, function_arn: FUNCTION_ARN, function_request_id: 'e2e-run-1' });
    // The run's metrics, in embedded metric format, from inside the bundle.
    const metrics = emfMetrics(logLines(run));
    expect(metrics.map((metric) => `${metric.namespace}/${metric.name}`)).toEqual([
      ...Array(4).fill('FastlyComplianceAuditor/FailingFindings'),
      'FastlyComplianceAuditor/AuditErrors',
      'FastlyComplianceAuditor/UsersChecked',
      'FastlyComplianceAuditor/TokensChecked',
      'FastlyComplianceAuditor/RunDuration',
    ]);
    expect(metrics.find((metric) => metric.name === 'UsersChecked')).toMatchObject({ value: demoSeed().users.length, dimensionValues: { CustomerId: CUSTOMER_ID } });

    expect(everythingSeen(run)).not.toContain(TOKEN);
  });

  it("a second run reads the first run's latest report and reports UNCHANGED", async () => {
    const first = await runBundle('e2e-run-1');
    const second = await runBundle('e2e-run-2');

    expect([first.code, second.code]).toEqual([0, 0]);
    expect(publishes().map((notification) => notification.attributes.change)).toEqual(['FIRST_RUN', 'UNCHANGED']);
    const latest = JSON.parse(recorder.objects.get(`${BUCKET}/latest/${CUSTOMER_ID}.json`) ?? '{}') as Report;
    expect(latest.runId).toBe('e2e-run-2');
    expect(latest.delta).toMatchObject({ new: [], resolved: [], previousStatus: 'FAIL' });
    expect(latest.delta?.unchanged.length).toBeGreaterThan(0);
    // Each run looked for the previous report and the last run first: missing the first time, found the second.
    expect(only('s3', 'GetObject').map((request) => request.s3?.key).sort()).toEqual(
      [`latest/${CUSTOMER_ID}.json`, `latest/${CUSTOMER_ID}.json`, 'latest/runs/last.json', 'latest/runs/last.json'].sort(),
    );
    // The second run replaced latest/ only if it was still the first run's.
    expect(only('s3', 'PutObject').slice(6).map((request) => request.headers['if-match'])).toEqual([
      undefined,
      undefined,
      undefined,
      expect.stringMatching(/^"/),
      expect.stringMatching(/^"/),
      expect.stringMatching(/^"/),
    ]);
    expect(everythingSeen(first, second)).not.toContain(TOKEN);
  });

  it('with Security Hub on, imports the open findings into the default product in signed calls, before it archives', async () => {
    const productArn = 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default';
    const run = await runBundle('e2e-securityhub', { env: { SECURITY_HUB_PRODUCT_ARN: productArn } });

    expect(run.stderr).not.toContain('HANDLER_ERROR');
    expect(run.code).toBe(0);
    const imports = only('securityhub', 'BatchImportFindings');
    const [archived] = only('s3', 'PutObject');
    const report = JSON.parse(archived!.body) as Report;
    const open = report.findings.filter((finding) => ['FAIL', 'ERROR', 'MUTED'].includes(finding.status));
    expect(imports).toHaveLength(Math.ceil(open.length / 100));
    expect(recorder.requests.indexOf(imports.at(-1)!)).toBeLessThan(recorder.requests.indexOf(archived!));
    for (const request of imports) {
      expect(request.headers['content-type']).toMatch(/^application\/json/);
      expect(request.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    }
    const records = imports.flatMap((request) => (JSON.parse(request.body) as { Findings: AwsSecurityFinding[] }).Findings);
    expect(records.map((record) => record.ProductFields?.['fastly-compliance-auditor/FindingId']).sort()).toEqual(open.map((finding) => finding.id).sort());
    for (const record of records) {
      expect(record).toMatchObject({ ProductArn: productArn, AwsAccountId: '123456789012' });
      expect(asffProblems(record)).toEqual([]);
    }
    expect(report.errors).toEqual([]);
    expect(everythingSeen(run)).not.toContain(TOKEN);
  });

  it('with Security Hub denying the import: an ERROR run, archived and notified, naming the SDK\'s error and what to do', async () => {
    recorder.setFault('securityhub', { status: 403, code: 'AccessDeniedException', message: 'User is not authorized to perform: securityhub:BatchImportFindings' });
    const run = await runBundle('e2e-securityhub-denied', { env: { SECURITY_HUB_PRODUCT_ARN: 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default' } });

    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/HANDLER_ERROR Fastly audit run e2e-securityhub-denied failed: Security Hub import into \S+ failed after 0 of \d+ findings: AccessDeniedException: User is not authorized/);
    const [notification] = publishes();
    expect(notification?.attributes.status).toBe('ERROR');
    expect(JSON.parse(notification!.message.default!).errors).toEqual([expect.objectContaining({ operation: 'import_security_hub_findings' })]);
    expect(notification?.message.email).toContain('deploy the stack with securityHub on');
    const puts = only('s3', 'PutObject');
    // An ERROR run: archived with its page and access review, latest/<customer> left alone.
    expect(puts.map((request) => request.s3?.key)).toEqual([
      expect.stringMatching(/^reports\/.*\/e2e-securityhub-denied\.json$/),
      expect.stringMatching(/^reports\/.*\/e2e-securityhub-denied\.csv$/),
      expect.stringMatching(/^reports\/.*\/e2e-securityhub-denied\.html$/),
      'latest/runs/last.json',
    ]);
    expect((JSON.parse(puts[0]!.body) as Report).errors).toEqual([
      expect.objectContaining({ operation: 'import_security_hub_findings', action: expect.stringContaining('securityhub:BatchImportFindings on arn:aws:securityhub:us-east-1:123456789012:product/') }),
    ]);
  });

  it('exits non-zero when Fastly answers 403, after publishing an ERROR notification', async () => {
    simulator.setFault('get_logged_in_customer', { status: 403 });
    const run = await runBundle('e2e-run-403');

    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/HANDLER_ERROR Fastly audit run e2e-run-403 failed: .*403/);
    const [notification, ...others] = publishes();
    expect(others).toEqual([]);
    expect(notification?.attributes).toMatchObject({ status: 'ERROR', change: 'FIRST_RUN' });
    expect(notification?.message.email).toContain('IP allowlist');
    // Archived, but as nobody's latest report: an ERROR run of an unknown customer clobbers nothing.
    expect(only('s3', 'PutObject').map((request) => request.s3?.key)).toEqual([
      expect.stringMatching(/^reports\/unknown\/.*\/e2e-run-403\.json$/),
      expect.stringMatching(/^reports\/unknown\/.*\/e2e-run-403\.html$/),
      'latest/runs/last.json',
    ]);
    expect(everythingSeen(run)).not.toContain(TOKEN);
  });
});

describe('the bundled handler in watch mode', () => {
  const SINGLE = { TOKEN_SECRET_ARN: SECRET_ARN, REMEDIATION: 'plan', NOTIFY: 'always' };

  it('writes the baseline, then alerts a regression with who made it, and prints no token', async () => {
    simulator.updateState({ customer: { force_2fa: true } });
    const first = await runBundle('e2e-watch-1', { event: { mode: 'watch' }, env: SINGLE });
    simulator.recordChange({ customer: { force_2fa: false }, userId: 'TzdbKB1Ga8FPJsKbMnY0Lc', ip: '203.0.113.45' });
    const second = await runBundle('e2e-watch-2', { event: { mode: 'watch' }, env: SINGLE });

    expect(first.stderr).not.toContain('HANDLER_ERROR');
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(JSON.parse(/^HANDLER_RESULT (.*)$/m.exec(second.stdout)?.[1] ?? 'null')).toMatchObject({ mode: 'watch', runId: 'e2e-watch-2', regressions: 1 });
    expect(only('s3', 'PutObject').map((request) => request.s3?.key)).toEqual([`state/${CUSTOMER_ID}.json`, `state/${CUSTOMER_ID}.json`]);
    expect(new Set(only('s3', 'GetObject').map((request) => request.s3?.key))).toEqual(new Set([`state/${CUSTOMER_ID}.json`, 'state/failures/default.json']));
    const [alert, ...others] = publishes();
    expect(others).toEqual([]);
    expect(alert?.form.Subject).toBe('Fastly ALERT Acme Streaming Ltd: force_2fa turned off');
    expect(alert?.attributes).toEqual({ status: 'FAIL', severity: 'high', customer_id: CUSTOMER_ID, change: 'REGRESSION', mode: 'watch' });
    expect(alert?.message.email).toContain('changed by tom.becker@acme.example at ');
    // The first pass read only the account; the second the audit log and the users too, for the change.
    expect(simulator.requests.map((request) => request.route)).toEqual(['get_logged_in_customer', 'get_logged_in_customer', 'list_events', 'list_users']);
    expect(everythingSeen(first, second)).not.toContain(TOKEN);
  });
});

/** The JSON log lines a run printed (Powertools writes them to stdout and stderr). */
function logLines(run: ChildRun): Record<string, unknown>[] {
  return `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Milliseconds the handler returned before its deadline (negative: after it). */
function marginMs(run: ChildRun): number {
  return Number(/HANDLER_RETURNED_MS_BEFORE_DEADLINE (-?\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
}

describe('the bundled handler when AWS fails', () => {
  /** A short invocation, so a hung endpoint shows within the test: the run must still end before it. */
  const SHORT_RUN_MS = 8_000;

  it('a hung S3: logs each step that did not finish and publishes an ERROR notification before the deadline', async () => {
    recorder.setFault('s3', { hang: true });
    const run = await runBundle('e2e-s3-hung', { remainingMs: SHORT_RUN_MS });

    expect(run.code).toBe(1);
    expect(marginMs(run)).toBeGreaterThan(0);
    const messages = logLines(run).map((line) => line.message);
    expect(messages).toEqual(
      expect.arrayContaining(['reading the previous report', 'could not read the previous report', 'archiving the report', 'could not archive the report', 'publishing the notification']),
    );
    const [notification, ...others] = publishes();
    expect(others).toEqual([]);
    expect(notification?.attributes).toMatchObject({ status: 'ERROR', change: 'UNKNOWN' });
    expect(notification?.message.email).toMatch(/reading the previous report took longer than the \d+ ms it had/);
    expect(notification?.message.email).toMatch(/The report could not be archived: archiving the report took longer than the \d+ ms it had/);
    expect(JSON.parse(notification!.message.default!)).toMatchObject({ status: 'ERROR', reportLocation: null });
    expect(everythingSeen(run)).not.toContain(TOKEN);
  });

  it('a hung SNS: logs that the notification could not be published and fails the invocation before the deadline', async () => {
    recorder.setFault('sns', { hang: true });
    const run = await runBundle('e2e-sns-hung', { remainingMs: SHORT_RUN_MS });

    expect(run.code).toBe(1);
    expect(marginMs(run)).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/HANDLER_ERROR Fastly audit run e2e-sns-hung failed: notification failed: publishing the notification took longer than the \d+ ms it had/);
    expect(logLines(run).find((line) => line.message === 'could not publish the notification')).toMatchObject({ level: 'ERROR' });
    // The archive was written before.
    expect(only('s3', 'PutObject')).toHaveLength(6);
  });

  it('a missing bucket: an ERROR run that says so, never a first run', async () => {
    recorder.setFault('s3', S3_FAULTS.noSuchBucket);
    const run = await runBundle('e2e-no-bucket');

    expect(run.code).toBe(1);
    const [notification] = publishes();
    expect(notification?.attributes).toMatchObject({ status: 'ERROR', change: 'UNKNOWN' });
    expect(notification?.attributes.change).not.toBe('FIRST_RUN');
    expect(notification?.message.email).toContain(`The previous report could not be read from s3://${BUCKET}/latest/${CUSTOMER_ID}.json: NoSuchBucket: The specified bucket does not exist`);
    expect(notification?.message.email).toContain('The report could not be archived to s3://');
    const machine = JSON.parse(notification!.message.default!) as { errors: { operation: string }[]; reportLocation: unknown };
    expect(machine.errors.map((error) => error.operation)).toEqual(['read_previous_report', 'archive_report']);
    expect(machine.reportLocation).toBeNull();
    expect(run.stderr).toMatch(/HANDLER_ERROR .*NoSuchBucket/);
  });

  it('a denied read of a key that is not there is a first run; a denied read of one that is there is an error', async () => {
    // Without a usable ListBucket grant, S3 says 403 for a missing key too: the function lists the key to tell.
    recorder.setFault('s3:GetObject', S3_FAULTS.accessDenied);
    const first = await runBundle('e2e-denied-first');
    expect(first.code).toBe(0);
    expect(publishes()[0]?.attributes.change).toBe('FIRST_RUN');

    const second = await runBundle('e2e-denied-second');
    expect(second.code).toBe(1);
    const notification = publishes()[1];
    expect(notification?.attributes).toMatchObject({ status: 'ERROR', change: 'UNKNOWN' });
    expect(notification?.message.email).toContain('The previous report could not be read from');
    expect(notification?.message.email).toContain('AccessDenied: Access Denied');
  });

  // A write must have its whole Fastly timeout (10 s) left to be sent: the hung case needs a longer
  // invocation, whose archive slot then takes most of it.
  it.each<[string, AwsFault, number]>([
    ['missing', S3_FAULTS.noSuchBucket, 300_000],
    ['hung', { hang: true }, 24_000],
  ])('apply mode with the archive %s: the write is logged as made and verified, and the notification carries it', async (_case, fault, remainingMs) => {
    // Every user has 2FA: forcing it logs nobody out, so policy.json's force-2fa fix is accepted.
    simulator.updateState({ users: demoSeed().users.map((user) => ({ ...user, two_factor_auth_enabled: true })) });
    recorder.setFault('s3:PutObject', fault);
    const run = await runBundle(`e2e-apply-archive-${_case}`, { remainingMs, env: { REMEDIATION: 'apply' } });

    expect(simulator.customer().force_2fa).toBe(true);
    expect(run.code).toBe(1);
    expect(marginMs(run)).toBeGreaterThan(0);
    const lines = logLines(run);
    const changed = lines.findIndex((line) => line.message === 'account changed');
    expect(lines[changed]).toMatchObject({ field: 'force_2fa', before: false, after: true, verified: false, ruleId: 'account.force-2fa' });
    expect(lines.find((line) => line.message === 'account change verified')).toMatchObject({ field: 'force_2fa', before: false, after: true, verified: true });
    expect(changed).toBeGreaterThanOrEqual(0);
    expect(changed).toBeLessThan(lines.findIndex((line) => line.message === 'archiving the report'));

    const [notification] = publishes();
    expect(notification?.attributes.status).toBe('ERROR');
    expect(JSON.parse(notification!.message.default!).remediation).toEqual({
      mode: 'apply',
      changes: expect.arrayContaining([{ ruleId: 'account.force-2fa', field: 'force_2fa', from: false, to: true, status: 'verified', after: true }]),
    });
    expect(notification?.message.email).toContain('Changed and verified');
    expect(notification?.message.email).toContain('set force_2fa: false -> true (account.force-2fa), verified');
    expect(notification?.message.email).toContain('The report could not be archived');
    expect(everythingSeen(run)).not.toContain(TOKEN);
  });
});
