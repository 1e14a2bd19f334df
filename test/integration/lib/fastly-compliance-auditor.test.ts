import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { auditorStack, logicalIdOf, templateOf } from '../../helpers/cdk.js';

const ref = (id: string) => ({ Ref: id });
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const alarmSourceConditions = {
  StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
  ArnLike: {
    'aws:SourceArn': {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']],
    },
  },
};

/** Logical ids of the default stack's resources. */
function ids(template: Template) {
  return {
    fn: logicalIdOf(template, 'AWS::Lambda::Function', 'AuditorFunction'),
    role: logicalIdOf(template, 'AWS::IAM::Role', 'AuditorFunctionRole'),
    topic: logicalIdOf(template, 'AWS::SNS::Topic', 'AuditorTopic'),
    key: logicalIdOf(template, 'AWS::KMS::Key', 'AuditorTopicKey'),
    bucket: logicalIdOf(template, 'AWS::S3::Bucket', 'AuditorReportBucket'),
    queue: logicalIdOf(template, 'AWS::SQS::Queue', 'AuditorFailureQueue'),
    logs: logicalIdOf(template, 'AWS::Logs::LogGroup', 'AuditorFunctionLogs'),
  };
}

/** The statements of the one policy attached to a role. */
function roleStatements(template: Template, roleId: string): unknown[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
    (policy.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify(ref(roleId))),
  );
  expect(policies).toHaveLength(1);
  return policies[0]?.Properties.PolicyDocument.Statement as unknown[];
}

describe('FastlyComplianceAuditor with its defaults', () => {
  const template = templateOf();
  const id = ids(template);

  it('bundles a Node.js 24 ARM64 function with explicit memory, timeout, JSON logs in its own group, and reserved concurrency 1', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 360,
      ReservedConcurrentExecutions: 1,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: ref(id.logs) },
      Role: arnOf(id.role),
    });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 90 }, DeletionPolicy: 'Delete' });
  });

  it('passes exactly the environment the handler reads, and not the policy', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.exact({
          TOKEN_SECRET_ARN: ref(logicalIdOf(template, 'AWS::SecretsManager::Secret', 'AuditorTokenSecret')),
          TOPIC_ARN: ref(id.topic),
          REPORT_BUCKET: ref(id.bucket),
          REMEDIATION: 'plan',
          NOTIFY: 'always',
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'fastly-compliance-auditor',
        }),
      },
    });
  });

  it('invokes asynchronously with no retries and parks failures in the failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: ref(id.fn),
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: arnOf(id.queue) } },
    });
  });

  it('grants the function role exactly what the handler and its failure destination use', () => {
    const secret = logicalIdOf(template, 'AWS::SecretsManager::Secret', 'AuditorTokenSecret');
    expect(roleStatements(template, id.role)).toEqual([
      { Sid: 'ReadFastlyToken', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: ref(secret) },
      { Sid: 'PublishNotification', Effect: 'Allow', Action: 'sns:Publish', Resource: ref(id.topic) },
      { Sid: 'EncryptNotification', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: arnOf(id.key) },
      {
        Sid: 'ArchiveReports',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: [
          { 'Fn::Join': ['', [arnOf(id.bucket), '/latest/*']] },
          { 'Fn::Join': ['', [arnOf(id.bucket), '/reports/*']] },
        ],
      },
      {
        Sid: 'TellFirstRunFromDenied',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: arnOf(id.bucket),
        Condition: { StringLike: { 's3:prefix': 'latest/*' } },
      },
      { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arnOf(id.logs) },
      { Sid: 'ParkFailedRuns', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arnOf(id.queue) },
    ]);
  });

  it('gives the function role no managed policies and lets only Lambda assume it', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
      },
      ManagedPolicyArns: Match.absent(),
      Description: Match.stringLikeRegexp('^Fastly compliance auditor function'),
    });
  });

  it('schedules a nightly run at 03:00 UTC through EventBridge Scheduler, with undeliverable events parked', () => {
    const scheduleRole = logicalIdOf(template, 'AWS::IAM::Role', 'AuditorScheduleRole');
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: arnOf(id.fn), RoleArn: arnOf(scheduleRole), DeadLetterConfig: { Arn: arnOf(id.queue) } },
    });
    // Only EventBridge Scheduler of this account, for a schedule of its default group, may assume it.
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('^EventBridge Scheduler'),
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': { Ref: 'AWS::AccountId' },
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':schedule-group/default'],
                  ],
                },
              },
            },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { GroupName: Match.absent() });
    expect(roleStatements(template, scheduleRole)).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [arnOf(id.fn), { 'Fn::Join': ['', [arnOf(id.fn), ':*']] }] },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arnOf(id.queue) },
    ]);
  });

  it('encrypts the topic with a rotating customer managed key that CloudWatch alarms may use', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: arnOf(id.key) });
    template.hasResource('AWS::KMS::Key', {
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            {
              Sid: 'AllowCloudWatchAlarmsToPublish',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Resource: '*',
              Condition: alarmSourceConditions,
            },
          ]),
        },
      },
      DeletionPolicy: 'Delete',
    });
  });

  it('enforces TLS on the topic and lets this account’s alarms publish', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [ref(id.topic)],
      PolicyDocument: {
        Statement: [
          {
            Sid: 'AllowPublishThroughSSLOnly',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: ref(id.topic),
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'AllowCloudWatchAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: ref(id.topic),
            Condition: alarmSourceConditions,
          },
        ],
      },
    });
  });

  it('keeps reports in an encrypted, private, versioned, TLS-only bucket that is retained and expires old reports', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [
            { Id: 'ExpireArchivedReports', Prefix: 'reports/', ExpirationInDays: 400, Status: 'Enabled' },
            {
              Id: 'ExpireOldVersions',
              NoncurrentVersionExpiration: { NoncurrentDays: 30 },
              ExpiredObjectDeleteMarker: true,
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
              Status: 'Enabled',
            },
          ],
        },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(id.bucket),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  it('creates the token secret empty (no generated value) and retains it', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: { Description: Match.stringLikeRegexp('Fastly API token'), GenerateSecretString: Match.absent(), SecretString: Match.absent() },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('encrypts the failure queue and denies it to plain HTTP', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
      },
    });
  });

  it('alarms to the topic on any error, on a day without a run, and on any parked failure', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: ref(id.fn) }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [ref(id.topic)],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      Dimensions: [{ Name: 'FunctionName', Value: ref(id.fn) }],
      Statistic: 'Sum',
      // A window of hourly datapoints, not one 24-hour one: 24 hours between nightly runs plus 3 of grace.
      Period: 3600,
      EvaluationPeriods: 27,
      DatapointsToAlarm: 27,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [ref(id.topic)],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id.queue, 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [ref(id.topic)],
    });
  });

  it('has no email subscription and no Slack channel unless asked', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
  });

  it('outputs the topic ARN, bucket name, secret name and ARN, function name and failure queue URL', () => {
    const secret = logicalIdOf(template, 'AWS::SecretsManager::Secret', 'AuditorTokenSecret');
    template.hasOutput('TopicArn', { Value: ref(id.topic) });
    template.hasOutput('ReportBucketName', { Value: ref(id.bucket) });
    template.hasOutput('TokenSecretArn', { Value: ref(secret) });
    template.hasOutput('TokenSecretName', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
    template.hasOutput('FunctionName', { Value: ref(id.fn) });
    template.hasOutput('FailureQueueUrl', { Value: ref(id.queue) });
  });
});

describe('FastlyComplianceAuditor options', () => {
  it('imports a secret by name and grants it in the -?????? form of its random suffix', () => {
    const template = templateOf({ tokenSecretName: 'platform/fastly-token' });
    const partialArn = {
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:platform/fastly-token'],
      ],
    };
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    const role = logicalIdOf(template, 'AWS::IAM::Role', 'AuditorFunctionRole');
    expect(roleStatements(template, role)[0]).toEqual({
      Sid: 'ReadFastlyToken',
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:platform/fastly-token-??????'],
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ TOKEN_SECRET_ARN: partialArn }) } });
    template.hasOutput('TokenSecretName', { Value: 'platform/fastly-token' });
  });

  it('subscribes each email, filtered to the minimum severity, an ERROR run, or a message without attributes (an alarm)', () => {
    const template = templateOf({ notificationEmails: ['sec@example.com', 'ops@example.com'], emailMinSeverity: 'high' });
    const topic = logicalIdOf(template, 'AWS::SNS::Topic', 'AuditorTopic');
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    for (const email of ['sec@example.com', 'ops@example.com']) {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        TopicArn: ref(topic),
        Protocol: 'email',
        Endpoint: email,
        FilterPolicyScope: 'MessageAttributes',
        FilterPolicy: { $or: [{ severity: ['critical', 'high'] }, { status: ['ERROR'] }, { status: [{ exists: false }] }] },
      });
    }
  });


  it('subscribes emails without a filter when no minimum severity is set', () => {
    const template = templateOf({ notificationEmails: ['sec@example.com'] });
    template.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: 'sec@example.com', FilterPolicy: Match.absent() });
  });

  it('connects a Slack channel through AWS Chatbot with its own role and a CloudWatch-read-only guardrail', () => {
    const template = templateOf({ slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' } });
    const topic = logicalIdOf(template, 'AWS::SNS::Topic', 'AuditorTopic');
    const guardrail = logicalIdOf(template, 'AWS::IAM::ManagedPolicy', 'AuditorSlackGuardrailPolicy');
    const role = logicalIdOf(template, 'AWS::IAM::Role', 'AuditorSlackChannelRole');
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      ConfigurationName: 'TestAuditor-fastly-audit',
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0123ABCD',
      SnsTopicArns: [ref(topic)],
      IamRoleArn: arnOf(role),
      GuardrailPolicies: [ref(guardrail)],
      UserRoleRequired: false,
      LoggingLevel: 'ERROR',
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: ['cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage'], Resource: '*' },
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' } }] },
      ManagedPolicyArns: [ref(guardrail)],
    });
    // The channel role has no inline policy: the guardrail is all it can do.
    expect(Object.values(template.findResources('AWS::IAM::Policy')).map((policy) => policy.Properties.Roles)).not.toContainEqual([ref(role)]);
  });

  it('passes the remediation and notify modes and the API URL to the handler', () => {
    const template = templateOf({ remediation: 'apply', notify: 'change', fastlyApiUrl: 'https://fastly.example.com' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REMEDIATION: 'apply', NOTIFY: 'change', FASTLY_API_URL: 'https://fastly.example.com' }) },
    });
  });

  it('reserves no concurrency when reservedConcurrency is false', () => {
    const template = templateOf({ reservedConcurrency: false });
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: Match.absent() });
  });

  it('applies sizing, retention and alarm settings', () => {
    const template = templateOf({
      memorySize: 1024,
      timeout: Duration.minutes(10),
      logRetention: RetentionDays.ONE_YEAR,
      reservedConcurrency: 2,
      reportRetentionDays: 730,
      noncurrentVersionRetentionDays: 7,
      alarms: { errors: { threshold: 2, evaluationPeriods: 3, period: Duration.minutes(10) }, failures: { threshold: 5 } },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 1024, Timeout: 600, ReservedConcurrentExecutions: 2 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ ExpirationInDays: 730 }), Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 7 } })],
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Threshold: 2, EvaluationPeriods: 3, Period: 600 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 5 });
  });

  it('reads the schedule in the given time zone and widens the missed-run window to the longest gap', () => {
    const template = templateOf({ schedule: 'cron(30 6 ? * MON-FRI *)', timeZone: 'Europe/Berlin' });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 6 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
    });
    // Friday to Monday is the longest gap: 72 hours, plus 3 of grace.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Invocations', Period: 3600, EvaluationPeriods: 75, DatapointsToAlarm: 75 });
  });


  it('exposes the resources it creates', () => {
    const { auditor } = auditorStack({ slack: { workspaceId: 'T1', channelId: 'C1' } });
    expect(auditor.function.runtime.name).toBe('nodejs24.x');
    expect(auditor.alarms.missedRun?.alarmArn).toBeDefined();
    expect(auditor.slackChannel?.slackChannelConfigurationName).toBe('TestAuditor-fastly-audit');
    expect(auditor.schedule.scheduleName).toBeDefined();
  });
});
