/**
 * `--format asff` as a user runs it: the demo report's findings as the Lambda would import them,
 * every record valid ASFF; the account and Region from --aws-account-id, AWS_ACCOUNT_ID and
 * AWS_REGION, checked before any request; and a --previous report whose resolved findings become
 * archived records. The token is a sentinel that must appear in no output.
 */
import { readFileSync } from 'node:fs';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { demoSeed } from '../../../simulator/index.js';
import { asffProblems, REQUIRED_FIELDS } from '../../helpers/asff-checks.js';
import { DEMO_POLICY, expectNoToken, scratchDirectory, TOKEN_ENV, withSimulator } from '../../helpers/cli-harness.js';
import { runCli } from '../../helpers/run-cli.js';

const scratch = scratchDirectory('audit-cli-asff-');

afterAll(() => scratch.cleanUp());

function findingsOf(stdout: string): AwsSecurityFinding[] {
  const parsed = JSON.parse(stdout) as { Findings: AwsSecurityFinding[] };
  expect(Object.keys(parsed)).toEqual(['Findings']);
  return parsed.Findings;
}

it.concurrent('the demo: every record of the demo report has every field ASFF requires, within its limits, for account 000000000000 in us-east-1', async () => {
  const result = await runCli(['--demo', '--format', 'asff'], { AWS_REGION: '', AWS_ACCOUNT_ID: '' });

  const records = findingsOf(result.stdout);
  expect(records.length).toBeGreaterThan(15);
  for (const record of records) {
    for (const field of REQUIRED_FIELDS) expect(record[field]).toBeDefined();
    expect(asffProblems(record)).toEqual([]);
    expect(record).toMatchObject({
      AwsAccountId: '000000000000',
      ProductArn: 'arn:aws:securityhub:us-east-1:000000000000:product/000000000000/default',
      ProductFields: expect.objectContaining({ 'fastly-compliance-auditor/Demo': 'true' }),
    });
  }
  // One record per open finding, each id once.
  expect(new Set(records.map((record) => record.Id)).size).toBe(records.length);
  expect(records.map((record) => record.GeneratorId)).toEqual(expect.arrayContaining(['account.force-2fa', 'user.2fa-enabled', 'token.expiry', 'invitation.stale']));
  expect(result.code).toBe(1);
}, 30_000);

it.concurrent('names the account of --aws-account-id over AWS_ACCOUNT_ID, and the Region and partition of AWS_REGION', async () => {
  const fromEnv = await runCli(['--demo', '--format', 'asff'], { AWS_ACCOUNT_ID: '123456789012', AWS_REGION: 'cn-north-1' });
  const fromOption = await runCli(['--demo', '--format', 'asff', '--aws-account-id', '210987654321'], { AWS_ACCOUNT_ID: '123456789012', AWS_REGION: 'eu-west-1' });

  expect(findingsOf(fromEnv.stdout)[0]).toMatchObject({
    AwsAccountId: '123456789012',
    ProductArn: 'arn:aws-cn:securityhub:cn-north-1:123456789012:product/123456789012/default',
    Resources: [expect.objectContaining({ Partition: 'aws-cn', Region: 'cn-north-1' })],
  });
  expect(findingsOf(fromOption.stdout)[0]).toMatchObject({ AwsAccountId: '210987654321', ProductArn: 'arn:aws:securityhub:eu-west-1:210987654321:product/210987654321/default' });
}, 30_000);

it.concurrent.each([
  [['--aws-account-id', '12345'], {}, '--aws-account-id must be a 12-digit AWS account id, got "12345"'],
  [[], { AWS_ACCOUNT_ID: '1234-5678-9012' }, 'AWS_ACCOUNT_ID must be a 12-digit AWS account id, got "1234-5678-9012"'],
  [[], { AWS_REGION: 'Frankfurt' }, 'AWS_REGION must be an AWS Region name such as us-east-1, got "Frankfurt"'],
])('%j %j: exit 2 naming what is wrong, before the demo starts', async (args, env, message) => {
  const result = await runCli(['--demo', '--format', 'asff', ...args], env);

  expect(result.code).toBe(2);
  expect(result.stderr).toBe(`fastly-compliance-auditor: ${message}\n`);
  expect(result.stdout).toBe('');
});

it.concurrent('--previous: what the earlier report had open and no longer fails is archived as PASSED, the rest stays as it was first seen', async () => {
  const first = scratch.file('first.json');
  const { result } = await withSimulator({ seed: demoSeed() }, async (sim) => {
    await runCli(['--api-url', sim.url, '--policy', DEMO_POLICY, '--output', first], TOKEN_ENV);
    sim.updateState({ users: sim.users().map((user) => (user.login === 'tom.becker@acme.example' ? { ...user, two_factor_auth_enabled: true } : user)) });
    const second = await runCli(['--api-url', sim.url, '--policy', DEMO_POLICY, '--previous', first, '--format', 'asff', '--aws-account-id', '123456789012'], TOKEN_ENV);
    return { result: second };
  });

  const records = findingsOf(result.stdout);
  const tom = records.find((record) => record.Resources?.[0]?.Details?.Other?.SubjectName === 'tom.becker@acme.example' && record.GeneratorId === 'user.2fa-enabled');
  expect(tom).toMatchObject({ Compliance: { Status: 'PASSED' }, RecordState: 'ARCHIVED', Severity: { Label: 'INFORMATIONAL', Original: 'critical' } });
  expect(tom?.Description).toMatch(/^Resolved: no longer fails as of \S+ \(run \S+\)\. It was: /);
  const still = records.filter((record) => record.RecordState === 'ACTIVE');
  expect(still.length).toBeGreaterThan(0);
  // Open in both runs: first seen by the first.
  const started = (JSON.parse(readFileSync(first, 'utf8')) as { startedAt: string }).startedAt;
  expect(still.filter((record) => record.CreatedAt === started).length).toBeGreaterThan(0);
  for (const record of records) expect(asffProblems(record)).toEqual([]);
  expectNoToken(result.stdout, result.stderr);
}, 60_000);
