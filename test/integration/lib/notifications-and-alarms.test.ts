/**
 * What reaches people: the email subscriptions' filter (evaluated on the messages the topic
 * carries, alarms included) and the missed-run alarm's window for schedules and settings.
 */
import { Match } from 'aws-cdk-lib/assertions';
import type { Report } from '../../../lambda/report/model.js';
import { buildNotification } from '../../../lambda/report/notification.js';
import { templateOf } from '../../helpers/cdk.js';
import { passingReport, makeReport } from '../../helpers/report-fixtures.js';
import { filterPolicyMatches } from '../../helpers/sns-filter.js';

describe('the email filter', () => {
  it('lets every alarm through the email filter, and of the runs only those at or above the severity or ERROR', () => {
    const template = templateOf({ notificationEmails: ['sec@example.com'], emailMinSeverity: 'high' });
    const [subscription] = Object.values(template.findResources('AWS::SNS::Subscription'));
    const policy = subscription?.Properties.FilterPolicy as Record<string, unknown>;
    const attributesOf = (report: Report) =>
      Object.fromEntries(Object.entries(buildNotification(report).messageAttributes).map(([name, value]) => [name, value.StringValue]));
    const lowOnly: Report = { ...passingReport(), status: 'FAIL' };
    lowOnly.summary = { ...lowOnly.summary, bySeverity: { critical: 0, high: 0, medium: 0, low: 2 }, highestFailingSeverity: 'low' };

    // A CloudWatch alarm's message (Errors, MissedRun, Failures) carries no message attributes.
    expect(filterPolicyMatches(policy, {})).toBe(true);
    expect(filterPolicyMatches(policy, attributesOf(makeReport()))).toBe(true);
    expect(filterPolicyMatches(policy, attributesOf(makeReport({ errors: [{ message: 'Could not read the users: HTTP 403' }] })))).toBe(true);
    expect(attributesOf(lowOnly)).toMatchObject({ status: 'FAIL', severity: 'low' });
    expect(filterPolicyMatches(policy, attributesOf(lowOnly))).toBe(false);
    expect(filterPolicyMatches(policy, attributesOf(passingReport()))).toBe(false);
  });
});

describe('the missed-run alarm', () => {
  it('sizes the missed-run window from the given gap and grace, or leaves the alarm out when it is turned off', () => {
    const custom = templateOf({ schedule: 'cron(0 3 1-7 * ? *)', alarms: { missedRun: { windowDays: 2, graceHours: 6 } } });
    custom.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Invocations',
      Period: 3600,
      EvaluationPeriods: 54,
      AlarmDescription: Match.stringLikeRegexp('^No audit ran for 54 hours'),
    });
    const off = templateOf({ schedule: 'cron(0 3 ? * MON *)', alarms: { missedRun: { enabled: false } } });
    off.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    expect(Object.values(off.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties.MetricName)).toEqual(['Errors', 'ApproximateNumberOfMessagesVisible']);
  });
});
