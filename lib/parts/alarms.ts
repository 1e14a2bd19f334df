/**
 * The auditor's alarms, one AlarmFactory call each. A new alarm (a failed Step Functions
 * execution, an account in ERROR) is one more call here, with its settings in AuditorAlarmSettings.
 */
import { Duration } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { AlarmFactory } from '../alarm-factory.js';
import type { ResolvedAuditorProps, ResolvedMissedRunAlarm } from '../auditor-settings.js';

export interface AuditorAlarms {
  /** The function failed. */
  readonly errors: Alarm;
  /** No run in the window the schedule allows (unless turned off with `alarms.missedRun.enabled`). */
  readonly missedRun: Alarm | undefined;
  /** A failed run or an undeliverable scheduled event is parked in the failure queue. */
  readonly failures: Alarm;
}

/** What the alarms watch. */
export interface AlarmedResources {
  readonly fn: IFunction;
  readonly failureQueue: IQueue;
}

export function createAlarms(alarms: AlarmFactory, watched: AlarmedResources, settings: ResolvedAuditorProps['alarms']): AuditorAlarms {
  const { fn, failureQueue } = watched;
  return {
    errors: alarms.addCountAlarm('ErrorsAlarm', {
      description:
        'The audit function failed: read the ERROR notification or the function logs, fix the cause (token, policy, Fastly API), and invoke the function again.',
      metric: fn.metricErrors({ statistic: 'Sum' }),
      ...settings.errors,
    }),
    missedRun: settings.missedRun && missedRunAlarm(alarms, fn, settings.missedRun),
    failures: alarms.addCountAlarm('FailuresAlarm', {
      description:
        'A run failed or a scheduled event was undeliverable and is parked in the failure queue: read the message for the error, fix it, then purge the queue.',
      metric: failureQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' }),
      ...settings.failures,
    }),
  };
}

/**
 * No invocation for the longest gap between runs plus the grace: hourly datapoints over a window
 * that slides hour by hour, so only a run that is really missing raises it, `graceHours` after it
 * was due (when the run before it was on time).
 */
function missedRunAlarm(alarms: AlarmFactory, fn: IFunction, window: ResolvedMissedRunAlarm): Alarm {
  return alarms.addAbsenceAlarm('MissedRunAlarm', {
    description:
      `No audit ran for ${window.windowHours} hours (the longest gap between scheduled runs, ${window.gapDays} day(s), plus ${window.graceHours} hours of grace): ` +
      'check that the schedule is enabled, the function exists, the failure queue and the Lambda concurrency.',
    metric: fn.metricInvocations({ statistic: 'Sum' }),
    period: Duration.hours(1),
    periods: window.windowHours,
  });
}
