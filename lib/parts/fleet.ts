/**
 * A fleet's nightly run: a Step Functions (standard) state machine that lists the baked accounts,
 * audits them with an inline Map (at most `fleet.concurrency` at once), each item invoking the
 * audit function with `{"account", "fleetRunId"}`, then invokes it once more for the digest.
 *
 * One account's failure never stops the others: each item catches every error of its invocation
 * (a Lambda error, a timeout, retries that ran out) and records it as that account's failure.
 * Only Lambda's own throttling and service errors are retried; an audit that failed is not run
 * again (it may have written to the account, and it has notified).
 *
 * State stays small, for 1,000 accounts, under Step Functions' 256 KiB per state: an account's
 * results (its outcome) go to S3 (fleet-runs/<execution>/<account>.json, written by the function),
 * a successful item's result is `{}`, and a failed one's is `{"account", "error"}`: the error's
 * name only, since a Lambda error's Cause holds its message and stack (kilobytes each). The
 * digest reads the outcomes from S3 and takes the names of the errors from the Map's result.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  Errors,
  JitterType,
  JsonPath,
  LogLevel,
  Map as MapState,
  Pass,
  Result,
  StateMachine,
  StateMachineType,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, type LambdaInvokeProps } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { ResolvedFleet } from '../fleet-settings.js';
import { logicalIdOf } from './logical-id.js';

/** Lambda's throttling and service errors: the invocation did not run the audit, so it can be tried again. */
export const RETRIED_LAMBDA_ERRORS = ['Lambda.TooManyRequestsException', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'];

/** Each invocation's limit beyond the function's own timeout: the Lambda service's time to answer. */
const TASK_TIMEOUT_MARGIN = Duration.minutes(1);
/** The execution's limit beyond the worst case of its waves of accounts and the digest. */
const EXECUTION_MARGIN = Duration.minutes(10);

export interface FleetSettings {
  fleet: ResolvedFleet;
  /** The function's timeout: each task waits that plus a margin. */
  timeout: Duration;
  logRetention: RetentionDays;
}

/**
 * The longest an execution can take: every wave of `concurrency` accounts running to its task's
 * timeout, then the digest, plus a margin. Past it, the execution times out (and the alarm fires).
 */
export function executionTimeout(fleet: ResolvedFleet, functionTimeout: Duration): Duration {
  const task = functionTimeout.toSeconds() + TASK_TIMEOUT_MARGIN.toSeconds();
  const waves = Math.ceil(fleet.accounts.length / fleet.concurrency);
  return Duration.seconds(waves * task + task + EXECUTION_MARGIN.toSeconds());
}

function invokeFunction(
  scope: Construct,
  id: string,
  fn: IFunction,
  taskTimeout: Duration,
  io: Pick<LambdaInvokeProps, 'payload' | 'resultSelector' | 'outputPath'>,
): LambdaInvoke {
  const task = new LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    ...io,
    // Its default retries include Lambda.ClientExecutionTimeoutException, which would audit (and
    // perhaps remediate) an account twice.
    retryOnServiceExceptions: false,
    taskTimeout: Timeout.duration(taskTimeout),
  });
  task.addRetry({ errors: RETRIED_LAMBDA_ERRORS, interval: Duration.seconds(2), maxAttempts: 3, backoffRate: 2, jitterStrategy: JitterType.FULL });
  return task;
}

export function createFleetStateMachine(scope: Construct, settings: FleetSettings, fn: IFunction): StateMachine {
  const { fleet } = settings;
  const taskTimeout = settings.timeout.plus(TASK_TIMEOUT_MARGIN);
  const states = new Construct(scope, 'FleetStates');

  const listAccounts = new Pass(states, 'ListAccounts', {
    comment: 'The accounts baked in at deploy time (the accounts file)',
    result: Result.fromObject({ accounts: fleet.accounts.map((account) => account.name) }),
  });
  // The account's outcome is in S3: the item's result is empty.
  const auditAccount = invokeFunction(states, 'AuditAccount', fn, taskTimeout, { payload: TaskInput.fromJsonPathAt('$'), resultSelector: {} });
  const recordFailure = new Pass(states, 'RecordAccountFailure', {
    comment: "The account's failure for the digest: the error's name only (its Cause can be kilobytes)",
    parameters: { 'account.$': '$.account', 'error.$': '$.failure.Error' },
  });
  auditAccount.addCatch(recordFailure, { errors: [Errors.ALL], resultPath: '$.failure' });
  const auditEachAccount = new MapState(states, 'AuditEachAccount', {
    comment: `Audits the accounts, ${fleet.concurrency} at a time; one account's failure is caught as its own`,
    itemsPath: '$.accounts',
    maxConcurrency: fleet.concurrency,
    itemSelector: { 'account.$': '$$.Map.Item.Value', 'fleetRunId.$': '$$.Execution.Name' },
    resultPath: '$.caught',
  });
  auditEachAccount.itemProcessor(auditAccount);
  const sendDigest = invokeFunction(states, 'SendDigest', fn, taskTimeout, {
    payload: TaskInput.fromObject({
      mode: 'digest',
      fleetRunId: JsonPath.stringAt('$$.Execution.Name'),
      startedAt: JsonPath.stringAt('$$.Execution.StartTime'),
      caught: JsonPath.listAt('$.caught'),
    }),
    // The execution's output: the digest's status, counts and location.
    outputPath: '$.Payload',
  });

  const logGroup = new LogGroup(scope, 'FleetLogs', { retention: settings.logRetention, removalPolicy: RemovalPolicy.DESTROY });
  const stateMachine = new StateMachine(scope, 'FleetStateMachine', {
    comment: `Fastly compliance audit of ${fleet.accounts.length} accounts, then one digest`,
    definitionBody: DefinitionBody.fromChainable(listAccounts.next(auditEachAccount).next(sendDigest)),
    stateMachineType: StateMachineType.STANDARD,
    timeout: executionTimeout(fleet, settings.timeout),
    tracingEnabled: true,
    // Execution data stays out of the logs: the outcomes and digests are in the report bucket.
    logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
  });
  Validations.of(stateMachine.role).acknowledge(
    {
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(fn)}.Arn>:*]`,
      reason: "LambdaInvoke grants invoke on the audit function and its versions (':*'); the function is the only resource.",
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Step Functions delivers logs (logs:CreateLogDelivery and related) and X-Ray traces through APIs that take no resource: AWS documents Resource "*" for both.',
    },
  );
  return stateMachine;
}
