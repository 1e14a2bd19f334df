/**
 * The one place that says how the auditor's alarms are built, after cdk-monitoring-constructs'
 * AlarmFactory and ErrorAlarmFactory: a new alarm is one call with typed settings, and the
 * comparison, the treatment of missing data, the evaluation window and the action (publish to
 * the notification topic) are defaulted here rather than repeated at each alarm.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric, type MathExpression, type Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/** Settings of an alarm on a count (Lambda errors, messages in the failure queue). */
export interface CountAlarmSettings {
  /**
   * The count at or above which the alarm fires.
   * @default 1
   */
  readonly threshold?: number;
  /**
   * How many consecutive periods must breach.
   * @default 1
   */
  readonly evaluationPeriods?: number;
  /**
   * The metric period: whole minutes.
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
}

/** What a count alarm uses for each setting left out. */
export const COUNT_ALARM_DEFAULTS = { threshold: 1, evaluationPeriods: 1, period: Duration.minutes(5) } as const;

/** Any alarm: what it watches and what it tells the reader. */
export interface AlarmProps {
  /** The metric, with its statistic and period. */
  readonly metric: IMetric;
  /** What went wrong and what to do about it: the notification shows it. */
  readonly description: string;
  /** The value the metric is compared with. */
  readonly threshold: number;
  /** @default GREATER_THAN_OR_EQUAL_TO_THRESHOLD */
  readonly comparisonOperator?: ComparisonOperator;
  /** @default NOT_BREACHING: no data means nothing was counted */
  readonly treatMissingData?: TreatMissingData;
  /** @default 1 */
  readonly evaluationPeriods?: number;
  /** @default - every evaluated period must breach (CloudWatch's default) */
  readonly datapointsToAlarm?: number;
}

/** An alarm that fires when a count reaches its threshold: errors, failed executions, parked messages. */
export interface CountAlarmProps extends CountAlarmSettings {
  /**
   * What is counted (a metric, or several added up); its statistic is kept (Sum, or Maximum for a
   * queue's depth), its period set to `period`.
   */
  readonly metric: Metric | MathExpression;
  /** What went wrong and what to do about it: the notification shows it. */
  readonly description: string;
}

/** An alarm that fires when something that should happen did not: no run, no heartbeat. */
export interface AbsenceAlarmProps {
  /** What should happen at least once per period (Sum), e.g. a function's invocations; its period is set to `period`. */
  readonly metric: Metric;
  /** What was missed and what to check: the notification shows it. */
  readonly description: string;
  /** The length of one period, e.g. a day. */
  readonly period: Duration;
  /** How many consecutive periods without a single occurrence make the alarm fire. */
  readonly periods: number;
}

/** Creates alarms in one scope, each publishing to one topic. */
export class AlarmFactory {
  private readonly action: SnsAction;

  constructor(
    private readonly scope: Construct,
    topic: ITopic,
  ) {
    this.action = new SnsAction(topic);
  }

  /** An alarm with the defaults of AlarmProps, publishing to the topic. */
  addAlarm(id: string, props: AlarmProps): Alarm {
    const alarm = new Alarm(this.scope, id, {
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      evaluationPeriods: props.evaluationPeriods ?? 1,
      // Left out rather than undefined: the construct's recorded props (CDK metadata) stay as they were.
      ...(props.datapointsToAlarm !== undefined ? { datapointsToAlarm: props.datapointsToAlarm } : {}),
      comparisonOperator: props.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: props.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }

  /** Fires when the count reaches the threshold in `evaluationPeriods` consecutive periods. */
  addCountAlarm(id: string, props: CountAlarmProps): Alarm {
    const period = props.period ?? COUNT_ALARM_DEFAULTS.period;
    return this.addAlarm(id, {
      metric: props.metric.with({ period }),
      description: props.description,
      threshold: props.threshold ?? COUNT_ALARM_DEFAULTS.threshold,
      evaluationPeriods: props.evaluationPeriods ?? COUNT_ALARM_DEFAULTS.evaluationPeriods,
    });
  }

  /** Fires when every one of `periods` consecutive periods is empty; no data at all counts as empty. */
  addAbsenceAlarm(id: string, props: AbsenceAlarmProps): Alarm {
    return this.addAlarm(id, {
      metric: props.metric.with({ period: props.period }),
      description: props.description,
      threshold: 1,
      evaluationPeriods: props.periods,
      datapointsToAlarm: props.periods,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
    });
  }
}
