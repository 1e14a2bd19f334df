/**
 * The watch (lambda/run/watch.ts): a second EventBridge Scheduler schedule that invokes the
 * function with `{"mode": "watch"}` (a fleet's too: one invocation watches every account; no
 * state machine every few minutes), with its own role. Its events are worthless once the next one
 * is due: the Scheduler does not retry them, and one it cannot deliver is parked with the failed
 * runs. And, since watch invocations would hide a missing nightly run from an alarm on the
 * function's invocations, the count of audits the missed-run alarm watches instead.
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../lambda/aws/metrics.js';
import { acknowledgeInvokeGrant, schedulerRole } from './schedule.js';

/** The log line every account's audit ends with (lambda/run/account-run.ts), counted as a metric. */
export const AUDIT_FINISHED_MESSAGE = 'audit finished';
export const AUDIT_RUNS_METRIC = 'AuditRuns';

export function createWatchSchedule(scope: Construct, settings: { watchSchedule: string; timeZone: string }, fn: IFunction, failureQueue: Queue): Schedule {
  const role = schedulerRole(scope, 'WatchScheduleRole', 'EventBridge Scheduler: invoke the Fastly compliance auditor function in watch mode');
  acknowledgeInvokeGrant(role, fn);
  return new Schedule(scope, 'WatchSchedule', {
    description: `Watches the Fastly account settings for a regression (${settings.watchSchedule}, ${settings.timeZone})`,
    schedule: ScheduleExpression.expression(settings.watchSchedule, TimeZone.of(settings.timeZone)),
    target: new LambdaInvoke(fn, {
      role,
      input: ScheduleTargetInput.fromObject({ mode: 'watch' }),
      deadLetterQueue: failureQueue,
      retryAttempts: 0,
      maxEventAge: Duration.minutes(5),
    }),
  });
}

/** Audits that ended, counted from the function's logs: the watch's invocations are not among them. */
export function auditRunsMetric(scope: Construct, logGroup: ILogGroup, fn: IFunction): Metric {
  new MetricFilter(scope, 'AuditRunsMetricFilter', {
    logGroup,
    filterPattern: FilterPattern.stringValue('$.message', '=', AUDIT_FINISHED_MESSAGE),
    metricNamespace: METRICS_NAMESPACE,
    metricName: AUDIT_RUNS_METRIC,
    metricValue: '1',
    // Powertools puts the function's name on every line: two deployments in an account stay apart.
    dimensions: { FunctionName: '$.function_name' },
  });
  return new Metric({ namespace: METRICS_NAMESPACE, metricName: AUDIT_RUNS_METRIC, dimensionsMap: { FunctionName: fn.functionName }, statistic: 'Sum' });
}
