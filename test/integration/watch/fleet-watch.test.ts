/**
 * A fleet's watch: one {"mode": "watch"} invocation watches every baked account (mocked AWS
 * clients, a fleet simulator routing each token to its account), each with its own state, and
 * notifies the accounts that cannot be watched once, together.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { RegisteredAccount } from '../../../lambda/fleet/registry.js';
import { createHandler } from '../../../lambda/handler.js';
import { startFleetSimulator, type FleetSimulator } from '../../../simulator/index.js';
import { captureOutput, fakeBucket, published, type FakeBucket, type OutputCapture } from '../../helpers/aws-fakes.js';
import { answerFleetSecrets, fleetSeed, useBakedFleet } from '../../helpers/fleet-harness.js';
import { lambdaContext } from '../../helpers/lambda-context.js';

const BUCKET = 'fleet-watch-reports';
const TOKENS: Record<string, string> = { prod: 'fst_PROD-watch-sentinel-1a2b', staging: 'fst_STAGING-watch-sentinel-3c4d' };
const POLICY = { version: 1 as const, rules: { 'account.force-sso': { enabled: false }, 'account.pci-passwords': { enabled: false } } };
const ACCOUNTS: RegisteredAccount[] = [
  ...Object.keys(TOKENS).map((name): RegisteredAccount => ({ name, tokenSecretName: `fastly/${name}`, policy: POLICY, remediation: 'plan', notify: 'digest' })),
  { name: 'gone', tokenSecretName: 'fastly/gone', policy: POLICY, remediation: 'plan', notify: 'digest' },
];

const secrets = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const s3 = mockClient(S3Client);
let fleet: FleetSimulator;
let bucket: FakeBucket;
let output: OutputCapture;
useBakedFleet(ACCOUNTS);

/** Each account as the watch first sees it: 2FA forced, PCI on, an IP allowlist set. */
const seedFor = (name: string) => fleetSeed(name, { force_2fa: true, has_pci: true, ip_whitelist: '127.0.0.1/32' });

beforeAll(async () => {
  fleet = await startFleetSimulator(Object.entries(TOKENS).map(([name, token]) => ({ name, token, options: { seed: seedFor(name) } })));
  answerFleetSecrets(secrets, TOKENS);
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  bucket = fakeBucket(s3);
  output = captureOutput();
});

afterAll(async () => {
  output.restore();
  await fleet?.stop();
});

describe('a fleet watch', () => {
  it('watches every account in one invocation, alerts the one that regressed, and notifies the failing one once', async () => {
    const handler = createHandler({
      env: { TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:fleet', REPORT_BUCKET: BUCKET, FASTLY_API_URL: fleet.url },
      secrets: new SecretsManagerClient({ region: 'us-east-1' }),
      sns: new SNSClient({ region: 'us-east-1' }),
      s3: new S3Client({ region: 'us-east-1' }),
    });

    const first = await handler({ mode: 'watch' }, lambdaContext('watch-1'));
    fleet.account('prod').recordChange({ customer: { force_2fa: false }, userId: 'TzdbKB1Ga8FPJsKbMnY0Lc', ip: '198.51.100.77' });
    const second = await handler({ mode: 'watch' }, lambdaContext('watch-2'));

    expect(first).toMatchObject({ mode: 'watch', accounts: 3, baselines: 2, failing: 1 });
    expect(second).toMatchObject({ accounts: 3, unchanged: 1, regressions: 1, failing: 1 });
    expect([...bucket.keys()].sort()).toEqual([`${BUCKET}/state/cust-prod.json`, `${BUCKET}/state/cust-staging.json`, `${BUCKET}/state/failures/gone.json`]);
    const notifications = published(sns);
    expect(notifications.map((notification) => [notification.attributes.change, notification.subject])).toEqual([
      ['ERROR', expect.stringMatching(/^Fastly watch ERROR gone: /)],
      ['REGRESSION', 'Fastly ALERT prod (prod Ltd): force_2fa turned off'],
    ]);
    expect(notifications[1]!.message.email).toContain('changed by tom.becker@acme.example');
    expect(fleet.account('staging').requests.map((request) => request.route)).toEqual(['get_logged_in_customer', 'get_logged_in_customer']);
    expect(output.text()).not.toMatch(/fst_(PROD|STAGING)/);
  });
});
