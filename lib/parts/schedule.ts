/**
 * When the audit runs and where failed runs go: the EventBridge Scheduler schedule with its own
 * role, and the failure queue that takes both the function's failed invocations and the events
 * the Scheduler could not deliver.
 */
import { Aws, Duration, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ResolvedAuditorProps } from '../auditor-settings.js';
import { logicalIdOf } from './logical-id.js';

export function createFailureQueue(scope: Construct): Queue {
  const queue = new Queue(scope, 'FailureQueue', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is itself the dead-letter destination of the function and the schedule; nothing consumes it, the failures alarm watches it.',
  });
  return queue;
}

/** Invokes `fn` on the settings' cron expression and time zone; undeliverable events go to `failureQueue`. */
export function createSchedule(
  scope: Construct,
  settings: Pick<ResolvedAuditorProps, 'schedule' | 'timeZone'>,
  fn: IFunction,
  failureQueue: Queue,
): Schedule {
  // Its own role rather than the stack-wide one LambdaInvoke would share with other schedules.
  // Confused-deputy guard: only schedules of this account's default group (the group the
  // schedule below is in; Scheduler gives the group's ARN, not the schedule's, as aws:SourceArn).
  const role = new Role(scope, 'ScheduleRole', {
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: {
          'aws:SourceAccount': Aws.ACCOUNT_ID,
          'aws:SourceArn': `arn:${Aws.PARTITION}:scheduler:${Aws.REGION}:${Aws.ACCOUNT_ID}:schedule-group/default`,
        },
      },
    }),
    description: 'EventBridge Scheduler: invoke the Fastly compliance auditor function',
  });
  const schedule = new Schedule(scope, 'Schedule', {
    description: `Runs the Fastly compliance audit (${settings.schedule}, ${settings.timeZone})`,
    schedule: ScheduleExpression.expression(settings.schedule, TimeZone.of(settings.timeZone)),
    // Events the Scheduler cannot deliver are parked with the failed runs, under the same alarm.
    target: new LambdaInvoke(fn, { role, deadLetterQueue: failureQueue }),
  });
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(fn)}.Arn>:*]`,
    reason: "LambdaInvoke grants invoke on the function and its versions (':*'); the function is the only resource.",
  });
  return schedule;
}
