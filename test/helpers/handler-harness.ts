/**
 * The Lambda handler over mocked AWS clients (aws-sdk-client-mock: an in-memory bucket, a topic
 * that accepts, a secret with the token) and the real Fastly client against the simulator, with
 * the policy given the way the bundle's `define` gives it. `useHandlerHarness()` registers the
 * jest hooks of a suite and returns what its tests use.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { createHandler, type RunSummary } from '../../lambda/handler.js';
import { demoSeed, startSimulator, type Simulator, type SimulatorSeed } from '../../simulator/index.js';
import { captureOutput, fakeBucket, type FakeBucket, type OutputCapture } from './aws-fakes.js';
import { lambdaContext } from './lambda-context.js';

export const TOKEN = 'fst_SENTINEL-7c1e9b2f-do-not-leak';
export const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:fastly-audit-token-AbCdEf';
export const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:fastly-audit';
export const BUCKET = 'fastly-audit-reports';
export const CUSTOMER_ID = demoSeed().customer.id as string;
/** The customer's latest report in the fake bucket. */
export const LATEST = `${BUCKET}/latest/${CUSTOMER_ID}.json`;
/** A small policy with one automatic fix (has_pci) the demo account needs. */
export const POLICY = { version: 1, rules: { 'account.pci': { remediate: 'auto' } } };

export type Handler = ReturnType<typeof createHandler>;

export interface HandlerHarness {
  readonly secrets: AwsClientStub<SecretsManagerClient>;
  readonly sns: AwsClientStub<SNSClient>;
  readonly s3: AwsClientStub<S3Client>;
  readonly simulator: Simulator;
  readonly bucket: FakeBucket;
  readonly output: OutputCapture;
  /** A fresh handler (a fresh container: nothing cached) over the mocked clients. */
  newHandler(overrides?: Record<string, string | undefined>): Handler;
  /** One scheduled invocation with `remainingMs` of Lambda time; the error it threw, if it did. */
  invoke(handler: Handler, runId: string, remainingMs?: number): Promise<{ result?: RunSummary; error?: Error }>;
  setUser(login: string, patch: Record<string, unknown>): void;
}

export function useHandlerHarness(options: { seed?: () => SimulatorSeed; policy?: unknown } = {}): HandlerHarness {
  const seedOf = options.seed ?? demoSeed;
  const secrets = mockClient(SecretsManagerClient);
  const sns = mockClient(SNSClient);
  const s3 = mockClient(S3Client);
  const clients = {
    secrets: new SecretsManagerClient({ region: 'us-east-1' }),
    sns: new SNSClient({ region: 'us-east-1' }),
    s3: new S3Client({ region: 'us-east-1' }),
  };
  const policyBefore = process.env.FASTLY_AUDIT_POLICY_JSON;
  let simulator: Simulator | undefined;
  let bucket: FakeBucket | undefined;
  let output: OutputCapture | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the handler harness has no ${what} outside a test`);
    return value;
  };

  beforeAll(async () => {
    simulator = await startSimulator({ token: TOKEN, seed: seedOf() });
  });

  afterAll(async () => {
    await simulator?.stop();
    if (policyBefore === undefined) delete process.env.FASTLY_AUDIT_POLICY_JSON;
    else process.env.FASTLY_AUDIT_POLICY_JSON = policyBefore;
  });

  beforeEach(() => {
    const seed = seedOf();
    const sim = ready(simulator, 'simulator');
    sim.updateState({ customer: seed.customer, users: seed.users });
    sim.clearFaults();
    sim.clearRequests();
    process.env.FASTLY_AUDIT_POLICY_JSON = JSON.stringify(options.policy ?? POLICY);
    secrets.reset();
    sns.reset();
    s3.reset();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: TOKEN });
    sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
    bucket = fakeBucket(s3);
    output = captureOutput();
  });

  afterEach(() => output?.restore());

  return {
    secrets,
    sns,
    s3,
    get simulator() {
      return ready(simulator, 'simulator');
    },
    get bucket() {
      return ready(bucket, 'bucket');
    },
    get output() {
      return ready(output, 'output capture');
    },
    newHandler(overrides = {}) {
      const env = {
        TOKEN_SECRET_ARN: SECRET_ARN,
        TOPIC_ARN,
        REPORT_BUCKET: BUCKET,
        REMEDIATION: 'plan',
        NOTIFY: 'always',
        FASTLY_API_URL: ready(simulator, 'simulator').url,
        ...overrides,
      };
      return createHandler({ env, ...clients });
    },
    async invoke(handler, runId, remainingMs) {
      try {
        // A scheduled event runs the single account, whose summary this is.
        return { result: (await handler({ source: 'aws.scheduler', detail: {} }, lambdaContext(runId, remainingMs))) as RunSummary };
      } catch (error) {
        return { error: error as Error };
      }
    },
    setUser(login, patch) {
      const sim = ready(simulator, 'simulator');
      sim.updateState({ users: sim.users().map((user) => (user.login === login ? { ...user, ...patch } : user)) });
    },
  };
}
