import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AlarmFactory } from '../../../lib/alarm-factory.js';
import { testApp } from '../../helpers/cdk.js';

function setUp() {
  const stack = new Stack(testApp(), 'Alarms');
  const topic = new Topic(stack, 'Topic');
  const metric = new Metric({ namespace: 'Test', metricName: 'Things', statistic: 'Maximum' });
  return { stack, factory: new AlarmFactory(stack, topic), metric, topicRef: stack.resolve(topic.topicArn) as unknown };
}

function alarmProperties(stack: Stack): Record<string, unknown> {
  const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
  expect(alarms).toHaveLength(1);
  return alarms[0]?.Properties as Record<string, unknown>;
}

describe('AlarmFactory', () => {
  it('defaults an alarm to at-or-above the threshold, one period, missing data not breaching, and the topic as action', () => {
    const { stack, factory, metric, topicRef } = setUp();

    factory.addAlarm('ThingsAlarm', { metric, description: 'Things happened: look at them.', threshold: 3 });

    expect(alarmProperties(stack)).toEqual({
      AlarmDescription: 'Things happened: look at them.',
      Namespace: 'Test',
      MetricName: 'Things',
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 3,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicRef],
    });
  });

  it('lets an alarm override each default', () => {
    const { stack, factory, metric } = setUp();

    factory.addAlarm('ThingsAlarm', {
      metric,
      description: 'Too few things.',
      threshold: 2,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.MISSING,
      evaluationPeriods: 4,
      datapointsToAlarm: 2,
    });

    expect(alarmProperties(stack)).toMatchObject({ ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'missing', EvaluationPeriods: 4, DatapointsToAlarm: 2 });
  });

  it('builds a count alarm from its settings, keeping the metric statistic and setting its period', () => {
    const { stack, factory, metric, topicRef } = setUp();

    const alarm = factory.addCountAlarm('CountAlarm', { metric, description: 'Counted.', threshold: 5, evaluationPeriods: 2, period: Duration.minutes(10) });

    expect(alarm.node.path).toBe('Alarms/CountAlarm');
    const properties = alarmProperties(stack);
    expect(properties.DatapointsToAlarm).toBeUndefined();
    expect(properties).toMatchObject({
      Statistic: 'Maximum',
      Period: 600,
      Threshold: 5,
      EvaluationPeriods: 2,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicRef],
    });
  });

  it('defaults a count alarm to one count in one period of 5 minutes', () => {
    const { stack, factory, metric } = setUp();

    factory.addCountAlarm('CountAlarm', { metric: metric.with({ period: Duration.hours(1) }), description: 'Counted.' });

    expect(alarmProperties(stack)).toMatchObject({ Period: 300, Threshold: 1, EvaluationPeriods: 1 });
  });

  it('builds an absence alarm that fires when every period of the window is empty, missing data included', () => {
    const { stack, factory, metric, topicRef } = setUp();

    factory.addAbsenceAlarm('AbsenceAlarm', { metric: metric.with({ statistic: 'Sum' }), description: 'Nothing ran.', period: Duration.days(1), periods: 3 });

    expect(alarmProperties(stack)).toMatchObject({
      Statistic: 'Sum',
      Period: 86400,
      Threshold: 1,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [topicRef],
    });
  });
});
