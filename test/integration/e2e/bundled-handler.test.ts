/**
 * The deployed artifact, end to end: lambda/handler.ts bundled by esbuild with the stack's own
 * options (lib/handler-bundling.ts), run in a child process like the Lambda runtime would import
 * it, against the Fastly simulator, with the AWS SDK pointed (AWS_ENDPOINT_URL) at a recording
 * loopback server for Secrets Manager, SNS and S3.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { handlerEsbuildOptions } from '../../../lib/handler-bundling.js';
import { loadPolicyFile } from '../../../lambda/policy/load.js';
import type { Report } from '../../../lambda/report/model.js';
import { demoSeed, startSimulator, type Simulator } from '../../../simulator/index.js';
import { startAwsRecorder, type AwsRecorder, type RecordedAwsRequest } from '../../helpers/aws-recorder.js';
import { FUNCTION_ARN, FUNCTION_NAME } from '../../helpers/lambda-context.js';

const TOKEN = 'fst_E2E-SENTINEL-4b8d1f0a-never-printed';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:fastly-audit-token-Xy12Ab';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:audit';
const BUCKET = 'fastly-audit-reports-123456789012';
const CUSTOMER_ID = demoSeed().customer.id as string;
/** The policy the stack deploys by default. */
const POLICY_FILE = fileURLToPath(new URL('../../../policy.json', import.meta.url));

/** What the Lambda runtime does: import the bundle, call the exported handler with the invocation's context. */
const RUNNER = `import { handler } from './index.mjs';
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: '${FUNCTION_NAME}',
  functionVersion: '$LATEST',
  invokedFunctionArn: '${FUNCTION_ARN}',
  memoryLimitInMB: '512',
  awsRequestId: process.argv[2],
  logGroupName: '/aws/lambda/${FUNCTION_NAME}',
  logStreamName: '2026/03/14/[$LATEST]e2e',
  getRemainingTimeInMillis: () => 300000,
  done() {},
  fail() {},
  succeed() {},
};
try {
  const result = await handler({ source: 'aws.scheduler', 'detail-type': 'Scheduled Event', detail: {} }, context);
  console.log('HANDLER_RESULT ' + JSON.stringify(result));
} catch (error) {
  console.error('HANDLER_ERROR ' + (error instanceof Error ? error.message : String(error)));
  process.exitCode = 1;
}
`;

let dir: string;
let simulator: Simulator;
let recorder: AwsRecorder;

interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundle once in a fresh process, with only the environment the Lambda would have. */
function runBundle(runId: string): Promise<ChildRun> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    // No shared AWS config or credentials files from the machine running the tests.
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    NODE_OPTIONS: '--enable-source-maps',
    TOKEN_SECRET_ARN: SECRET_ARN,
    TOPIC_ARN,
    REPORT_BUCKET: BUCKET,
    REMEDIATION: 'plan',
    NOTIFY: 'always',
    FASTLY_API_URL: simulator.url,
    AWS_ENDPOINT_URL: recorder.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAE2EEXAMPLE000000',
    AWS_SECRET_ACCESS_KEY: 'e2e-dummy-secret-access-key',
    AWS_EC2_METADATA_DISABLED: 'true',
    // Set by Lambda for on-demand functions; Powertools reports cold starts only then.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['run.mjs', runId], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
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
  await writeFile(join(dir, 'run.mjs'), RUNNER);
});

afterAll(async () => {
  await simulator?.stop();
  await recorder?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  simulator.clearFaults();
  simulator.clearRequests();
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
    expect(puts.map((request) => request.s3?.bucket)).toEqual([BUCKET, BUCKET]);
    expect(puts.map((request) => request.s3?.key)).toEqual([
      expect.stringMatching(new RegExp(`^reports/${CUSTOMER_ID}/\\d{4}/\\d{2}/\\d{2}/e2e-run-1\\.json$`)),
      `latest/${CUSTOMER_ID}.json`,
    ]);
    const report = JSON.parse(puts[0]!.body) as Report;
    expect(report).toMatchObject({ schemaVersion: 1, runId: 'e2e-run-1', status: 'FAIL', customer: { id: CUSTOMER_ID } });
    expect(report.delta).toBeUndefined();
    expect(puts[1]!.body).toBe(puts[0]!.body);
    expect(JSON.parse(notification!.message.default!).reportLocation).toBe(`s3://${BUCKET}/${puts[0]!.s3?.key}`);

    // Structured logs from inside the bundle, with run, customer and counts.
    const finished = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.message === 'audit finished');
    expect(finished).toMatchObject({ runId: 'e2e-run-1', customerId: CUSTOMER_ID, status: 'FAIL', usersChecked: demoSeed().users.length });
    // Bound to the invocation: a fresh process is a cold start.
    expect(finished).toMatchObject({ cold_start: true, function_name: FUNCTION_NAME, function_arn: FUNCTION_ARN, function_request_id: 'e2e-run-1' });

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
    // Each run looked for the previous report first: missing the first time, found the second.
    expect(only('s3', 'GetObject').map((request) => request.s3?.key)).toEqual([`latest/${CUSTOMER_ID}.json`, `latest/${CUSTOMER_ID}.json`]);
    expect(everythingSeen(first, second)).not.toContain(TOKEN);
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
    expect(only('s3', 'PutObject').map((request) => request.s3?.key)).toEqual([
      expect.stringMatching(/^reports\/unknown\/.*\/e2e-run-403\.json$/),
      'latest/unknown.json',
    ]);
    expect(everythingSeen(run)).not.toContain(TOKEN);
  });
});
