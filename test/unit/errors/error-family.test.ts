/**
 * The error family: each cause states its own step and action, and toReportError turns any
 * member into a report error from those fields alone; anything else is an unexpected failure.
 */
import { TokenSecretError } from '../../../lambda/aws/secrets.js';
import { ConfigError } from '../../../lambda/config.js';
import { AuditorError } from '../../../lambda/errors.js';
import { toReportError, UNEXPECTED_FAILURE_ACTION } from '../../../lambda/failure.js';
import { adviceForStatus } from '../../../lambda/fastly/advice.js';
import { FastlyApiError } from '../../../lambda/fastly/errors.js';
import { BundledPolicyError } from '../../../lambda/policy/bundled.js';
import { PolicyValidationError } from '../../../lambda/policy/schema.js';

const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:fastly-token-AbCdEf';

const members: [string, AuditorError, { operation: string; action: string | RegExp }][] = [
  [
    'TokenSecretError',
    new TokenSecretError(`secret ${SECRET} has no token`, SECRET, `aws secretsmanager put-secret-value --secret-id ${SECRET} --secret-string <token>`),
    { operation: 'read_token_secret', action: `aws secretsmanager put-secret-value --secret-id ${SECRET} --secret-string <token>` },
  ],
  [
    'PolicyValidationError',
    new PolicyValidationError([{ path: 'version', message: 'is required' }], 'baked-in policy'),
    { operation: 'load_policy', action: 'Fix the policy file (npm start -- validate policy.json) and deploy again.' },
  ],
  [
    'BundledPolicyError',
    new BundledPolicyError('No policy is baked into this bundle'),
    { operation: 'load_policy', action: /^Deploy with the FastlyComplianceAuditor construct \(cdk deploy\)/ },
  ],
  [
    'ConfigError',
    new ConfigError('Invalid Lambda environment: TOPIC_ARN: must be an SNS topic ARN'),
    { operation: 'read_configuration', action: 'Deploy with the FastlyComplianceAuditor construct, which sets these variables.' },
  ],
  [
    'FastlyApiError',
    new FastlyApiError({ message: 'Fastly API list_users failed: HTTP 403 Forbidden', operation: 'list_users', kind: 'http', status: 403, attempts: 1 }),
    { operation: 'list_users', action: adviceForStatus(403) },
  ],
];

describe('each member of the family', () => {
  it.each(members)('%s names its step and states its own action', (name, error, expected) => {
    expect(error).toBeInstanceOf(AuditorError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(String(error)).toBe(`${name}: ${error.message}`);
    expect(error.operation).toBe(expected.operation);
    expect(error.action).toEqual(typeof expected.action === 'string' ? expected.action : expect.stringMatching(expected.action));
  });

  it('PolicyValidationError keeps its issues and source', () => {
    const issues = [{ path: 'rules["account.nope"]', message: 'unknown rule id' }];
    const error = new PolicyValidationError(issues, 'policy.json');
    expect(error.issues).toBe(issues);
    expect(error.source).toBe('policy.json');
    expect(error.message).toBe('policy.json: rules["account.nope"]: unknown rule id');
  });

  it('TokenSecretError keeps the AWS error as its cause; the others have none', () => {
    const awsError = Object.assign(new Error('Access denied'), { name: 'AccessDeniedException' });
    const error = new TokenSecretError(`could not read secret ${SECRET}`, SECRET, 'give the role access', { cause: awsError });
    expect(error.cause).toBe(awsError);
    expect(error.secretId).toBe(SECRET);
    for (const [, member] of members) expect('cause' in member).toBe(false);
  });
});

describe('toReportError', () => {
  it.each(members.filter(([name]) => name !== 'FastlyApiError'))('%s: its message, step and action', (_name, error) => {
    expect(toReportError(error)).toEqual({ message: error.message, operation: error.operation, action: error.action });
  });

  it('a Fastly error: the call in words, the reason, the HTTP status and the advice', () => {
    const error = new FastlyApiError({
      message: 'Fastly API list_users failed: HTTP 403 Forbidden: Forbidden after 2 attempts',
      operation: 'list_users',
      kind: 'http',
      status: 403,
      attempts: 2,
    });
    expect(toReportError(error)).toEqual({
      message: 'Could not read the users: HTTP 403 Forbidden: Forbidden after 2 attempts',
      status: 403,
      operation: 'list_users',
      action: adviceForStatus(403),
    });
  });

  it('a Fastly error without a status (a timeout on the write) keeps its whole reason and has no status', () => {
    const error = new FastlyApiError({
      message: 'Fastly API update_customer failed: no response within 100 ms; the update may or may not have been applied',
      operation: 'update_customer',
      kind: 'timeout',
      attempts: 1,
    });
    const reportError = toReportError(error);
    expect(reportError).toEqual({
      message: 'Could not update the account: no response within 100 ms; the update may or may not have been applied',
      operation: 'update_customer',
      action: error.action,
    });
    expect(reportError).not.toHaveProperty('status');
  });

  it('a member with a step it has no words for keeps its message', () => {
    const error = new AuditorError('the archive is read-only', { operation: 'archive_report', action: 'Give the role s3:PutObject.', status: 403 });
    expect(toReportError(error)).toEqual({ message: 'the archive is read-only', status: 403, operation: 'archive_report', action: 'Give the role s3:PutObject.' });
  });

  it('a plain Error is an unexpected failure: its message, and "see the logs"', () => {
    expect(toReportError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toEqual({
      message: "Cannot read properties of undefined (reading 'id')",
      action: UNEXPECTED_FAILURE_ACTION,
    });
    expect(UNEXPECTED_FAILURE_ACTION).toBe('Unexpected failure: see the logs, run again, and report it if it persists.');
  });

  it('anything else thrown is an unexpected failure too', () => {
    expect(toReportError('socket hang up')).toEqual({ message: 'socket hang up', action: UNEXPECTED_FAILURE_ACTION });
  });

  it('an error that only looks like a member (same fields, not the class) is still unexpected', () => {
    const lookalike = Object.assign(new Error('looks like one'), { operation: 'load_policy', action: 'trust me' });
    expect(toReportError(lookalike)).toEqual({ message: 'looks like one', action: UNEXPECTED_FAILURE_ACTION });
  });
});
