/**
 * The handler of a fleet deployment, over mocked AWS clients (aws-sdk-client-mock: one secret per
 * account, an in-memory bucket, a topic) and the real Fastly client against a fleet simulator
 * (one account per token), with the accounts baked the way the bundle's `define` bakes them:
 * each account event runs with its own secret, policy, remediation and notify mode and stores
 * its outcome; the digest event reads them back, archives and publishes one digest.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { FleetDigest } from '../../../lambda/fleet/digest.js';
import type { AccountOutcome } from '../../../lambda/fleet/outcome.js';
import type { RegisteredAccount } from '../../../lambda/fleet/registry.js';
import { createHandler } from '../../../lambda/handler.js';
import type { Report } from '../../../lambda/report/model.js';
import { startFleetSimulator, type FleetSimulator } from '../../../simulator/index.js';
import { captureOutput, fakeBucket, published, type FakeBucket, type OutputCapture } from '../../helpers/aws-fakes.js';
import { emfMetrics } from '../../helpers/emf.js';
import { answerFleetSecrets, fleetSeed, useBakedFleet } from '../../helpers/fleet-harness.js';
import { lambdaContext } from '../../helpers/lambda-context.js';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:fastly-fleet';
const BUCKET = 'fastly-fleet-reports';
const FLEET_RUN = 'nightly-2026-03-14';
const TOKENS = { prod: 'fst_PROD-sentinel-0a1b2c3d', staging: 'fst_STAGING-sentinel-4e5f6a7b', media: 'fst_MEDIA-sentinel-8c9d0e1f' } as const;

/** prod may fix has_pci (apply, always notified); staging only plans (digest only); media notifies on change. */
const ACCOUNTS: RegisteredAccount[] = [
  { name: 'prod', tokenSecretName: 'fastly/prod', policy: { version: 1, rules: { 'account.pci': { remediate: 'auto' } } }, remediation: 'apply', notify: 'always' },
  { name: 'staging', tokenSecretName: 'fastly/staging', policy: { version: 1, rules: { 'account.pci': { remediate: 'auto' }, 'user.superuser-count': { max: 10 } } }, remediation: 'plan', notify: 'digest' },
  { name: 'media', tokenSecretName: 'fastly/media', policy: { version: 1, rules: { 'account.pci': { enabled: false } } }, remediation: 'plan', notify: 'change' },
  { name: 'gone', tokenSecretName: 'fastly/gone', policy: { version: 1 }, remediation: 'plan', notify: 'digest' },
];

const secrets = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const s3 = mockClient(S3Client);
let fleet: FleetSimulator;
let bucket: FakeBucket;
let output: OutputCapture;
useBakedFleet(ACCOUNTS);

beforeAll(async () => {
  fleet = await startFleetSimulator(Object.entries(TOKENS).map(([name, token]) => ({ name, token, options: { seed: fleetSeed(name) } })));
});

afterAll(async () => {
  await fleet?.stop();
});

beforeEach(() => {
  for (const name of Object.keys(TOKENS)) {
    const simulator = fleet.account(name);
    simulator.updateState(fleetSeed(name));
    simulator.clearFaults();
    simulator.clearRequests();
  }
  secrets.reset();
  sns.reset();
  s3.reset();
  answerFleetSecrets(secrets, TOKENS);
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  bucket = fakeBucket(s3);
  output = captureOutput();
});

afterEach(() => output.restore());

function newHandler(env: Record<string, string> = {}) {
  return createHandler({
    env: { TOPIC_ARN, REPORT_BUCKET: BUCKET, FASTLY_API_URL: fleet.url, ...env },
    secrets: new SecretsManagerClient({ region: 'us-east-1' }),
    sns: new SNSClient({ region: 'us-east-1' }),
    s3: new S3Client({ region: 'us-east-1' }),
  });
}

type Handler = ReturnType<typeof newHandler>;

async function invoke(handler: Handler, event: unknown, runId: string): Promise<{ result?: Record<string, unknown>; error?: Error }> {
  try {
    return { result: (await handler(event, lambdaContext(runId))) as unknown as Record<string, unknown> };
  } catch (error) {
    return { error: error as Error };
  }
}

function stored<T>(key: string): T {
  const text = bucket.get(`${BUCKET}/${key}`);
  if (text === undefined) throw new Error(`nothing stored at ${key}; stored: ${[...bucket.keys()].join(', ')}`);
  return JSON.parse(text) as T;
}

const secretIds = () => secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input.SecretId);
const everything = () => [output.text(), ...[...bucket.values()], JSON.stringify(sns.calls().map((call) => call.args[0].input))].join('\n');

describe('an account event of a fleet', () => {
  it("runs the account with its own secret, policy, apply mode and notify mode, and stores its outcome", async () => {
    const { result, error } = await invoke(newHandler(), { account: 'prod', fleetRunId: FLEET_RUN }, 'run-prod');

    expect(error).toBeUndefined();
    expect(result).toMatchObject({ account: 'prod', runId: 'run-prod', customerId: 'cust-prod', status: 'FAIL', notified: true, outcomeLocation: `s3://${BUCKET}/fleet-runs/${FLEET_RUN}/prod.json` });
    expect(secretIds()).toEqual(['fastly/prod']);
    // Its policy's fix, in its apply mode, on its own account only.
    expect(fleet.account('prod').customer().has_pci).toBe(true);
    expect(fleet.account('staging').requests).toEqual([]);
    const outcome = stored<AccountOutcome>(`fleet-runs/${FLEET_RUN}/prod.json`);
    expect(outcome).toMatchObject({ account: 'prod', runId: 'run-prod', customer: { id: 'cust-prod', name: 'prod Ltd' }, status: 'FAIL', fixed: 1, change: 'FIRST_RUN', notified: true });
    expect(outcome.reportLocation).toMatch(new RegExp(`^s3://${BUCKET}/reports/cust-prod/\\d{4}/\\d{2}/\\d{2}/run-prod\\.json$`));
    expect(stored<{ customerId: string }>('latest/runs/accounts/prod.json')).toMatchObject({ runId: 'run-prod', customerId: 'cust-prod' });
    expect(bucket.has(`${BUCKET}/latest/runs/last.json`)).toBe(false);
    const [notification, ...others] = published(sns);
    expect(others).toEqual([]);
    expect(notification).toMatchObject({ topicArn: TOPIC_ARN, attributes: { status: 'FAIL', customer_id: 'cust-prod' } });
    expect(everything()).not.toContain(TOKENS.prod);
  });

  it("leaves the account's evidence as a single account's run does: page and CSV beside its report, its page linked, its metrics by its customer id", async () => {
    // Arrange
    const handler = newHandler({ AWS_REGION: 'eu-west-1' });

    // Act
    await invoke(handler, { account: 'prod', fleetRunId: FLEET_RUN }, 'run-prod-evidence');
    await invoke(handler, { account: 'media', fleetRunId: FLEET_RUN }, 'run-media-evidence');

    // Assert
    const keys = [...bucket.keys()].map((key) => key.slice(BUCKET.length + 1));
    for (const customer of ['cust-prod', 'cust-media']) {
      const run = customer === 'cust-prod' ? 'run-prod-evidence' : 'run-media-evidence';
      for (const extension of ['json', 'csv', 'html']) expect(keys).toContainEqual(expect.stringMatching(new RegExp(`^reports/${customer}/\\d{4}/\\d{2}/\\d{2}/${run}\\.${extension}$`)));
      expect(keys).toContain(`latest/${customer}.html`);
    }
    expect(bucket.get(`${BUCKET}/latest/cust-prod.html`)).toContain('prod Ltd');
    const page = keys.find((key) => key.startsWith('reports/cust-prod/') && key.endsWith('.html'));
    const [notification] = published(sns);
    expect(notification?.message.email).toContain(`Open the report: https://eu-west-1.console.aws.amazon.com/s3/object/${BUCKET}?region=eu-west-1&prefix=${page}`);
    const failing = emfMetrics(output.logs()).filter((metric) => metric.name === 'FailingFindings');
    expect(failing.map((metric) => `${String(metric.dimensionValues.CustomerId)}/${String(metric.dimensionValues.Severity)}`)).toEqual([
      'cust-prod/critical',
      'cust-prod/high',
      'cust-prod/medium',
      'cust-prod/low',
      'cust-media/critical',
      'cust-media/high',
      'cust-media/medium',
      'cust-media/low',
    ]);
    expect(emfMetrics(output.logs()).filter((metric) => metric.name === 'UsersChecked').map((metric) => metric.dimensionValues.CustomerId)).toEqual(['cust-prod', 'cust-media']);
  });

  it("plans only, and sends nothing of its own, for an account in plan mode with notify digest", async () => {
    const { result } = await invoke(newHandler(), { account: 'staging', fleetRunId: FLEET_RUN }, 'run-staging');

    expect(result).toMatchObject({ account: 'staging', status: 'FAIL', notified: false });
    expect(secretIds()).toEqual(['fastly/staging']);
    expect(fleet.account('staging').requests.every((request) => request.method === 'GET')).toBe(true);
    expect(stored<Report>(`latest/cust-staging.json`).remediation).toMatchObject({ mode: 'plan', changes: expect.arrayContaining([expect.objectContaining({ field: 'has_pci', status: 'planned' })]) });
    // Its own policy: superusers up to 10 pass.
    expect(stored<Report>(`latest/cust-staging.json`).rules.find((rule) => rule.ruleId === 'user.superuser-count')?.status).toBe('PASS');
    expect(published(sns)).toEqual([]);
    expect(stored<AccountOutcome>(`fleet-runs/${FLEET_RUN}/staging.json`)).toMatchObject({ notified: false, status: 'FAIL' });
  });

  it('notifies an account in change mode on its first run and not on an unchanged second one', async () => {
    const handler = newHandler();
    await invoke(handler, { account: 'media', fleetRunId: 'run-a' }, 'media-1');
    await invoke(handler, { account: 'media', fleetRunId: 'run-b' }, 'media-2');

    expect(published(sns).map((notification) => notification.attributes.change)).toEqual(['FIRST_RUN']);
    expect(stored<AccountOutcome>('fleet-runs/run-b/media.json')).toMatchObject({ change: 'UNCHANGED', newFindings: 0, notified: false });
    // Its policy turned account.pci off.
    expect(stored<Report>('latest/cust-media.json').rules.find((rule) => rule.ruleId === 'account.pci')?.status).toBe('NOT_APPLICABLE');
    // The token was read once for the container.
    expect(secretIds()).toEqual(['fastly/media']);
  });

  it('keeps a 401 to the account as its ERROR outcome, returns, and reads the secret again next time', async () => {
    fleet.account('prod').setFault('get_logged_in_customer', { status: 401 });
    const handler = newHandler();

    const first = await invoke(handler, { account: 'prod', fleetRunId: FLEET_RUN }, 'run-401');
    fleet.account('prod').clearFaults();
    const second = await invoke(handler, { account: 'prod', fleetRunId: 'later' }, 'run-ok');

    expect(first.error).toBeUndefined();
    expect(first.result).toMatchObject({ status: 'ERROR' });
    expect(stored<AccountOutcome>(`fleet-runs/${FLEET_RUN}/prod.json`)).toMatchObject({ status: 'ERROR', errors: [{ message: expect.stringContaining('401') }] });
    expect(second.result).toMatchObject({ status: 'FAIL' });
    expect(secretIds()).toEqual(['fastly/prod', 'fastly/prod']);
    // Its own last-run record says it recovers from ERROR: the recovery is a change.
    expect(stored<Report>('latest/cust-prod.json').delta).toBeUndefined();
    expect(published(sns).map((notification) => notification.attributes.status)).toEqual(['ERROR', 'FAIL']);
  });

  it("returns, with an ERROR outcome saying so, when the account's own notification cannot be sent", async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Topic gone'), { name: 'NotFound' }));

    const { result, error } = await invoke(newHandler(), { account: 'prod', fleetRunId: FLEET_RUN }, 'run-prod-silent');

    expect(error).toBeUndefined();
    expect(result).toMatchObject({ account: 'prod', status: 'ERROR', notified: true, outcomeLocation: `s3://${BUCKET}/fleet-runs/${FLEET_RUN}/prod.json` });
    const outcome = stored<AccountOutcome>(`fleet-runs/${FLEET_RUN}/prod.json`);
    expect(outcome).toMatchObject({ status: 'ERROR', notified: true, errors: [{ message: expect.stringMatching(/^notification failed: could not publish the notification to .*NotFound: Topic gone$/) }] });
  });

  it("fails the invocation when the outcome cannot be stored, so the state machine records the account's failure", async () => {
    s3.on(PutObjectCommand, { Key: `fleet-runs/${FLEET_RUN}/staging.json` }).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));

    const { error } = await invoke(newHandler(), { account: 'staging', fleetRunId: FLEET_RUN }, 'run-x');

    expect(error?.message).toMatch(/^Fastly audit of account staging \(run run-x, FAIL\) left no outcome for the digest: The account's outcome could not be stored at s3:\/\/fastly-fleet-reports\/fleet-runs\/nightly-2026-03-14\/staging\.json: AccessDenied: Access Denied$/);
  });

  it('refuses an unknown account with a suggestion, before reading any secret', async () => {
    const { error } = await invoke(newHandler(), { account: 'stagng', fleetRunId: FLEET_RUN }, 'run-typo');

    expect(error?.message).toBe('no account named "stagng" in this deployment; did you mean "staging"? (accounts: prod, staging, media, gone)');
    expect(secrets.calls()).toEqual([]);
    expect(s3.calls()).toEqual([]);
    expect(sns.calls()).toEqual([]);
  });

  it('refuses a scheduled event in a fleet, and an account event in a single-account bundle', async () => {
    const scheduled = await invoke(newHandler(), { source: 'aws.scheduler', detail: {} }, 'run-s');
    delete process.env.FASTLY_AUDIT_FLEET_JSON;
    const single = await invoke(newHandler(), { account: 'prod' }, 'run-single');

    expect(scheduled.error?.message).toBe('this deployment audits a fleet of 4 accounts: start its state machine, or invoke with {"account": "<name>"}');
    expect(single.error?.message).toBe('this deployment audits one account: its bundle has no accounts, so account "prod" cannot be run');
    expect(secrets.calls()).toEqual([]);
  });
});

describe('the digest event', () => {
  it('reads every account\'s outcome, counts the ones the Map caught, archives and publishes one digest', async () => {
    const handler = newHandler();
    await invoke(handler, { account: 'prod', fleetRunId: FLEET_RUN }, 'r-prod');
    await invoke(handler, { account: 'staging', fleetRunId: FLEET_RUN }, 'r-staging');
    sns.resetHistory();

    const { result, error } = await invoke(
      handler,
      { mode: 'digest', fleetRunId: FLEET_RUN, startedAt: '2026-03-14T03:00:00.000Z', caught: [{}, {}, { account: 'media', error: 'States.Timeout' }, { account: 'gone', error: 'Lambda.Unknown' }] },
      'r-digest',
    );

    expect(error).toBeUndefined();
    const location = `s3://${BUCKET}/digests/2026/03/14/${FLEET_RUN}.json`;
    expect(result).toEqual({ runId: FLEET_RUN, status: 'ERROR', accounts: 4, failing: 2, errors: 2, digestLocation: location });
    const digest = stored<FleetDigest>(`digests/2026/03/14/${FLEET_RUN}.json`);
    expect(digest.accounts.map((entry) => [entry.account, entry.status])).toEqual([
      ['gone', 'ERROR'],
      ['media', 'ERROR'],
      // Both critical; prod fixed has_pci, so staging fails more.
      ['staging', 'FAIL'],
      ['prod', 'FAIL'],
    ]);
    expect(digest.accounts.find((entry) => entry.account === 'media')?.errors[0]?.message).toBe('the audit function did not finish in time (States.Timeout)');
    const [notification, ...others] = published(sns);
    expect(others).toEqual([]);
    expect(notification?.subject).toBe('Fastly fleet audit: 2 of 4 accounts failing (critical), 2 errors');
    expect(notification?.attributes).toEqual({ status: 'ERROR', severity: 'critical', scope: 'fleet' });
    for (const name of ['gone', 'media', 'prod', 'staging']) expect(notification?.message.email).toContain(name);
    expect(notification?.message.email).toContain(`Full digest: ${location}`);
    // The metrics the AccountsInError alarm watches, in CloudWatch's embedded format (the accounts' runs wrote their own before).
    const metrics = output.logs().find((line) => '_aws' in line && 'FleetAccountsFailing' in line);
    expect(metrics).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'FastlyComplianceAuditor', Dimensions: [['FunctionName']] }] },
      FunctionName: expect.any(String),
      FleetAccountsFailing: 2,
      FleetAccountsInError: 2,
    });
    expect(everything()).not.toMatch(new RegExp(Object.values(TOKENS).join('|')));
  });

  it("with ACCOUNT_METRICS=off (a fleet's default): the accounts' runs write no metrics, the digest still writes the fleet's", async () => {
    const handler = newHandler({ ACCOUNT_METRICS: 'off' });
    await invoke(handler, { account: 'prod', fleetRunId: FLEET_RUN }, 'r-prod-quiet');
    await invoke(handler, { account: 'staging', fleetRunId: FLEET_RUN }, 'r-staging-quiet');
    expect(output.logs().filter((line) => line.message === 'audit finished')).toHaveLength(2);
    expect(emfMetrics(output.logs())).toEqual([]);

    const { result } = await invoke(handler, { mode: 'digest', fleetRunId: FLEET_RUN, startedAt: '2026-03-14T03:00:00.000Z', caught: [{}, {}] }, 'r-digest-quiet');

    // The two accounts that left no outcome are in ERROR: counted by the digest, not by their own metrics.
    expect(result).toMatchObject({ accounts: 4, failing: 2, errors: 2 });
    expect(emfMetrics(output.logs()).map((metric) => `${metric.name}=${String(metric.value)}`)).toEqual(['FleetAccountsFailing=2', 'FleetAccountsInError=2']);
  });

  it('names an account that left no outcome and was not caught, and fails when the digest cannot be published', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Topic gone'), { name: 'NotFound' }));

    const { error } = await invoke(newHandler(), { mode: 'digest', fleetRunId: 'empty', startedAt: '2026-03-14T03:00:00Z', caught: [] }, 'r-d');

    expect(error?.message).toMatch(/^Fastly fleet digest empty failed: digest notification failed: could not publish the notification to .*NotFound: Topic gone$/);
    const digest = stored<FleetDigest>('digests/2026/03/14/empty.json');
    expect(digest.totals).toMatchObject({ accounts: 4, error: 4 });
    expect(digest.accounts[0]?.errors[0]?.message).toBe("the account's run left no outcome: its invocation failed before it could store one, or is still running");
  });

  it("makes an outcome S3 will not give the account's ERROR, and still publishes a digest it could not archive, then fails", async () => {
    const handler = newHandler();
    await invoke(handler, { account: 'prod', fleetRunId: FLEET_RUN }, 'r-prod');
    s3.on(GetObjectCommand, { Key: `fleet-runs/${FLEET_RUN}/staging.json` }).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    s3.on(ListObjectsV2Command).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    s3.on(PutObjectCommand, { Key: `digests/2026/03/14/${FLEET_RUN}.json` }).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    sns.resetHistory();

    const { error } = await invoke(handler, { mode: 'digest', fleetRunId: FLEET_RUN, startedAt: '2026-03-14T03:00:00.000Z', caught: [] }, 'r-digest');

    expect(error?.message).toBe(
      `Fastly fleet digest ${FLEET_RUN} failed: The digest could not be archived to s3://${BUCKET}/digests/2026/03/14/${FLEET_RUN}.json: AccessDenied: Access Denied`,
    );
    const [notification, ...others] = published(sns);
    expect(others).toEqual([]);
    expect(notification?.attributes).toMatchObject({ status: 'ERROR', scope: 'fleet' });
    expect(notification?.message.email).toContain(`The outcome at s3://${BUCKET}/fleet-runs/${FLEET_RUN}/staging.json could not be read: AccessDenied: Access Denied`);
    expect(notification?.message.email).not.toContain('Full digest:');
  });

  it("does not notify from an account's run when the fleet's environment is invalid: the digest sends the one ERROR", async () => {
    const { error } = await invoke(newHandler({ TOPIC_ARN, REPORT_BUCKET: '' }), { account: 'prod', fleetRunId: FLEET_RUN }, 'r-prod-bad-env');

    expect(error?.message).toMatch(/^Invalid Lambda environment: REPORT_BUCKET: /);
    expect(published(sns)).toEqual([]);
    expect(s3.calls()).toHaveLength(0);
    expect(secrets.calls()).toHaveLength(0);
  });

  it('notifies an ERROR and reads no outcome when the environment is invalid', async () => {
    const { error } = await invoke(newHandler({ TOPIC_ARN, REPORT_BUCKET: '' }), { mode: 'digest', fleetRunId: FLEET_RUN, caught: [] }, 'r-digest-bad-env');

    expect(error?.message).toMatch(/^Invalid Lambda environment: REPORT_BUCKET: /);
    const [notification, ...others] = published(sns);
    expect(others).toEqual([]);
    expect(notification).toMatchObject({ topicArn: TOPIC_ARN, attributes: { status: 'ERROR' } });
    expect(notification?.message.email).toContain('REPORT_BUCKET');
    expect(s3.calls()).toHaveLength(0);
  });
});
