/**
 * When the audit runs and where failed runs go: the EventBridge Scheduler schedule with its own
 * role, and the failure queue that takes both the function's failed invocations and the events
 * the Scheduler could not deliver.
 */
import { Aws, Duration, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, type IScheduleTarget } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
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

/** What the schedule starts: the single account's function, or a fleet's state machine. */
export type ScheduledRun = { fn: IFunction; stateMachine?: undefined } | { stateMachine: IStateMachine; fn?: undefined };

/** Starts the run on the settings' cron expression and time zone; undeliverable events go to `failureQueue`. */
export function createSchedule(
  scope: Construct,
  settings: Pick<ResolvedAuditorProps, 'schedule' | 'timeZone'>,
  run: ScheduledRun,
  failureQueue: Queue,
): Schedule {
  // Its own role rather than the stack-wide one the target would share with other schedules.
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
    description: run.fn
      ? 'EventBridge Scheduler: invoke the Fastly compliance auditor function'
      : 'EventBridge Scheduler: start the Fastly compliance auditor fleet state machine',
  });
  // Events the Scheduler cannot deliver are parked with the failed runs, under the same alarm.
  let target: IScheduleTarget;
  if (run.fn) {
    target = new LambdaInvoke(run.fn, { role, deadLetterQueue: failureQueue });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(run.fn)}.Arn>:*]`,
      reason: "LambdaInvoke grants invoke on the function and its versions (':*'); the function is the only resource.",
    });
  } else {
    target = new StepFunctionsStartExecution(run.stateMachine, { role, deadLetterQueue: failureQueue });
  }
  return new Schedule(scope, 'Schedule', {
    description: `Runs the Fastly compliance audit${run.fn ? '' : ' of the fleet'} (${settings.schedule}, ${settings.timeZone})`,
    schedule: ScheduleExpression.expression(settings.schedule, TimeZone.of(settings.timeZone)),
    target,
  });
}
