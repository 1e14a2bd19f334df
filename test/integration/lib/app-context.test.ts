import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PolicyValidationError } from '../../../lambda/policy/schema.js';
import { auditorAppSettings, ContextError } from '../../../lib/app-context.js';
import { buildAuditorApp } from '../../../lib/auditor-stack.js';
import { cdkJsonContext, examplePolicy, REPO_ROOT, testApp } from '../../helpers/cdk.js';

/** A context reader over cdk.json's context with some keys overridden, as `-c key=value` does. */
function context(overrides: Record<string, unknown> = {}): (key: string) => unknown {
  const values = { ...cdkJsonContext(), ...overrides };
  return (key) => values[key];
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'auditor-context-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('auditorAppSettings', () => {
  it("reads cdk.json's defaults: the example policy, plan mode, nightly at 03:00 UTC", () => {
    const settings = auditorAppSettings(context(), REPO_ROOT);
    expect(settings.stackName).toBe('FastlyComplianceAuditor');
    expect(settings.policyFile).toBe(join(REPO_ROOT, 'policy.json'));
    expect(settings.auditor).toEqual({
      policy: examplePolicy(),
      schedule: 'cron(0 3 * * ? *)',
      timeZone: 'UTC',
      notificationEmails: [],
      emailMinSeverity: undefined,
      remediation: 'plan',
      notify: 'always',
      slack: undefined,
      tokenSecretName: undefined,
      // The construct's own default (1 for one account; a fleet's concurrency for a fleet).
      reservedConcurrency: undefined,
      dashboard: true,
      securityHub: false,
    });
  });

  it.each([
    [true, true],
    ['true', true],
    ['on', true],
    [false, false],
    ['false', false],
    ['off', false],
  ])('reads dashboard %j as %j (cdk.json or -c dashboard=...)', (value, expected) => {
    expect(auditorAppSettings(context({ dashboard: value }), REPO_ROOT).auditor.dashboard).toBe(expected);
  });

  it.each([
    [true, true],
    ['on', true],
    ['false', false],
    ['off', false],
    [undefined, undefined],
  ])('reads accountMetrics %j as %j (undefined: the construct decides, on for one account, off for a fleet)', (value, expected) => {
    expect(auditorAppSettings(context({ accountMetrics: value }), REPO_ROOT).auditor.accountMetrics).toBe(expected);
  });

  it('names the key and the value of an accountMetrics setting that is no switch', () => {
    expect(() => auditorAppSettings(context({ accountMetrics: 'sometimes' }), REPO_ROOT)).toThrow('context accountMetrics must be true or false, got "sometimes"');
  });

  it('names the key and the value of a dashboard setting that is no switch', () => {
    expect(() => auditorAppSettings(context({ dashboard: 'maybe' }), REPO_ROOT)).toThrow('context dashboard must be true or false, got "maybe"');
  });

  it('takes emails as an array or as the comma-separated string the command line gives', () => {
    expect(auditorAppSettings(context({ notificationEmails: ['a@example.com', 'b@example.com'] }), REPO_ROOT).auditor.notificationEmails).toEqual([
      'a@example.com',
      'b@example.com',
    ]);
    expect(auditorAppSettings(context({ notificationEmails: 'a@example.com, b@example.com,' }), REPO_ROOT).auditor.notificationEmails).toEqual([
      'a@example.com',
      'b@example.com',
    ]);
    expect(() => auditorAppSettings(context({ notificationEmails: 42 }), REPO_ROOT)).toThrow(/context notificationEmails must be a list/);
  });

  it.each<[unknown, number | false]>([
    [false, false],
    ['false', false],
    ['off', false],
    [2, 2],
    ['3', 3],
  ])('reads reservedConcurrency %p as %p', (value, expected) => {
    expect(auditorAppSettings(context({ reservedConcurrency: value }), REPO_ROOT).auditor.reservedConcurrency).toBe(expected);
  });

  it('rejects a reservedConcurrency that is neither a number nor off', () => {
    expect(() => auditorAppSettings(context({ reservedConcurrency: 'one' }), REPO_ROOT)).toThrow(ContextError);
    expect(() => auditorAppSettings(context({ reservedConcurrency: 'one' }), REPO_ROOT)).toThrow(/context reservedConcurrency must be a number, or false/);
  });

  it('reads the other keys, including a Slack channel given by both ids', () => {
    const settings = auditorAppSettings(
      context({
        stackName: 'AuditorProd',
        schedule: 'cron(0 5 ? * MON-FRI *)',
        timeZone: 'Europe/Berlin',
        emailMinSeverity: 'high',
        remediation: 'apply',
        notify: 'change',
        tokenSecretName: 'platform/fastly-token',
        slackWorkspaceId: 'T0123ABCD',
        slackChannelId: 'C0123ABCD',
      }),
      REPO_ROOT,
    );
    expect(settings.stackName).toBe('AuditorProd');
    expect(settings.auditor).toMatchObject({
      schedule: 'cron(0 5 ? * MON-FRI *)',
      timeZone: 'Europe/Berlin',
      emailMinSeverity: 'high',
      remediation: 'apply',
      notify: 'change',
      tokenSecretName: 'platform/fastly-token',
      slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' },
    });
  });

  it.each([
    [{ slackWorkspaceId: 'T0123ABCD' }, /context slackChannelId is missing: slackWorkspaceId is set/],
    [{ slackChannelId: 'C0123ABCD' }, /context slackWorkspaceId is missing: slackChannelId is set/],
  ])('rejects a half-set Slack channel %p', (overrides, message) => {
    expect(() => auditorAppSettings(context(overrides), REPO_ROOT)).toThrow(message);
  });

  it('fails on an invalid policy file, naming the file and the path of each problem', () => {
    const file = join(dir, 'bad-policy.json');
    writeFileSync(file, JSON.stringify({ version: 1, rules: { 'account.force-2fa': { remediate: 'sometimes' } } }));
    let error: unknown;
    try {
      auditorAppSettings(context({ policyFile: file }), REPO_ROOT);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyValidationError);
    expect((error as PolicyValidationError).message).toContain(file);
    expect((error as PolicyValidationError).message).toContain('rules["account.force-2fa"].remediate');
  });

  it('fails on an allowlist fix its own guardrail would always refuse, naming the path', () => {
    const file = join(dir, 'refused-fix-policy.json');
    const block = { remediate: 'auto', desired: '0.0.0.0/0', auditorEgress: ['203.0.113.10'] };
    writeFileSync(file, JSON.stringify({ version: 1, rules: { 'account.ip-allowlist': block } }));

    expect(() => auditorAppSettings(context({ policyFile: file }), REPO_ROOT)).toThrow(
      `${file}: rules["account.ip-allowlist"].desired: is not compliant with this rule's own settings, so the fix would be refused every time: entry "0.0.0.0/0" allows every address`,
    );
  });

  it.each(['bad name!', '1stack', 'a_b', 'x'.repeat(129)])('rejects the stack name %j with what a name may hold', (name) => {
    expect(() => auditorAppSettings(context({ stackName: name }), REPO_ROOT)).toThrow(
      `context stackName must start with a letter and hold only letters, digits and hyphens (at most 128), got ${JSON.stringify(name)}`,
    );
  });

  it('resolves a relative policyFile against the base directory and fails clearly when it is missing', () => {
    expect(() => auditorAppSettings(context({ policyFile: 'no-such-policy.json' }), dir)).toThrow(
      `${join(dir, 'no-such-policy.json')}: cannot read the policy file (ENOENT)`,
    );
  });
});

describe('bin/app.ts', () => {
  it('prints a bad -c stackName as one clean line, without a stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NODE_OPTIONS: '', CDK_CONTEXT_JSON: JSON.stringify({ stackName: 'bad name!' }), CDK_OUTDIR: join(dir, 'app.out') },
    });

    expect(result.stderr).toBe('context stackName must start with a letter and hold only letters, digits and hyphens (at most 128), got "bad name!"\n');
    expect(result.status).toBe(1);
  });
});

describe('buildAuditorApp', () => {
  it('names the stack from context and builds the auditor from the context values', () => {
    const app = testApp({ stackName: 'AuditorStaging', notificationEmails: 'sec@example.com', reservedConcurrency: 'off' });
    const stack = buildAuditorApp(app, REPO_ROOT);
    expect(stack.stackName).toBe('AuditorStaging');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: 'sec@example.com' });
    expect(Object.values(template.findResources('AWS::Lambda::Function'))[0]?.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('turns the accounts\' metrics off from -c accountMetrics=off: the function is told so', () => {
    const stack = buildAuditorApp(testApp({ accountMetrics: 'off' }), REPO_ROOT);

    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ ACCOUNT_METRICS: 'off' }) } });
  });
});
