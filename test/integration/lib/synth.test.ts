/**
 * `npm run synth` as an operator runs it: offline, no AWS credentials, local esbuild. This is the
 * one test that bundles the handler for real.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESM_REQUIRE_BANNER } from '../../../lib/handler-bundling.js';
import { examplePolicy, REPO_ROOT } from '../../helpers/cdk.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'auditor-synth-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** PATH only: no AWS_* variables, a home without ~/.aws, and no instance metadata lookups. */
function synth(args: string[]) {
  const home = join(dir, 'home');
  return spawnSync('npm', ['run', 'synth', '--', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 90_000,
    env: { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', npm_config_cache: join(home, '.npm') },
  });
}

describe('npm run synth', () => {
  it('synthesises offline without credentials, bundling the handler with the banner and the baked policy', () => {
    // A policy text with shell metacharacters: bundling must pass it to esbuild untouched.
    const policy = examplePolicy();
    policy.exceptions = [{ rule: 'user.2fa-enabled', subject: 'ci-bot@example.com', reason: 'hardware key; costs $HOME & more', expires: '2027-03-31' }];
    const policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(policy));
    const out = join(dir, 'cdk.out');

    const result = synth(['-o', out, '-c', `policyFile=${policyFile}`, '-c', 'notificationEmails=sec@example.com,ops@example.com']);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);

    const template = JSON.parse(readFileSync(join(out, 'FastlyComplianceAuditor.template.json'), 'utf8'));
    const resources = Object.values(template.Resources) as { Type: string; Properties: Record<string, unknown> }[];
    const fn = resources.find((resource) => resource.Type === 'AWS::Lambda::Function');
    expect(fn?.Properties).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'index.handler' });
    expect(resources.filter((resource) => resource.Type === 'AWS::SNS::Subscription')).toHaveLength(2);

    const assetHash = (fn?.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
    const bundle = readFileSync(join(out, `asset.${assetHash}`, 'index.mjs'), 'utf8');
    expect(bundle.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(bundle).toContain(JSON.stringify(policy));
    expect(bundle).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}/);
    expect(existsSync(join(out, `asset.${assetHash}`, 'index.mjs.map'))).toBe(true);
  });

  it('fails on a bad policy file, printing the file and the path of the problem', () => {
    const policyFile = join(dir, 'bad-policy.json');
    writeFileSync(policyFile, JSON.stringify({ version: 1, rules: { 'user.superuser-count': { max: 'three' } } }));

    const result = synth(['-o', join(dir, 'bad.out'), '-c', `policyFile=${policyFile}`]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(policyFile);
    expect(result.stderr).toContain('rules["user.superuser-count"].max');
  });

  it('fails on several bad settings, printing each with its value and no stack trace', () => {
    const result = synth(['-o', join(dir, 'bad-props.out'), '-c', 'timeZone=Mars/Olympus_Mons', '-c', 'remediation=auto', '-c', 'notificationEmails=ops@example.com,not-an-email']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('FastlyComplianceAuditor: 3 problems in the props:');
    expect(result.stderr).toContain("  - timeZone must be an IANA time zone such as 'UTC' or 'Europe/Berlin', got 'Mars/Olympus_Mons'");
    expect(result.stderr).toContain("  - notificationEmails[1] is not an email address: 'not-an-email'");
    expect(result.stderr).toContain("  - remediation must be one of 'plan', 'apply', got 'auto'");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
