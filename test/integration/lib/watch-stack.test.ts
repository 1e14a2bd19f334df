/**
 * The stack with the watch on (cdk.json `watchSchedule`, the construct's prop): a second schedule
 * invokes the function with {"mode": "watch"} (a fleet's function too, not its state machine), the
 * role may read and write state/ and nothing more, and the missed-run alarm counts audits, not the
 * watch's invocations. Off by default: none of it exists.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { auditorAppSettings } from '../../../lib/app-context.js';
import { resolveAuditorProps } from '../../../lib/auditor-settings.js';
import { AuditorPropsError } from '../../../lib/fastly-compliance-auditor.js';
import { auditorStack, cdkJsonContext, examplePolicy, fleetAccounts, REPO_ROOT, templateOf } from '../../helpers/cdk.js';

interface Statement {
  Sid?: string;
  Action: unknown;
  Resource: unknown;
  Condition?: unknown;
}

function statements(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

const FUNCTION_ARN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditorFunction'), 'Arn'] };

describe('watchSchedule set', () => {
  const template = templateOf({ watchSchedule: 'rate(5 minutes)', timeZone: 'Europe/Berlin' });

  it('adds a schedule that invokes the function with {"mode": "watch"}, retries nothing, and parks what it cannot deliver', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      Target: {
        Arn: FUNCTION_ARN,
        Input: JSON.stringify({ mode: 'watch' }),
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditorFailureQueue'), 'Arn'] } },
      },
    });
  });

  it('lets the role read and write state/ only, and list it to tell a first watch from a denied one', () => {
    const all = statements(template);
    const watch = all.filter((statement) => JSON.stringify(statement.Resource).includes('/state/'));
    expect(watch).toEqual([expect.objectContaining({ Sid: 'KeepWatchState', Action: ['s3:GetObject', 's3:PutObject'] })]);
    expect(JSON.stringify(watch[0]!.Resource)).toMatch(/"\/state\/\*"/);
    const list = all.find((statement) => statement.Sid === 'TellFirstRunFromDenied');
    expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': ['latest/*', 'state/*'] } });
    expect(JSON.stringify(all)).not.toMatch(/s3:DeleteObject|"s3:\*"/);
  });

  it('has the missed-run alarm count audits that ended, from the logs, not the watch\'s invocations', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.message = "audit finished" }',
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'FastlyComplianceAuditor', MetricName: 'AuditRuns', MetricValue: '1', Dimensions: [{ Key: 'FunctionName', Value: '$.function_name' }] })],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'AuditRuns', Namespace: 'FastlyComplianceAuditor', ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });
  });
});

describe('watchSchedule in a fleet', () => {
  it('invokes the function, which watches every account in one invocation: no state machine every few minutes', () => {
    const template = templateOf({ watchSchedule: 'rate(5 minutes)', fleet: { accounts: fleetAccounts(3) } });

    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(5 minutes)', Target: Match.objectLike({ Arn: FUNCTION_ARN, Input: '{"mode":"watch"}' }) });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 3 * * ? *)', Target: Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^AuditorFleetStateMachine') } }) });
  });
});

describe('watchSchedule off (the default)', () => {
  it('adds no schedule, no state/ access and no metric filter', () => {
    const template = templateOf();

    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
    expect(JSON.stringify(statements(template))).not.toContain('state/');
    expect(auditorStack().auditor.watchSchedule).toBeUndefined();
  });
});

describe('the watchSchedule setting', () => {
  const context = (values: Record<string, unknown>) => (key: string) => ({ ...cdkJsonContext(), ...values })[key];

  it('is "off" in cdk.json, and -c watchSchedule="rate(5 minutes)" turns it on', () => {
    expect(cdkJsonContext().watchSchedule).toBe('off');
    expect(auditorAppSettings(context({}), REPO_ROOT).auditor.watchSchedule).toBeUndefined();
    expect(auditorAppSettings(context({ watchSchedule: false }), REPO_ROOT).auditor.watchSchedule).toBeUndefined();
    // -c watchSchedule=false, as the other switches take it.
    expect(auditorAppSettings(context({ watchSchedule: 'false' }), REPO_ROOT).auditor.watchSchedule).toBeUndefined();
    expect(auditorAppSettings(context({ watchSchedule: 'rate(5 minutes)' }), REPO_ROOT).auditor.watchSchedule).toBe('rate(5 minutes)');
    expect(() => auditorAppSettings(context({ watchSchedule: 5 }), REPO_ROOT)).toThrow('context watchSchedule must be a string, got 5');
  });

  it.each(['rate(1 minute)', 'rate(5 minutes)', 'rate(2 hours)', 'cron(*/10 * * * ? *)'])('accepts %s', (watchSchedule) => {
    expect(resolveAuditorProps({ policy: examplePolicy(), watchSchedule }).watchSchedule).toBe(watchSchedule);
  });

  it.each([
    ['every 5 minutes', /watchSchedule must be a rate expression such as 'rate\(5 minutes\)' or a cron\(\.\.\.\) expression, got 'every 5 minutes'/],
    ['rate(0 minutes)', /must be a positive whole number with its unit/],
    ['rate(5 minute)', /must be a positive whole number with its unit/],
    ['cron(0 3 * * *)', /watchSchedule is invalid: 'cron\(0 3 \* \* \*\)' has 5 fields/],
  ])('refuses %s, naming the prop, with the other problems', (watchSchedule, message) => {
    const build = () => auditorStack({ watchSchedule, memorySize: 1 });
    expect(build).toThrow(AuditorPropsError);
    expect(build).toThrow(message);
    expect(build).toThrow(/memorySize/);
  });

  it('needs a timeout that holds a watch pass, which every timeout that holds an audit does', () => {
    expect(resolveAuditorProps({ policy: examplePolicy(), watchSchedule: 'rate(5 minutes)' }).timeout.toSeconds()).toBe(360);
  });
});
