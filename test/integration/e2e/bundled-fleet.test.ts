/**
 * A fleet's deployed artifact, end to end: lambda/handler.ts bundled with the stack's own esbuild
 * options and the accounts baked in (lib/handler-bundling.ts), run in fresh child processes as
 * the state machine would invoke it (one account event each, then the digest), against a fleet
 * simulator on loopback and the recording AWS stand-in (Secrets Manager, S3, SNS).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { FleetDigest } from '../../../lambda/fleet/digest.js';
import type { AccountOutcome } from '../../../lambda/fleet/outcome.js';
import type { RegisteredAccount } from '../../../lambda/fleet/registry.js';
import { handlerEsbuildOptions } from '../../../lib/handler-bundling.js';
import { demoSeed, startFleetSimulator, type FleetSimulator } from '../../../simulator/index.js';
import { startAwsRecorder, type AwsRecorder, type RecordedAwsRequest } from '../../helpers/aws-recorder.js';
import { runLambdaBundle, writeLambdaRunner, type ChildRun } from '../../helpers/lambda-runner.js';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:fleet';
const BUCKET = 'fastly-fleet-reports-123456789012';
const FLEET_RUN = 'e2e-execution-1';
const TOKENS = { prod: 'fst_E2E-FLEET-PROD-7f3a9c21', staging: 'fst_E2E-FLEET-STAGING-1b2c3d4e', broken: 'fst_E2E-FLEET-REVOKED-9e8d7c6b' };
const ACCOUNTS: RegisteredAccount[] = [
  { name: 'prod', tokenSecretName: 'fastly/prod', policy: { version: 1, rules: { 'account.pci': { remediate: 'auto' } } }, remediation: 'apply', notify: 'always' },
  { name: 'staging', tokenSecretName: 'fastly/staging', policy: { version: 1 }, remediation: 'plan', notify: 'digest' },
  { name: 'broken', tokenSecretName: 'fastly/broken', policy: { version: 1 }, remediation: 'plan', notify: 'change' },
];

let dir: string;
let fleet: FleetSimulator;
let recorder: AwsRecorder;

function seed(name: string) {
  const demo = demoSeed();
  return { customer: { ...demo.customer, id: `e2e-${name}`, name: `${name} Corp` }, users: demo.users };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fastly-fleet-e2e-'));
  // broken's token was revoked: the API does not know it.
  fleet = await startFleetSimulator([
    { name: 'prod', token: TOKENS.prod, options: { seed: seed('prod') } },
    { name: 'staging', token: TOKENS.staging, options: { seed: seed('staging') } },
  ]);
  recorder = await startAwsRecorder({ secrets: { 'fastly/prod': TOKENS.prod, 'fastly/staging': JSON.stringify({ token: TOKENS.staging }), 'fastly/broken': TOKENS.broken } });
  await build({ ...handlerEsbuildOptions({ version: 1 }, ACCOUNTS), outfile: join(dir, 'index.mjs'), logLevel: 'silent' });
  await writeLambdaRunner(dir);
}, 120_000);

afterAll(async () => {
  await fleet?.stop();
  await recorder?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function invoke(runId: string, event: unknown): Promise<ChildRun> {
  const setting = { dir, secretArn: 'unused-in-a-fleet', topicArn: TOPIC_ARN, bucket: BUCKET, fastlyApiUrl: fleet.url, awsEndpointUrl: recorder.url };
  return runLambdaBundle(setting, runId, { event });
}

const only = (service: RecordedAwsRequest['service'], operation: string) => recorder.requests.filter((request) => request.service === service && request.operation === operation);
const result = (run: ChildRun) => JSON.parse(/^HANDLER_RESULT (.*)$/m.exec(run.stdout)?.[1] ?? 'null') as Record<string, unknown>;
const stored = <T>(key: string): T => JSON.parse(recorder.objects.get(`${BUCKET}/${key}`) ?? 'null') as T;
function subjectsAndAttributes(): { subject: string | undefined; attributes: Record<string, string | undefined> }[] {
  return only('sns', 'Publish').map(({ form = {} }) => {
    const names = Object.entries(form).filter(([field]) => /^MessageAttributes\.entry\.\d+\.Name$/.test(field));
    return { subject: form.Subject, attributes: Object.fromEntries(names.map(([field, name]) => [name, form[field.replace(/Name$/, 'Value.StringValue')]])) };
  });
}

describe('the bundled handler of a fleet', () => {
  const runs: ChildRun[] = [];

  beforeAll(async () => {
    for (const account of ACCOUNTS) runs.push(await invoke(`e2e-${account.name}`, { account: account.name, fleetRunId: FLEET_RUN }));
    runs.push(await invoke('e2e-digest', { mode: 'digest', fleetRunId: FLEET_RUN, startedAt: '2026-03-14T03:00:00.000Z', caught: [{}, {}, {}] }));
  }, 180_000);

  it('runs each account event with its own secret, policy and remediation, and returns without failing', () => {
    expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 0]);
    expect(runs.slice(0, 3).map((run) => result(run))).toEqual([
      expect.objectContaining({ account: 'prod', status: 'FAIL', customerId: 'e2e-prod', notified: true }),
      expect.objectContaining({ account: 'staging', status: 'FAIL', customerId: 'e2e-staging', notified: false }),
      expect.objectContaining({ account: 'broken', status: 'ERROR', customerId: 'unknown', notified: true }),
    ]);
    expect(only('secretsmanager', 'GetSecretValue').map((request) => JSON.parse(request.body).SecretId)).toEqual(['fastly/prod', 'fastly/staging', 'fastly/broken']);
    // prod's policy and apply mode fixed has_pci; staging only read.
    expect(fleet.account('prod').customer().has_pci).toBe(true);
    expect(fleet.account('staging').requests.every((request) => request.method === 'GET')).toBe(true);
    expect(fleet.unknownKeyRequests).toBe(1);
  });

  it("stores each account's outcome and its own last run, beside its archived report", () => {
    const keys = only('s3', 'PutObject').map((request) => request.s3?.key);
    for (const name of ['prod', 'staging', 'broken']) {
      expect(keys).toContain(`fleet-runs/${FLEET_RUN}/${name}.json`);
      expect(keys).toContain(`latest/runs/accounts/${name}.json`);
    }
    expect(keys).not.toContain('latest/runs/last.json');
    expect(stored<AccountOutcome>(`fleet-runs/${FLEET_RUN}/broken.json`)).toMatchObject({ status: 'ERROR', errors: [{ message: expect.stringContaining('HTTP 401') }] });
  });

  it("notifies per account as each one's mode says, then publishes one digest naming all three", () => {
    const published = subjectsAndAttributes();
    expect(published.map((notification) => notification.attributes.scope ?? notification.attributes.customer_id)).toEqual(['e2e-prod', 'unknown', 'fleet']);
    const digestNotification = published[2];
    expect(digestNotification?.subject).toBe('Fastly fleet audit: 2 of 3 accounts failing (critical), 1 error');
    expect(digestNotification?.attributes).toEqual({ status: 'ERROR', severity: 'critical', scope: 'fleet' });
    const email = JSON.parse(only('sns', 'Publish')[2]?.form?.Message ?? '{}').email as string;
    for (const name of ['prod', 'staging', 'broken']) expect(email).toContain(name);
  });

  it('archives the digest and emits its metrics', () => {
    const digest = stored<FleetDigest>(`digests/2026/03/14/${FLEET_RUN}.json`);
    expect(digest.accounts.map((outcome) => [outcome.account, outcome.status])).toEqual([
      ['broken', 'ERROR'],
      ['staging', 'FAIL'],
      ['prod', 'FAIL'],
    ]);
    expect(result(runs[3]!)).toEqual({ runId: FLEET_RUN, status: 'ERROR', accounts: 3, failing: 2, errors: 1, digestLocation: `s3://${BUCKET}/digests/2026/03/14/${FLEET_RUN}.json` });
    const metrics = runs[3]!.stdout.split('\n').find((line) => line.includes('"CloudWatchMetrics"'));
    expect(JSON.parse(metrics ?? '{}')).toMatchObject({ FleetAccountsFailing: 2, FleetAccountsInError: 1, FunctionName: expect.any(String) });
  });

  it('shows no token in any request, object or output', () => {
    const everything = [
      ...recorder.requests.map((request) => `${JSON.stringify(request.headers)}\n${request.path}\n${request.body}`),
      ...[...recorder.objects.values()],
      ...runs.flatMap((run) => [run.stdout, run.stderr]),
    ].join('\n');
    for (const token of Object.values(TOKENS)) expect(everything).not.toContain(token);
  });
});
