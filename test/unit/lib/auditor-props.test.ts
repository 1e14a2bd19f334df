import { Duration, Stack } from 'aws-cdk-lib';
import { SubnetType } from 'aws-cdk-lib/aws-ec2';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Severity } from '../../../lambda/report/model.js';
import { resolveAuditorProps } from '../../../lib/auditor-settings.js';
import { AuditorPropsError, FastlyComplianceAuditor, type FastlyComplianceAuditorProps } from '../../../lib/fastly-compliance-auditor.js';
import { examplePolicy, testApp } from '../../helpers/cdk.js';

function construct(props: Partial<FastlyComplianceAuditorProps>): FastlyComplianceAuditor {
  const stack = new Stack(testApp(), 'PropsTest');
  return new FastlyComplianceAuditor(stack, 'Auditor', { policy: examplePolicy(), ...props });
}

function errorFor(props: Partial<FastlyComplianceAuditorProps>): AuditorPropsError {
  try {
    construct(props);
  } catch (error) {
    if (error instanceof AuditorPropsError) return error;
    throw error;
  }
  throw new Error('expected the construct to reject the props');
}

describe('FastlyComplianceAuditor props validation', () => {
  it.each<[string, Partial<FastlyComplianceAuditorProps>, string, RegExp]>([
    ['a schedule that is not cron', { schedule: 'rate(1 day)' }, 'schedule', /schedule is invalid: 'rate\(1 day\)' is not a cron expression/],
    ['a cron with an hour out of range', { schedule: 'cron(0 25 * * ? *)' }, 'schedule', /hours field '25'/],
    ['a cron with both day fields set', { schedule: 'cron(0 3 * * MON *)' }, 'schedule', /exactly one of day-of-month/],
    ['a monthly cron without a missed-run window', { schedule: 'cron(0 3 1 * ? *)' }, 'schedule', /calendar-dependent days.*alarms\.missedRun\.windowDays/],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone', /timeZone must be an IANA time zone .* got 'Mars\/Olympus_Mons'/],
    ['a UTC offset instead of a zone', { timeZone: '+02:00' }, 'timeZone', /got '\+02:00'/],
    ['an email without a domain', { notificationEmails: ['ops@example.com', 'not-an-email'] }, 'notificationEmails[1]', /notificationEmails\[1\] is not an email address: 'not-an-email'/],
    ['a repeated email', { notificationEmails: ['ops@example.com', 'OPS@example.com'] }, 'notificationEmails[1]', /repeats 'OPS@example.com'/],
    ['a severity that does not exist', { emailMinSeverity: 'urgent' as Severity }, 'emailMinSeverity', /emailMinSeverity must be one of 'critical', 'high', 'medium', 'low', got 'urgent'/],
    ['a Slack channel without its id', { slack: { workspaceId: 'T0123ABCD', channelId: '' } }, 'slack.channelId', /slack\.channelId must be a Slack channel id .* got ''/],
    ['a Slack workspace without its id', { slack: { workspaceId: undefined as unknown as string, channelId: 'C0123ABCD' } }, 'slack.workspaceId', /slack\.workspaceId must be a Slack workspace id/],
    ['a lower-case workspace id', { slack: { workspaceId: 't0123abcd', channelId: 'C0123ABCD' } }, 'slack.workspaceId', /got 't0123abcd'/],
    ['a bad Chatbot configuration name', { slack: { workspaceId: 'T1', channelId: 'C1', configurationName: 'has space' } }, 'slack.configurationName', /got 'has space'/],
    ['reservedConcurrency 0', { reservedConcurrency: 0 }, 'reservedConcurrency', /reservedConcurrency must be a whole number from 1 to 1000, got 0/],
    ['negative reservedConcurrency', { reservedConcurrency: -1 }, 'reservedConcurrency', /got -1/],
    ['fractional reservedConcurrency', { reservedConcurrency: 1.5 }, 'reservedConcurrency', /got 1\.5/],
    ['an unknown remediation mode', { remediation: 'auto' as 'apply' }, 'remediation', /remediation must be one of 'plan', 'apply', got 'auto'/],
    ['an unknown notify mode', { notify: 'never' as 'always' }, 'notify', /notify must be one of 'always', 'change', got 'never'/],
    ['a secret name with spaces', { tokenSecretName: 'fastly token' }, 'tokenSecretName', /got 'fastly token'/],
    ['a zero report retention', { reportRetentionDays: 0 }, 'reportRetentionDays', /reportRetentionDays must be a whole number from 1/],
    ['an http API URL', { fastlyApiUrl: 'http://api.fastly.com' }, 'fastlyApiUrl', /fastlyApiUrl must use https, got 'http:\/\/api.fastly.com'/],
    ['an API URL that is not a URL', { fastlyApiUrl: 'api.fastly.com' }, 'fastlyApiUrl', /fastlyApiUrl is not a URL: 'api.fastly.com'/],
    ['too little memory', { memorySize: 64 }, 'memorySize', /memorySize must be a whole number from 128 to 10240, got 64/],
    ['a timeout over 15 minutes', { timeout: Duration.minutes(16) }, 'timeout', /timeout must be a Duration .* got Duration.minutes\(16\)/],
    [
      'a timeout shorter than the worst case of a run',
      { timeout: Duration.minutes(2) },
      'timeout',
      /^FastlyComplianceAuditor: timeout must be a Duration of whole seconds from Duration.seconds\(341\) to Duration.minutes\(15\), got Duration.minutes\(2\): a run must fit its worst case, 290 s of Fastly calls \(4 reads of 4 attempts x 10 s plus 30 s of retry waits, 1 write of 10 s\) and 51 s for the token, the previous report, the archive and the notification$/,
    ],
    ['a log retention that is not a RetentionDays', { logRetention: 42 as RetentionDays }, 'logRetention', /got 42/],
    ['an alarm threshold of 0', { alarms: { errors: { threshold: 0 } } }, 'alarms.errors.threshold', /alarms\.errors\.threshold must be a whole number from 1/],
    ['an alarm period in seconds', { alarms: { failures: { period: Duration.seconds(90) } } }, 'alarms.failures.period', /whole minutes/],
    ['more evaluation periods than a day holds', { alarms: { errors: { period: Duration.hours(1), evaluationPeriods: 25 } } }, 'alarms.errors.evaluationPeriods', /from 1 to 24, got 25/],
    ['a missed-run window over 6 days', { alarms: { missedRun: { windowDays: 7 } } }, 'alarms.missedRun.windowDays', /from 1 to 6, got 7/],
    ['a weekly schedule the missed-run alarm cannot watch', { schedule: 'cron(0 3 ? * MON *)' }, 'schedule', /leaves 7 days between runs.*run at least every 6 days.*alarms\.missedRun\.enabled to false/],
    ['a missed-run grace of 0 hours', { alarms: { missedRun: { graceHours: 0 } } }, 'alarms.missedRun.graceHours', /from 1 to 24, got 0/],
    ['a missed-run switch that is not a boolean', { alarms: { missedRun: { enabled: 'no' as unknown as boolean } } }, 'alarms.missedRun.enabled', /must be true or false, got 'no'/],
    ['a dashboard switch that is not a boolean', { dashboard: 'yes' as unknown as boolean }, 'dashboard', /must be true or false, got 'yes'/],
    ['an accountMetrics switch that is not a boolean', { accountMetrics: 'off' as unknown as boolean }, 'accountMetrics', /accountMetrics must be true or false, got 'off'/],
  ])('rejects %s, naming the prop and the value', (_case, props, prop, message) => {
    const error = errorFor(props);
    expect(error.problems.map((problem) => problem.prop)).toEqual([prop]);
    expect(error.message).toMatch(/^FastlyComplianceAuditor: /);
    expect(error.message).toMatch(message);
  });

  it('rejects a policy that does not validate, listing the path of each problem', () => {
    const policy = { ...examplePolicy(), rules: { 'account.force-2fa': { maxUsersLoggedOut: -1 } } } as FastlyComplianceAuditorProps['policy'];
    const error = errorFor({ policy });
    expect(error.problems.map((problem) => problem.prop)).toEqual(['policy']);
    expect(error.message).toMatch(/rules\["account\.force-2fa"\]\.maxUsersLoggedOut/);
  });

  it('reports every bad prop at once, each with its value, on a line of its own', () => {
    const error = errorFor({
      timeZone: 'Mars/Olympus_Mons',
      notificationEmails: ['ops@example.com', 'not-an-email', 'OPS@example.com'],
      slack: { workspaceId: 't0123abcd', channelId: '' },
      memorySize: 64,
      fastlyApiUrl: 'http://api.fastly.com',
      alarms: { errors: { threshold: 0 }, missedRun: { windowDays: 8 } },
      vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
    });
    expect(error.problems.map(({ prop, value }) => [prop, value])).toEqual([
      ['timeZone', 'Mars/Olympus_Mons'],
      ['notificationEmails[1]', 'not-an-email'],
      ['notificationEmails[2]', 'OPS@example.com'],
      ['slack.workspaceId', 't0123abcd'],
      ['slack.channelId', ''],
      ['fastlyApiUrl', 'http://api.fastly.com'],
      ['memorySize', 64],
      ['alarms.errors.threshold', 0],
      ['alarms.missedRun.windowDays', 8],
      ['vpcSubnets', { subnetType: SubnetType.PRIVATE_WITH_EGRESS }],
    ]);
    expect(error.message.split('\n')).toEqual([
      'FastlyComplianceAuditor: 10 problems in the props:',
      "  - timeZone must be an IANA time zone such as 'UTC' or 'Europe/Berlin', got 'Mars/Olympus_Mons'",
      "  - notificationEmails[1] is not an email address: 'not-an-email'",
      "  - notificationEmails[2] repeats 'OPS@example.com'",
      "  - slack.workspaceId must be a Slack workspace id (capital letters and digits, e.g. 'T0123ABCD'), got 't0123abcd'",
      "  - slack.channelId must be a Slack channel id (letters and digits, e.g. 'C0123ABCD'), got ''",
      "  - fastlyApiUrl must use https, got 'http://api.fastly.com'",
      '  - memorySize must be a whole number from 128 to 10240, got 64',
      '  - alarms.errors.threshold must be a whole number from 1 to 1000000, got 0',
      '  - alarms.missedRun.windowDays must be a whole number from 1 to 6, got 8',
      '  - vpcSubnets is set without vpc: set vpc too, or drop vpcSubnets',
    ]);
  });

  it('keeps a bad policy\'s own lines under its bullet, beside the other problems', () => {
    const policy = { ...examplePolicy(), rules: { 'account.force-2fa': { maxUsersLoggedOut: -1 } } } as FastlyComplianceAuditorProps['policy'];
    const error = errorFor({ policy, remediation: 'auto' as 'apply' });
    expect(error.problems.map((problem) => problem.prop)).toEqual(['policy', 'remediation']);
    const lines = error.message.split('\n');
    expect(lines[1]).toBe('  - policy is not a valid policy:');
    const policyLines = lines.slice(2, lines.findIndex((line) => line.startsWith('  - remediation')));
    expect(policyLines.length).toBeGreaterThan(0);
    for (const line of policyLines) expect(line).toMatch(/^ {4}\S/);
    expect(policyLines.join('\n')).toMatch(/rules\["account\.force-2fa"\]\.maxUsersLoggedOut/);
    expect(lines.at(-1)).toBe("  - remediation must be one of 'plan', 'apply', got 'auto'");
  });

  it('does not stack a second complaint on a prop that depends on a bad one', () => {
    // The missed-run window comes from the schedule, and the evaluation periods' bound from the period.
    const error = errorFor({ schedule: 'cron(0 3 * *)', alarms: { failures: { period: Duration.seconds(90), evaluationPeriods: 1440 } } });
    expect(error.problems.map((problem) => problem.prop)).toEqual(['schedule', 'alarms.failures.period']);
  });

  it('applies the documented defaults', () => {
    const resolved = resolveAuditorProps({ policy: examplePolicy() });
    expect(resolved).toMatchObject({
      schedule: 'cron(0 3 * * ? *)',
      timeZone: 'UTC',
      notificationEmails: [],
      emailMinSeverity: undefined,
      slack: undefined,
      remediation: 'plan',
      notify: 'always',
      tokenSecretName: undefined,
      reservedConcurrency: 1,
      reportRetentionDays: 400,
      noncurrentVersionRetentionDays: 30,
      fastlyApiUrl: undefined,
      memorySize: 512,
      logRetention: RetentionDays.THREE_MONTHS,
      alarms: {
        errors: { threshold: 1, evaluationPeriods: 1 },
        missedRun: { gapDays: 1, graceHours: 3, windowHours: 27 },
        failures: { threshold: 1, evaluationPeriods: 1 },
      },
    });
    expect(resolved.timeout.toSeconds()).toBe(360);
    expect(resolved.alarms.errors.period.toSeconds()).toBe(300);
  });

  it("writes one account's metrics by default, a fleet's only when asked for", () => {
    const fleet = { accounts: [{ name: 'prod', tokenSecretName: 'fastly-auditor/prod' }] };

    const settings = [
      resolveAuditorProps({ policy: examplePolicy() }),
      resolveAuditorProps({ policy: examplePolicy(), accountMetrics: false }),
      resolveAuditorProps({ policy: examplePolicy(), fleet }),
      resolveAuditorProps({ policy: examplePolicy(), fleet, accountMetrics: true }),
    ];

    expect(settings.map((resolved) => resolved.accountMetrics)).toEqual([true, false, false, true]);
  });

  it('accepts the shortest timeout a run fits in', () => {
    expect(resolveAuditorProps({ policy: examplePolicy(), timeout: Duration.seconds(341) }).timeout.toSeconds()).toBe(341);
    expect(() => resolveAuditorProps({ policy: examplePolicy(), timeout: Duration.seconds(340) })).toThrow(/from Duration.seconds\(341\)/);
  });

  it('accepts reservedConcurrency false (none), an explicit window for a calendar-dependent schedule, and a time zone alias', () => {
    const resolved = resolveAuditorProps({
      policy: examplePolicy(),
      reservedConcurrency: false,
      schedule: 'cron(0 3 1-7 * ? *)',
      timeZone: 'America/Argentina/Buenos_Aires',
      alarms: { missedRun: { windowDays: 6, graceHours: 24 } },
    });
    expect(resolved.reservedConcurrency).toBeUndefined();
    expect(resolved.alarms.missedRun).toEqual({ gapDays: 6, graceHours: 24, windowHours: 168 });
    expect(resolved.timeZone).toBe('America/Argentina/Buenos_Aires');
  });
});

describe('the missed-run window', () => {
  it.each([
    ['daily', 'cron(0 3 * * ? *)', 27],
    ['every 30 minutes', 'cron(0/30 * * * ? *)', 27],
    ['Monday to Friday', 'cron(30 6 ? * MON-FRI *)', 75],
    ['twice a week', 'cron(0 3 ? * MON,THU *)', 99],
  ])('is the longest gap between runs plus 3 hours for a %s schedule', (_case, schedule, hours) => {
    expect(resolveAuditorProps({ policy: examplePolicy(), schedule }).alarms.missedRun?.windowHours).toBe(hours);
  });

  it('is left out when the alarm is turned off, whatever the schedule', () => {
    const resolved = resolveAuditorProps({ policy: examplePolicy(), schedule: 'cron(0 3 ? * MON *)', alarms: { missedRun: { enabled: false } } });
    expect(resolved.alarms.missedRun).toBeUndefined();
  });
});
