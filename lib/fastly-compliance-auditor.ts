/**
 * FastlyComplianceAuditor: a scheduled Lambda that audits a Fastly account against a policy,
 * archives each report in S3 and notifies an SNS topic (email, Slack through AWS Chatbot),
 * with alarms for errors, missed runs and parked failures.
 */
import { Aws, Duration, RemovalPolicy, Stack, TimeZone, Validations, type CfnElement } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Peer, Port, SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { ManagedPolicy, Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret, type CfnSecret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnSubscription, Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SEVERITIES, isAtLeast, type Severity } from '../lambda/report/model.js';
import { TOOL_NAME, TOOL_VERSION } from '../lambda/version.js';
import { AlarmFactory } from './alarm-factory.js';
import type { FastlyComplianceAuditorProps } from './auditor-props.js';
import { resolveAuditorProps, type ResolvedAuditorProps } from './auditor-settings.js';
import { DEPS_LOCK_FILE, HANDLER_ENTRY, HANDLER_RUNTIME, PROJECT_ROOT, handlerBundlingOptions } from './handler-bundling.js';

export type { AuditorAlarmSettings, CountAlarmSettings, FastlyComplianceAuditorProps, MissedRunAlarmSettings, PropProblem, SlackChannelSettings } from './auditor-props.js';
export { AuditorPropsError } from './auditor-props.js';

/** The S3 prefixes the handler writes (design.md, "Lambda environment"); the role is scoped to them. */
export const REPORT_PREFIXES = ['reports/', 'latest/'] as const;

export class FastlyComplianceAuditor extends Construct {
  /** The audit function. */
  readonly function: NodejsFunction;
  /** The notification topic (KMS-encrypted, TLS only); the alarms publish here too. */
  readonly topic: Topic;
  /** The customer managed key of the topic. */
  readonly topicKey: Key;
  /** The report archive. */
  readonly bucket: Bucket;
  /** The secret holding the Fastly API token. */
  readonly tokenSecret: ISecret;
  /** Failed invocations (after zero retries) and undeliverable scheduled events land here. */
  readonly failureQueue: Queue;
  readonly alarms: { errors: Alarm; missedRun: Alarm; failures: Alarm };
  readonly schedule: Schedule;
  /** The Slack channel configuration, when `slack` is set. */
  readonly slackChannel?: chatbot.SlackChannelConfiguration;
  /** The function's security group (HTTPS out, nothing in), when `vpc` is set. */
  readonly securityGroup?: SecurityGroup;

  constructor(scope: Construct, id: string, props: FastlyComplianceAuditorProps) {
    super(scope, id);
    const settings = resolveAuditorProps(props);

    this.topicKey = this.createTopicKey();
    this.topic = this.createTopic(this.topicKey);
    this.subscribeEmails(settings);
    this.bucket = this.createBucket(settings);
    this.tokenSecret = this.tokenSecretFor(settings);
    this.failureQueue = this.createFailureQueue();
    if (settings.network) this.securityGroup = this.createSecurityGroup(settings.network);
    this.function = this.createFunction(settings);
    this.schedule = this.createSchedule(settings);
    this.alarms = this.createAlarms(settings);
    if (settings.slack) this.slackChannel = this.createSlackChannel(settings.slack);
  }

  private createTopicKey(): Key {
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the Fastly compliance auditor notification topic',
      enableKeyRotation: true,
      // SNS keeps no messages at rest once delivered: nothing is lost when the key goes with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch alarms call KMS themselves when they publish; the account-root statement does not cover them.
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: this.alarmSourceConditions(),
      }),
    );
    return key;
  }

  /** Confused-deputy guard: only alarms of this account and region. */
  private alarmSourceConditions(): Record<string, Record<string, string>> {
    return {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
    };
  }

  private createTopic(masterKey: Key): Topic {
    const topic = new Topic(this, 'Topic', { displayName: 'Fastly compliance audit', masterKey, enforceSSL: true });
    // enforceSSL writes a topic policy, which replaces the default one: allow the alarms explicitly.
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: this.alarmSourceConditions(),
      }),
    );
    return topic;
  }

  private subscribeEmails(settings: ResolvedAuditorProps): void {
    const filterPolicy = settings.emailMinSeverity ? emailFilterPolicy(settings.emailMinSeverity) : undefined;
    for (const email of settings.notificationEmails) {
      // L1: the L2 filter policy type cannot express `$or`.
      new CfnSubscription(this, `Email-${email.toLowerCase()}`, {
        topicArn: this.topic.topicArn,
        protocol: 'email',
        endpoint: email,
        ...(filterPolicy ? { filterPolicy, filterPolicyScope: 'MessageAttributes' } : {}),
      });
    }
  }

  private createBucket(settings: ResolvedAuditorProps): Bucket {
    const bucket = new Bucket(this, 'ReportBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      // Reports are audit evidence: they outlive the stack.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'ExpireArchivedReports', prefix: 'reports/', expiration: Duration.days(settings.reportRetentionDays) },
        {
          id: 'ExpireOldVersions',
          noncurrentVersionExpiration: Duration.days(settings.noncurrentVersionRetentionDays),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only the auditor function writes this bucket, through a role limited to reports/* and latest/*; object-level access is recorded by CloudTrail data events where the account enables them, and an access-log bucket would need this same exception.',
    });
    return bucket;
  }

  private tokenSecretFor(settings: ResolvedAuditorProps): ISecret {
    if (settings.tokenSecretName !== undefined) return Secret.fromSecretNameV2(this, 'TokenSecret', settings.tokenSecretName);
    const secret = new Secret(this, 'TokenSecret', {
      description: 'Fastly API token for the compliance auditor: put the token (or {"token": "..."}) here',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Created empty: the L2 would generate a random password, which is never a valid Fastly token.
    (secret.node.defaultChild as CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'A Fastly API token is issued in the Fastly console by a person; Secrets Manager cannot rotate it. Rotate it in Fastly and put the new value here.',
    });
    return secret;
  }

  private createFailureQueue(): Queue {
    const queue = new Queue(this, 'FailureQueue', {
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

  private createSecurityGroup(network: NonNullable<ResolvedAuditorProps['network']>): SecurityGroup {
    const group = new SecurityGroup(this, 'FunctionSecurityGroup', {
      vpc: network.vpc,
      description: 'Fastly compliance auditor function: HTTPS out only, nothing in',
      allowAllOutbound: false,
    });
    // The Fastly API, and Secrets Manager, SNS and S3 unless the VPC has endpoints for them: all HTTPS.
    group.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS to the Fastly API and the AWS APIs');
    return group;
  }

  /**
   * The network-interface actions of AWSLambdaVPCAccessExecutionRole, in a policy of their own so
   * that the Resource "*" acknowledgement covers this statement and nothing else.
   */
  private createVpcAccessPolicy(role: Role): Policy {
    const policy = new Policy(this, 'FunctionVpcAccessPolicy', {
      roles: [role],
      statements: [
        new PolicyStatement({
          sid: 'ManageVpcNetworkInterfaces',
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Lambda creates and deletes the function network interfaces with these actions; the Describe actions work only on Resource "*", and the interface ids are not known before Lambda creates them.',
    });
    return policy;
  }

  private createFunction(settings: ResolvedAuditorProps): NodejsFunction {
    const logGroup = new LogGroup(this, 'FunctionLogs', {
      retention: settings.logRetention,
      // The reports, not the logs, are the audit evidence, and they are retained in S3.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'FunctionRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Fastly compliance auditor function: token secret, topic, report archive, own logs',
    });
    for (const statement of this.functionStatements(logGroup)) role.addToPolicy(statement);

    const fn = new NodejsFunction(this, 'Function', {
      entry: HANDLER_ENTRY,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: DEPS_LOCK_FILE,
      handler: 'handler',
      runtime: HANDLER_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: settings.memorySize,
      timeout: settings.timeout,
      description: `${TOOL_NAME} ${TOOL_VERSION}: audits the Fastly account on a schedule`,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      reservedConcurrentExecutions: settings.reservedConcurrency,
      // No retries: a failed run has already notified, and a retry would notify (and remediate) again.
      retryAttempts: 0,
      // Not SqsDestination: it also grants GetQueueAttributes and GetQueueUrl, which delivery never uses.
      onFailure: { bind: () => ({ destination: this.failureQueue.queueArn }) },
      bundling: handlerBundlingOptions(settings.policy),
      environment: this.functionEnvironment(settings),
      ...this.vpcPlacement(settings),
    });
    // Lambda checks the role's network-interface permissions when it creates the function.
    if (settings.network) fn.node.addDependency(this.createVpcAccessPolicy(role));
    Validations.of(role).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(this.bucket)}.Arn>/reports/*]`,
        reason: 'Report keys are reports/<customer>/<yyyy>/<mm>/<dd>/<run>.json: a prefix is the narrowest resource S3 offers.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(this.bucket)}.Arn>/latest/*]`,
        reason: 'The newest report per customer is latest/<customer>.json: a prefix is the narrowest resource S3 offers.',
      },
    );
    return fn;
  }

  /** The function's VPC, subnets and security group; nothing when it runs outside a VPC. */
  private vpcPlacement(settings: ResolvedAuditorProps): Pick<NodejsFunctionProps, 'vpc' | 'vpcSubnets' | 'securityGroups'> {
    if (!settings.network || !this.securityGroup) return {};
    return { vpc: settings.network.vpc, vpcSubnets: settings.network.subnets, securityGroups: [this.securityGroup] };
  }

  /** cdk-nag names a finding by the logical id of the resource its ARN refers to. */
  private logicalIdOf(construct: Construct): string {
    return Stack.of(this).getLogicalId(construct.node.defaultChild as CfnElement);
  }

  /** Exactly what the handler and the failure destination call; nothing else. */
  private functionStatements(logGroup: LogGroup): PolicyStatement[] {
    return [
      new PolicyStatement({
        sid: 'ReadFastlyToken',
        actions: ['secretsmanager:GetSecretValue'],
        // An imported secret's ARN ends in a random suffix: the same `-??????` form fromSecretNameV2 grants use.
        resources: [this.tokenSecretResource()],
      }),
      new PolicyStatement({ sid: 'PublishNotification', actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
      new PolicyStatement({
        sid: 'EncryptNotification',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [this.topicKey.keyArn],
      }),
      new PolicyStatement({
        sid: 'ArchiveReports',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: REPORT_PREFIXES.map((prefix) => this.bucket.arnForObjects(`${prefix}*`)),
      }),
      // Without ListBucket, S3 answers a missing latest/ report (every first run) with 403 instead
      // of 404, and the handler cannot tell a first run from a permission problem.
      new PolicyStatement({ sid: 'TellFirstRunFromDenied', actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
      new PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
      new PolicyStatement({ sid: 'ParkFailedRuns', actions: ['sqs:SendMessage'], resources: [this.failureQueue.queueArn] }),
    ];
  }

  private tokenSecretResource(): string {
    return this.tokenSecret instanceof Secret ? this.tokenSecret.secretArn : `${this.tokenSecret.secretArn}-??????`;
  }

  /** The contract with the handler (design.md, "Lambda environment"); the policy is in the bundle instead. */
  private functionEnvironment(settings: ResolvedAuditorProps): Record<string, string> {
    return {
      TOKEN_SECRET_ARN: this.tokenSecret.secretArn,
      TOPIC_ARN: this.topic.topicArn,
      REPORT_BUCKET: this.bucket.bucketName,
      REMEDIATION: settings.remediation,
      NOTIFY: settings.notify,
      ...(settings.fastlyApiUrl !== undefined ? { FASTLY_API_URL: settings.fastlyApiUrl } : {}),
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: TOOL_NAME,
    };
  }

  private createSchedule(settings: ResolvedAuditorProps): Schedule {
    // Its own role rather than the stack-wide one LambdaInvoke would share with other schedules.
    const role = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: 'EventBridge Scheduler: invoke the Fastly compliance auditor function',
    });
    const schedule = new Schedule(this, 'Schedule', {
      description: `Runs the Fastly compliance audit (${settings.schedule}, ${settings.timeZone})`,
      schedule: ScheduleExpression.expression(settings.schedule, TimeZone.of(settings.timeZone)),
      // Events the Scheduler cannot deliver are parked with the failed runs, under the same alarm.
      target: new LambdaInvoke(this.function, { role, deadLetterQueue: this.failureQueue }),
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(this.function)}.Arn>:*]`,
      reason: "LambdaInvoke grants invoke on the function and its versions (':*'); the function is the only resource.",
    });
    return schedule;
  }

  private createAlarms(settings: ResolvedAuditorProps): FastlyComplianceAuditor['alarms'] {
    const { errors, failures, missedRunWindowDays } = settings.alarms;
    const alarms = new AlarmFactory(this, this.topic);
    return {
      errors: alarms.addCountAlarm('ErrorsAlarm', {
        description: 'The audit function failed: read the ERROR notification or the function logs, fix the cause (token, policy, Fastly API), and invoke the function again.',
        metric: this.function.metricErrors({ statistic: 'Sum' }),
        ...errors,
      }),
      // One datapoint per UTC day: every day of the window must be empty.
      missedRun: alarms.addAbsenceAlarm('MissedRunAlarm', {
        description: `No audit ran for ${missedRunWindowDays} day(s): check that the schedule is enabled, the function exists and the failure queue.`,
        metric: this.function.metricInvocations({ statistic: 'Sum' }),
        period: Duration.days(1),
        periods: missedRunWindowDays,
      }),
      failures: alarms.addCountAlarm('FailuresAlarm', {
        description: 'A run failed or a scheduled event was undeliverable and is parked in the failure queue: read the message for the error, fix it, then purge the queue.',
        metric: this.failureQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' }),
        ...failures,
      }),
    };
  }

  private createSlackChannel(slack: NonNullable<ResolvedAuditorProps['slack']>): chatbot.SlackChannelConfiguration {
    // Custom notifications need no permissions; alarm notifications read CloudWatch to draw their chart.
    const readAlarms = new PolicyStatement({
      actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage'],
      resources: ['*'],
    });
    const guardrail = new ManagedPolicy(this, 'SlackGuardrailPolicy', {
      description: 'Caps what the Fastly audit Slack channel can do: read CloudWatch alarms and metrics, nothing else',
      statements: [readAlarms],
    });
    const role = new Role(this, 'SlackChannelRole', {
      assumedBy: new ServicePrincipal('chatbot.amazonaws.com'),
      description: 'AWS Chatbot channel of the Fastly compliance auditor: read CloudWatch alarms',
      managedPolicies: [guardrail],
    });
    const channel = new chatbot.SlackChannelConfiguration(this, 'SlackChannel', {
      slackChannelConfigurationName: slack.configurationName ?? chatbotConfigurationName(Stack.of(this).stackName),
      slackWorkspaceId: slack.workspaceId,
      slackChannelId: slack.channelId,
      notificationTopics: [this.topic],
      role,
      guardrailPolicies: [guardrail],
      loggingLevel: chatbot.LoggingLevel.ERROR,
      userRoleRequired: false,
    });
    Validations.of(guardrail).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'CloudWatch GetMetricData and GetMetricWidgetImage have no resource-level permissions; the actions are read-only and CloudWatch-only.',
    });
    return channel;
  }
}

/** `$or`: the highest failing severity is at or above the threshold, or the run errored. */
export function emailFilterPolicy(minSeverity: Severity): Record<string, unknown> {
  return {
    $or: [{ severity: SEVERITIES.filter((severity) => isAtLeast(severity, minSeverity)) }, { status: ['ERROR'] }],
  };
}

function chatbotConfigurationName(stackName: string): string {
  return `${stackName.replace(/[^A-Za-z0-9_-]/g, '-')}-fastly-audit`.slice(0, 128);
}
