/**
 * The auditor's alarms, one AlarmFactory call each, with their settings in AuditorAlarmSettings.
 * A fleet adds two: a fleet run that did not finish, and an account in ERROR.
 */
import { Duration } from 'aws-cdk-lib';
import { MathExpression, Metric, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { FLEET_METRIC_NAMES, METRICS_NAMESPACE } from '../../lambda/aws/metrics.js';
import type { AlarmFactory } from '../alarm-factory.js';
import type { ResolvedAuditorProps, ResolvedMissedRunAlarm } from '../auditor-settings.js';

export interface AuditorAlarms {
  /** The function failed. */
  readonly errors: Alarm;
  /** No run in the window the schedule allows (unless turned off with `alarms.missedRun.enabled`). */
  readonly missedRun: Alarm | undefined;
  /** A failed run or an undeliverable scheduled event is parked in the failure queue. */
  readonly failures: Alarm;
  /** A fleet's run failed, timed out or was aborted (fleets only). */
  readonly fleetExecutions?: Alarm;
  /** An account's audit ended in ERROR, as the digest counted (fleets only). */
  readonly accountsInError?: Alarm;
}

/** What the alarms watch. */
export interface AlarmedResources {
  readonly fn: IFunction;
  readonly failureQueue: IQueue;
  /** A fleet's state machine. */
  readonly stateMachine?: IStateMachine;
  /** Audits that ended (with the watch on, the function's invocations count the watch's too). */
  readonly auditRuns?: Metric;
}

export function createAlarms(alarms: AlarmFactory, watched: AlarmedResources, settings: ResolvedAuditorProps['alarms']): AuditorAlarms {
  const { fn, failureQueue, stateMachine } = watched;
  return {
    ...singleRunAlarms(alarms, fn, failureQueue, settings, watched.auditRuns),
    ...(stateMachine ? fleetAlarms(alarms, fn, stateMachine, settings) : {}),
  };
}

function singleRunAlarms(alarms: AlarmFactory, fn: IFunction, failureQueue: IQueue, settings: ResolvedAuditorProps['alarms'], auditRuns: Metric | undefined): AuditorAlarms {
  return {
    errors: alarms.addCountAlarm('ErrorsAlarm', {
      description:
        'The audit function failed: read the ERROR notification or the function logs, fix the cause (token, policy, Fastly API), and invoke the function again.',
      metric: fn.metricErrors({ statistic: 'Sum' }),
      ...settings.errors,
    }),
    missedRun: settings.missedRun && missedRunAlarm(alarms, auditRuns ?? fn.metricInvocations({ statistic: 'Sum' }), settings.missedRun),
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
function missedRunAlarm(alarms: AlarmFactory, runs: Metric, window: ResolvedMissedRunAlarm): Alarm {
  return alarms.addAbsenceAlarm('MissedRunAlarm', {
    description:
      `No audit ran for ${window.windowHours} hours (the longest gap between scheduled runs, ${window.gapDays} day(s), plus ${window.graceHours} hours of grace): ` +
      'check that the schedule is enabled, the function exists, the failure queue and the Lambda concurrency.',
    metric: runs,
    period: Duration.hours(1),
    periods: window.windowHours,
  });
}

/**
 * A fleet run that did not end (failed, timed out, aborted: its digest may be missing), and the
 * digest's count of accounts in ERROR (lambda/run/digest.ts emits it; one datapoint per run).
 */
function fleetAlarms(alarms: AlarmFactory, fn: IFunction, stateMachine: IStateMachine, settings: ResolvedAuditorProps['alarms']): Pick<AuditorAlarms, 'fleetExecutions' | 'accountsInError'> {
  return {
    fleetExecutions: alarms.addCountAlarm('FleetExecutionsAlarm', {
      description:
        "A fleet run failed, timed out or was aborted, so its digest may be missing: open the execution in the Step Functions console (FleetStateMachine), read the failed state's error and the function's logs, fix the cause, and start a new execution.",
      metric: new MathExpression({
        expression: 'failed + timedOut + aborted',
        label: 'Fleet runs that did not finish',
        usingMetrics: {
          failed: stateMachine.metricFailed({ statistic: 'Sum' }),
          timedOut: stateMachine.metricTimedOut({ statistic: 'Sum' }),
          aborted: stateMachine.metricAborted({ statistic: 'Sum' }),
        },
      }),
      ...settings.fleetExecutions,
    }),
    accountsInError: alarms.addCountAlarm('AccountsInErrorAlarm', {
      description:
        "At least one account of the fleet could not be audited (ERROR): the digest lists each with what failed and what to do (a rejected token, a missing secret, an API error); fix it, and the next run's digest says it recovered.",
      metric: new Metric({ namespace: METRICS_NAMESPACE, metricName: FLEET_METRIC_NAMES.accountsInError, dimensionsMap: { FunctionName: fn.functionName }, statistic: 'Maximum' }),
      ...settings.accountsInError,
    }),
  };
}
