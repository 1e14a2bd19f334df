/**
 * The handler's watch mode ({"mode": "watch"}) over mocked AWS clients (aws-sdk-client-mock, an
 * in-memory bucket) and the real Fastly client against the simulator, whose scripted changes
 * leave customer.update events in its audit log as a person's change would.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { PublishCommand } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { demoSeed, type SimulatorSeed } from '../../../simulator/index.js';
import { everythingSent, published, putKeys } from '../../helpers/aws-fakes.js';
import { BUCKET, CUSTOMER_ID, TOKEN, useHandlerHarness, type Handler } from '../../helpers/handler-harness.js';
import { lambdaContext } from '../../helpers/lambda-context.js';

/** The demo account with its watched settings compliant (the watch's PASS), reachable from 127.0.0.1. */
function compliantSeed(): SimulatorSeed {
  const seed = demoSeed();
  return { ...seed, customer: { ...seed.customer, force_2fa: true, has_pci: true, ip_whitelist: '127.0.0.1/32, 198.51.100.0/24' } };
}

const POLICY = { version: 1, rules: { 'account.force-sso': { enabled: false }, 'account.pci-passwords': { enabled: false } } };
const STATE = `${BUCKET}/state/${CUSTOMER_ID}.json`;
const FAILURE = `${BUCKET}/state/failures/default.json`;
const TOM = 'TzdbKB1Ga8FPJsKbMnY0Lc';
const NOT_A_SUPERUSER = 'fVzUrrrUaR46drUvLinbJC';

const harness = useHandlerHarness({ seed: compliantSeed, policy: POLICY });
const { sns, s3, newHandler } = harness;

async function watch(handler: Handler, runId: string): Promise<{ result?: unknown; error?: Error }> {
  try {
    return { result: await handler({ mode: 'watch' }, lambdaContext(runId)) };
  } catch (error) {
    return { error: error as Error };
  }
}

function warnings(): string[] {
  return harness.output.logs().filter((line) => line.level === 'WARN').map((line) => String(line.warning ?? line.message));
}

beforeEach(() => harness.simulator.setTokenUser(undefined));

describe('the first watch', () => {
  it('writes the baseline state, publishes nothing, and says there was no state', async () => {
    const { result, error } = await watch(newHandler(), 'watch-1');

    expect(error).toBeUndefined();
    expect(result).toMatchObject({ mode: 'watch', accounts: 1, baselines: 1, regressions: 0, failing: 0 });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(putKeys(s3)).toEqual([`state/${CUSTOMER_ID}.json`]);
    const state = JSON.parse(harness.bucket.get(STATE) ?? '{}');
    expect(state).toMatchObject({ schemaVersion: 1, kind: 'watch-state', customer: { id: CUSTOMER_ID }, rules: { 'account.force-2fa': { status: 'PASS', value: true } } });
    expect(warnings().some((warning) => warning.includes('there is no watch state') && warning.includes('baseline'))).toBe(true);
    // One GET /current_customer, nothing else.
    expect(harness.simulator.requests.map((request) => request.route)).toEqual(['get_logged_in_customer']);
  });
});

describe('a watch with nothing changed', () => {
  it('publishes nothing and writes nothing', async () => {
    const handler = newHandler();
    await watch(handler, 'watch-1');
    s3.resetHistory();

    const { result } = await watch(handler, 'watch-2');

    expect(result).toMatchObject({ unchanged: 1, baselines: 0 });
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 0);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });
});

describe('PASS -> FAIL -> FAIL -> PASS', () => {
  it('publishes exactly one REGRESSION, with who turned force_2fa off, and one RECOVERY', async () => {
    const handler = newHandler();
    await watch(handler, 'watch-1');

    harness.simulator.recordChange({ customer: { force_2fa: false }, userId: TOM, ip: '203.0.113.45' });
    await watch(handler, 'watch-2');
    await watch(handler, 'watch-3');
    harness.simulator.recordChange({ customer: { force_2fa: true }, userId: TOM, ip: '203.0.113.45' });
    await watch(handler, 'watch-4');

    const notifications = published(sns);
    expect(notifications.map((notification) => notification.attributes.change)).toEqual(['REGRESSION', 'RECOVERY']);
    const [regression, recovery] = notifications;
    expect(regression).toMatchObject({ subject: 'Fastly ALERT Acme Streaming Ltd: force_2fa turned off', attributes: { mode: 'watch', status: 'FAIL', severity: 'high', customer_id: CUSTOMER_ID } });
    expect(regression!.message.email).toContain('changed by tom.becker@acme.example at ');
    expect(regression!.message.email).toContain('from 203.0.113.45 (customer.update)');
    const machine = JSON.parse(regression!.message.default);
    expect(machine.changes).toEqual([expect.objectContaining({ kind: 'REGRESSION', ruleId: 'account.force-2fa', from: true, to: false, attribution: expect.objectContaining({ actor: { id: TOM, login: 'tom.becker@acme.example' }, ip: '203.0.113.45' }) })]);
    expect(JSON.parse(regression!.message.https)).toMatchObject({ version: '1.0', source: 'custom', content: { textType: 'client-markdown' } });
    expect(recovery).toMatchObject({ subject: 'Fastly RECOVERY Acme Streaming Ltd: force_2fa turned on', attributes: { status: 'PASS', severity: 'NONE' } });
    expect(recovery!.message.email).toContain('changed by tom.becker@acme.example');
    expect(JSON.parse(harness.bucket.get(STATE) ?? '{}').rules['account.force-2fa']).toEqual({ status: 'PASS', value: true });
  });

  it('reads the audit log only when something changed, and only since the last change seen', async () => {
    const handler = newHandler();
    await watch(handler, 'watch-1');
    const baseline = JSON.parse(harness.bucket.get(STATE) ?? '{}').observedAt as string;
    await watch(handler, 'watch-2');
    expect(harness.simulator.requests.some((request) => request.route === 'list_events')).toBe(false);

    harness.simulator.recordChange({ customer: { ip_whitelist: '0.0.0.0/0, 127.0.0.1/32' }, userId: TOM });
    await watch(handler, 'watch-3');

    const events = harness.simulator.requests.filter((request) => request.route === 'list_events');
    expect(events).toHaveLength(1);
    const query = new URL(events[0]!.path, 'http://x').searchParams;
    expect(query.get('filter[event_type]')).toBe('customer.update');
    expect(Date.parse(query.get('filter[created_at][gte]') ?? '')).toBe(Math.floor(Date.parse(baseline) / 1000) * 1000);
    expect(published(sns)[0]!.subject).toBe('Fastly ALERT Acme Streaming Ltd: ip_whitelist changed to "0.0.0.0/0, 127.0.0.1/32"');
  });
});

describe('attribution', () => {
  it('is absent, with a warning, when the audit log answers 403', async () => {
    const handler = newHandler();
    await watch(handler, 'watch-1');
    harness.simulator.recordChange({ customer: { has_pci: false }, userId: TOM });
    harness.simulator.setTokenUser(NOT_A_SUPERUSER);

    const { error } = await watch(handler, 'watch-2');

    expect(error).toBeUndefined();
    const [alert] = published(sns);
    expect(alert!.attributes.change).toBe('REGRESSION');
    expect(alert!.message.email).toContain('who made it: not found in the audit log since');
    expect(alert!.message.email).toMatch(/Warning: Could not read the audit log: .*403.*the change is not attributed/);
    expect(JSON.parse(alert!.message.default).changes[0].attribution).toBeNull();
    expect(warnings().some((warning) => warning.includes('not attributed'))).toBe(true);
  });
});

describe('a failing watch', () => {
  it('notifies an API error once while it lasts, then once when the account is watched again', async () => {
    const handler = newHandler();
    await watch(handler, 'watch-1');
    harness.simulator.setFault('get_logged_in_customer', { status: 503 });

    for (const runId of ['watch-2', 'watch-3', 'watch-4']) expect((await watch(handler, runId)).error).toBeUndefined();
    const during = published(sns);
    harness.simulator.clearFaults();
    await watch(handler, 'watch-5');
    await watch(handler, 'watch-6');

    expect(during).toHaveLength(1);
    expect(during[0]).toMatchObject({ attributes: { status: 'ERROR', change: 'ERROR', mode: 'watch' } });
    expect(during[0]!.subject).toMatch(/^Fastly watch ERROR the Fastly account: Could not read the account: .*503/);
    expect(published(sns).map((notification) => notification.attributes.change)).toEqual(['ERROR', 'RESTORED']);
    expect(JSON.parse(harness.bucket.get(FAILURE) ?? '{}')).toMatchObject({ kind: 'watch-failure', failing: false });
  });

  it('notifies a rejected token once, and never sends the token anywhere', async () => {
    const handler = newHandler();
    harness.simulator.setFault('get_logged_in_customer', { status: 401 });

    await watch(handler, 'watch-1');
    await watch(handler, 'watch-2');

    expect(published(sns)).toHaveLength(1);
    expect(published(sns)[0]!.message.email).toContain('401');
    expect(everythingSent(sns, s3)).not.toContain(TOKEN);
    expect(harness.output.text()).not.toContain(TOKEN);
  });

  it('reads the token secret once while the token works, and again on each pass after it was rejected', async () => {
    const handler = newHandler();
    await watch(handler, 'watch-1');
    await watch(handler, 'watch-2');
    const whileWorking = harness.secrets.commandCalls(GetSecretValueCommand).length;
    harness.simulator.setFault('get_logged_in_customer', { status: 401 });

    await watch(handler, 'watch-3');
    await watch(handler, 'watch-4');

    expect(whileWorking).toBe(1);
    // watch-3 used the cached token and was refused; watch-4 read the secret again.
    expect(harness.secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });
});

describe('a watch that cannot do its own work', () => {
  it('is a failure of the watch, notified once, when S3 will not give the state', async () => {
    const handler = newHandler();
    s3.on(GetObjectCommand, { Key: `state/${CUSTOMER_ID}.json` }).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    s3.on(ListObjectsV2Command).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));

    await watch(handler, 'watch-1');
    await watch(handler, 'watch-2');

    const notifications = published(sns);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.attributes.change).toBe('ERROR');
    expect(notifications[0]!.message.email).toContain(`the watch state at s3://${BUCKET}/state/${CUSTOMER_ID}.json could not be read: AccessDenied: Access Denied`);
    expect(notifications[0]!.message.email).toContain('may read and write state/');
    expect(putKeys(s3)).toEqual(['state/failures/default.json']);
  });

  it('fails the invocation, and remembers nothing, when its failure notification cannot be sent', async () => {
    const handler = newHandler();
    harness.simulator.setFault('get_logged_in_customer', { status: 503 });
    sns.on(PublishCommand).rejects(Object.assign(new Error('Topic does not exist'), { name: 'NotFound' }));

    const { error } = await watch(handler, 'watch-1');

    expect(error?.message).toMatch(/^Fastly watch pass watch-1 incomplete: the watch's failure notification could not be sent: .*Topic does not exist/);
    expect(harness.bucket.has(FAILURE)).toBe(false);
  });

  it.each([
    ['the environment is invalid', () => ({ REPORT_BUCKET: '' }), 'Invalid Lambda environment: REPORT_BUCKET: '],
    [
      'the bundle carries no policy',
      () => {
        delete process.env.FASTLY_AUDIT_POLICY_JSON;
        return {};
      },
      'No policy is baked into this bundle',
    ],
  ])('notifies an ERROR, and reads no token, state or account, when %s', async (_case, breakDeployment: () => Record<string, string>, says) => {
    const { error } = await watch(newHandler(breakDeployment()), 'watch-broken');

    expect(error?.message).toContain(says);
    const notifications = published(sns);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ attributes: { status: 'ERROR' } });
    expect(notifications[0]!.message.email).toContain(says);
    expect(harness.secrets.calls()).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
    expect(harness.simulator.requests).toHaveLength(0);
  });
});

describe('a state that cannot be used', () => {
  it.each([
    ['corrupt', '{"schemaVersion": 1, "kind": "watch-st'],
    ['of another shape', '{"schemaVersion": 1, "kind": "watch-state", "rules": []}'],
    ['of another customer', JSON.stringify({ schemaVersion: 1, kind: 'watch-state', customer: { id: 'someone-else', name: 'x' }, observedAt: '2026-11-01T00:00:00Z', rules: { 'account.force-2fa': { status: 'FAIL', value: false } } })],
  ])('(%s) is rebuilt as the baseline with a warning, never an alert', async (_kind, text) => {
    harness.bucket.store(STATE, text);

    const { result } = await watch(newHandler(), 'watch-1');

    expect(result).toMatchObject({ baselines: 1 });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(JSON.parse(harness.bucket.get(STATE) ?? '{}')).toMatchObject({ kind: 'watch-state', customer: { id: CUSTOMER_ID } });
    expect(warnings().some((warning) => warning.includes(`s3://${BUCKET}/state/${CUSTOMER_ID}.json`) && warning.includes('baseline'))).toBe(true);
  });

  it('(far larger than a state) is left unread and rebuilt as the baseline, saying its size', async () => {
    s3.on(GetObjectCommand, { Key: `state/${CUSTOMER_ID}.json` }).resolves({ ContentLength: 5_000_000, Body: { transformToString: async () => '{}', destroy: () => undefined } as never });

    const { result } = await watch(newHandler(), 'watch-1');

    expect(result).toMatchObject({ baselines: 1 });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(JSON.parse(harness.bucket.get(STATE) ?? '{}')).toMatchObject({ kind: 'watch-state', customer: { id: CUSTOMER_ID } });
    expect(warnings()).toContain(`s3://${BUCKET}/state/${CUSTOMER_ID}.json is 5000000 bytes, more than the watch ever writes (65536): this pass is the baseline, and nothing is alerted`);
  });
});
