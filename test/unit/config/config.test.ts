/**
 * The Lambda environment schema and the configuration inferred from it: names mapped, defaults
 * applied, the two modes taken from lambda/modes.ts, and every bad variable named.
 */
import { accountMetricsOn, ConfigError, readConfig, readFleetConfig, type HandlerConfig } from '../../../lambda/config.js';
import { DEFAULT_FASTLY_BASE_URL } from '../../../lambda/fastly/client.js';
import { NOTIFY_MODES, REMEDIATION_MODES, type NotifyMode, type RemediationMode } from '../../../lambda/modes.js';

/** True only when A and B are the same type (checked by tsc, which `npm test` runs). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected it to throw');
}

const ENV = {
  TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:fastly-token-AbCdEf',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:fastly-audit',
  REPORT_BUCKET: 'fastly-audit-reports',
};

describe('HandlerConfig', () => {
  it('is inferred from the environment schema, with the modes of lambda/modes.ts', () => {
    const inferred: [
      Equal<HandlerConfig['remediation'], RemediationMode>,
      Equal<HandlerConfig['notify'], NotifyMode>,
      Equal<keyof HandlerConfig, 'tokenSecretArn' | 'topicArn' | 'reportBucket' | 'remediation' | 'notify' | 'fastlyApiUrl' | 'awsRegion' | 'securityHub' | 'accountMetrics'>,
    ] = [true, true, true];

    expect(inferred).toEqual([true, true, true]);
  });
});

describe('readConfig', () => {
  it('maps every variable to its setting', () => {
    const config = readConfig({ ...ENV, REMEDIATION: 'apply', NOTIFY: 'change', FASTLY_API_URL: 'http://127.0.0.1:8080', AWS_REGION: 'eu-west-1', ACCOUNT_METRICS: 'off' });

    expect(config).toEqual({
      tokenSecretArn: ENV.TOKEN_SECRET_ARN,
      topicArn: ENV.TOPIC_ARN,
      reportBucket: ENV.REPORT_BUCKET,
      remediation: 'apply',
      notify: 'change',
      fastlyApiUrl: 'http://127.0.0.1:8080',
      awsRegion: 'eu-west-1',
      accountMetrics: false,
    });
  });

  it('applies the defaults, treating empty strings as unset', () => {
    const config = readConfig({ ...ENV, REMEDIATION: '', NOTIFY: undefined, UNRELATED: 'ignored' });

    expect(config).toEqual(expect.objectContaining({ remediation: 'plan', notify: 'always', fastlyApiUrl: DEFAULT_FASTLY_BASE_URL, accountMetrics: true }));
    expect(Object.keys(config)).not.toContain('UNRELATED');
  });

  it('writes the accounts\' metrics unless ACCOUNT_METRICS is off (unset and empty are on)', () => {
    expect(readConfig(ENV).accountMetrics).toBe(true);
    expect(readConfig({ ...ENV, ACCOUNT_METRICS: '' }).accountMetrics).toBe(true);
    expect(readConfig({ ...ENV, ACCOUNT_METRICS: 'on' }).accountMetrics).toBe(true);
    expect(readConfig({ ...ENV, ACCOUNT_METRICS: 'off' }).accountMetrics).toBe(false);
  });

  it('refuses an ACCOUNT_METRICS that is neither on nor off, naming the variable', () => {
    const error = thrown(() => readConfig({ ...ENV, ACCOUNT_METRICS: 'false' }));

    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('ACCOUNT_METRICS');
  });

  it('reads the switch from a raw environment too, for a configuration that cannot be read: only off is off', () => {
    expect([accountMetricsOn({}), accountMetricsOn({ ACCOUNT_METRICS: 'on' }), accountMetricsOn({ ACCOUNT_METRICS: 'off' })]).toEqual([true, true, false]);
  });

  it.each(REMEDIATION_MODES)('accepts REMEDIATION=%s', (mode) => {
    expect(readConfig({ ...ENV, REMEDIATION: mode }).remediation).toBe(mode);
  });

  it.each(NOTIFY_MODES)('accepts NOTIFY=%s', (mode) => {
    expect(readConfig({ ...ENV, NOTIFY: mode }).notify).toBe(mode);
  });

  it('refuses a FASTLY_API_URL that would send the token over plain http to another machine', () => {
    const error = thrown(() => readConfig({ ...ENV, FASTLY_API_URL: 'http://api.fastly.com' }));

    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('FASTLY_API_URL: Fastly API base URL http://api.fastly.com is plain http to a host that is not this machine');
    expect(readConfig({ ...ENV, FASTLY_API_URL: 'http://localhost:8080' }).fastlyApiUrl).toBe('http://localhost:8080');
  });

  it('imports into Security Hub only when SECURITY_HUB_PRODUCT_ARN is set, reading the account, Region and partition from it', () => {
    expect(readConfig(ENV).securityHub).toBeUndefined();
    expect(readConfig({ ...ENV, SECURITY_HUB_PRODUCT_ARN: '' }).securityHub).toBeUndefined();

    const config = readConfig({ ...ENV, SECURITY_HUB_PRODUCT_ARN: 'arn:aws-us-gov:securityhub:us-gov-west-1:123456789012:product/123456789012/default' });

    expect(config.securityHub).toEqual({
      partition: 'aws-us-gov',
      region: 'us-gov-west-1',
      accountId: '123456789012',
      productArn: 'arn:aws-us-gov:securityhub:us-gov-west-1:123456789012:product/123456789012/default',
    });
  });

  it.each([
    ['a product of another company', 'arn:aws:securityhub:us-east-1::product/aws/guardduty'],
    ['two accounts', 'arn:aws:securityhub:us-east-1:123456789012:product/210987654321/default'],
    ['a Region of another partition', 'arn:aws:securityhub:cn-north-1:123456789012:product/123456789012/default'],
    ['no ARN at all', 'true'],
  ])('refuses a SECURITY_HUB_PRODUCT_ARN of %s, naming the variable', (_what, value) => {
    const error = thrown(() => readConfig({ ...ENV, SECURITY_HUB_PRODUCT_ARN: value }));

    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('SECURITY_HUB_PRODUCT_ARN: must be the default product ARN arn:<partition>:securityhub:<region>:<account>:product/<account>/default');
  });

  it('names every bad variable in one ConfigError', () => {
    const error = thrown(() => readConfig({ TOPIC_ARN: 'fastly-audit', REMEDIATION: 'yes', NOTIFY: 'never', FASTLY_API_URL: 'ftp://api.example' }));

    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^Invalid Lambda environment: /);
    for (const name of ['TOKEN_SECRET_ARN', 'TOPIC_ARN: must be an SNS topic ARN', 'REPORT_BUCKET', 'REMEDIATION', 'NOTIFY', 'FASTLY_API_URL']) {
      expect(error.message).toContain(name);
    }
  });
});

describe('readFleetConfig', () => {
  const FLEET_ENV = { TOPIC_ARN: ENV.TOPIC_ARN, REPORT_BUCKET: ENV.REPORT_BUCKET };

  it("needs no token secret nor modes (each account's are in the bundle), and reads the shared variables", () => {
    const config = readFleetConfig({
      ...FLEET_ENV,
      FASTLY_API_URL: 'http://127.0.0.1:8080',
      SECURITY_HUB_PRODUCT_ARN: 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default',
      ACCOUNT_METRICS: 'off',
    });

    expect(config).toEqual({
      topicArn: ENV.TOPIC_ARN,
      reportBucket: ENV.REPORT_BUCKET,
      fastlyApiUrl: 'http://127.0.0.1:8080',
      securityHub: { partition: 'aws', region: 'eu-west-1', accountId: '123456789012', productArn: 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default' },
      accountMetrics: false,
    });
    expect(readFleetConfig(FLEET_ENV)).toMatchObject({ fastlyApiUrl: DEFAULT_FASTLY_BASE_URL, securityHub: undefined, accountMetrics: true });
  });

  it('names every bad variable, as for one account', () => {
    const error = thrown(() => readFleetConfig({ TOPIC_ARN: 'fleet', FASTLY_API_URL: 'http://fastly.example.com' }));

    expect(error).toBeInstanceOf(ConfigError);
    for (const name of ['TOPIC_ARN: must be an SNS topic ARN', 'REPORT_BUCKET', 'FASTLY_API_URL']) expect(error.message).toContain(name);
    expect(error.message).not.toContain('TOKEN_SECRET_ARN');
  });
});
