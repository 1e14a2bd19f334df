/**
 * The stack of a fleet, from its synthesised template: Scheduler starts a state machine whose Map
 * audits each account (bounded, each item's failures caught as its own, only Lambda's service
 * errors retried) and then sends the digest; the function reads only the listed secrets; the
 * fleet's alarms; cdk-nag. And the stack without a fleet: no state machine, the function's
 * environment and permissions as they were.
 */
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildAuditorApp } from '../../../lib/auditor-stack.js';
import { AuditorPropsError } from '../../../lib/fastly-compliance-auditor.js';
import { acknowledgementsUnder, auditorStack, examplePolicy, fleetAccounts, REPO_ROOT, stateMachineDefinition, testApp } from '../../helpers/cdk.js';

const ACCOUNTS = [
  { name: 'prod', tokenSecretName: 'fastly-auditor/prod', remediation: 'apply' as const },
  { name: 'staging', tokenSecretName: 'fastly-auditor/staging', notify: 'digest' as const },
  { name: 'media-eu', tokenSecretName: 'fastly-auditor/media-eu' },
];
const fleetStack = (fleet: Record<string, unknown> = {}, props: Record<string, unknown> = {}) => auditorStack({ fleet: { accounts: ACCOUNTS, ...fleet }, ...props });
const fleetTemplate = (fleet: Record<string, unknown> = {}, props: Record<string, unknown> = {}) => Template.fromStack(fleetStack(fleet, props));

type States = Record<string, Record<string, unknown>>;
const RETRIED = ['Lambda.TooManyRequestsException', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'];

describe('the fleet state machine', () => {
  const template = fleetTemplate({ concurrency: 7 });
  const definition = stateMachineDefinition(template);
  const states = definition.States as States;
  const map = states.AuditEachAccount as { ItemProcessor: { StartAt: string; States: States } } & Record<string, unknown>;
  const item = map.ItemProcessor.States;

  it('lists the baked accounts, audits them in a Map, then sends the digest', () => {
    expect(definition.StartAt).toBe('ListAccounts');
    expect(states.ListAccounts).toMatchObject({ Type: 'Pass', Result: { accounts: ['prod', 'staging', 'media-eu'] }, Next: 'AuditEachAccount' });
    expect(map).toMatchObject({ Type: 'Map', ItemsPath: '$.accounts', MaxConcurrency: 7, ResultPath: '$.caught', Next: 'SendDigest' });
    expect(states.SendDigest).toMatchObject({ Type: 'Task', End: true });
  });

  it('passes each item its account and the execution as the fleet run', () => {
    expect(map.ItemSelector).toEqual({ 'account.$': '$$.Map.Item.Value', 'fleetRunId.$': '$$.Execution.Name' });
    expect(map.ItemProcessor.StartAt).toBe('AuditAccount');
    expect(item.AuditAccount).toMatchObject({
      Type: 'Task',
      Resource: 'arn:<AWS::Partition>:states:::lambda:invoke',
      Parameters: { FunctionName: '<AuditorFunction191A5253.Arn>', 'Payload.$': '$' },
      // The account's outcome is in S3: a successful item adds nothing to the execution's state.
      ResultSelector: {},
      // The function's timeout (6 minutes) and a minute for Lambda to answer.
      TimeoutSeconds: 420,
      End: true,
    });
  });

  it("catches every failure of an item as that account's, keeping only the error's name", () => {
    expect(item.AuditAccount?.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'RecordAccountFailure' }]);
    expect(item.RecordAccountFailure).toMatchObject({ Type: 'Pass', Parameters: { 'account.$': '$.account', 'error.$': '$.failure.Error' }, End: true });
  });

  it("retries only Lambda's throttling and service errors, on each account and on the digest", () => {
    for (const task of [item.AuditAccount, states.SendDigest]) {
      expect(task?.Retry).toEqual([{ ErrorEquals: RETRIED, IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' }]);
    }
  });

  it("gives the digest the execution's name, start and the Map's caught failures", () => {
    expect(states.SendDigest).toMatchObject({
      Resource: 'arn:<AWS::Partition>:states:::lambda:invoke',
      Parameters: {
        FunctionName: '<AuditorFunction191A5253.Arn>',
        Payload: { mode: 'digest', 'fleetRunId.$': '$$.Execution.Name', 'startedAt.$': '$$.Execution.StartTime', 'caught.$': '$.caught' },
      },
      OutputPath: '$.Payload',
    });
  });

  it('is a standard workflow with a timeout for its waves of accounts, traced, logging without execution data', () => {
    // One wave of 3 accounts (concurrency 7), then the digest, each 7 minutes, plus 10.
    expect(definition.TimeoutSeconds).toBe(2 * 420 + 600);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditorFleetLogs'), 'Arn'] } } }] },
    });
  });

  it('is started by the schedule, whose role may only start it', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      Target: { Arn: { Ref: Match.stringLikeRegexp('^AuditorFleetStateMachine') }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['AuditorFailureQueue4C78BD0F', 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: 'AuditorScheduleRoleA721F7F0' }],
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: Match.stringLikeRegexp('^AuditorFleetStateMachine') } }]) },
    });
  });
});

describe('the fleet function', () => {
  const template = fleetTemplate();

  it('may read exactly the listed secrets, each by its name and the random suffix', () => {
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    const statements = policies.flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement);
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Action).toBe('secretsmanager:GetSecretValue');
    const resources = (statements[0]?.Resource as { 'Fn::Join': [string, unknown[]] }[]).map((arn) => arn['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<ref>')).join(''));
    expect(resources.sort()).toEqual(ACCOUNTS.map((account) => `arn:<ref>:secretsmanager:<ref>:<ref>:secret:${account.tokenSecretName}-??????`).sort());
    // No other statement of the function's role reads a secret, and no secret is created.
    const inline = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(inline).not.toContain('secretsmanager');
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  it("keeps the accounts out of the environment: they are in the bundle, with their secrets and modes", () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          TOPIC_ARN: { Ref: 'AuditorTopic1D8A304D' },
          REPORT_BUCKET: { Ref: 'AuditorReportBucketDB3E896E' },
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'fastly-compliance-auditor',
        },
      },
      ReservedConcurrentExecutions: 10,
    });
  });

  it("may keep the fleet's outcomes and archive its digests, and list only latest/ and fleet-runs/", () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: 'AuditorFunctionRole667D1256' }] } }))
      .flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties.PolicyDocument.Statement)
      .map((statement) => ({ ...statement, Resource: JSON.stringify(statement.Resource) }));
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Sid: 'KeepFleetOutcomes', Action: ['s3:GetObject', 's3:PutObject'], Resource: expect.stringContaining('/fleet-runs/*') }),
        expect.objectContaining({ Sid: 'ArchiveDigests', Action: 's3:PutObject', Resource: expect.stringContaining('/digests/*') }),
        expect.objectContaining({ Sid: 'TellFirstRunFromDenied', Condition: { StringLike: { 's3:prefix': ['latest/*', 'fleet-runs/*'] } } }),
      ]),
    );
  });

  it('expires outcomes after 14 days and digests with the reports', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: 'ExpireFleetOutcomes', Prefix: 'fleet-runs/', ExpirationInDays: 14 }),
          Match.objectLike({ Id: 'ExpireDigests', Prefix: 'digests/', ExpirationInDays: 400 }),
        ]),
      },
    });
  });

  it('outputs the state machine and no token secret', () => {
    const outputs = Object.keys(template.toJSON().Outputs as object);
    expect(outputs).toEqual(expect.arrayContaining(['StateMachineArn', 'FunctionName', 'TopicArn', 'ReportBucketName']));
    expect(outputs).not.toContain('TokenSecretName');
  });
});

describe('a fleet with Security Hub', () => {
  it("lets every account's run import its findings into the account's default product", () => {
    const template = fleetTemplate({}, { securityHub: true });
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as { Properties: { Timeout: number; Environment: { Variables: Record<string, unknown> } } };

    // The import's slot and the outcome's together need 361 s: the default grows to whole minutes.
    expect(fn.Properties.Timeout).toBe(420);

    expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(['TOPIC_ARN', 'REPORT_BUCKET', 'SECURITY_HUB_PRODUCT_ARN', 'ACCOUNT_METRICS', 'NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME']);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: 'AuditorFunctionRole667D1256' }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ImportSecurityHubFindings', Action: 'securityhub:BatchImportFindings' })]) },
    });
  });
});

describe('the fleet alarms', () => {
  const template = fleetTemplate();

  it('fires on a fleet run that failed, timed out or was aborted', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('^A fleet run failed, timed out or was aborted'),
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: 'AuditorTopic1D8A304D' }],
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'failed + timedOut + aborted' }),
        ...['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'].map((name) =>
          Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: name, Namespace: 'AWS/States' }), Stat: 'Sum', Period: 300 }) }),
        ),
      ]),
    });
  });

  it("fires on an account in ERROR, from the digest's metric", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('^At least one account of the fleet could not be audited'),
      Namespace: 'FastlyComplianceAuditor',
      MetricName: 'FleetAccountsInError',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'AuditorFunction191A5253' } }],
      Statistic: 'Maximum',
      Threshold: 1,
      AlarmActions: [{ Ref: 'AuditorTopic1D8A304D' }],
    });
  });
});

describe('a fleet passes its security review', () => {
  it('finds no unacknowledged cdk-nag violation, and gives every acknowledgement its reason', () => {
    const stack = fleetStack({}, { notificationEmails: ['sec@example.com'], slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' } });

    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
    const found = [...new Set(acknowledgementsUnder(stack).map(({ path, id }) => `${path.replace(/^TestAuditor\/Auditor\//, '')} ${id.replace(/<[^>]+>/, '<ref>')}`))].sort();
    expect(found).toEqual([
      'FailureQueue AwsSolutions-SQS3',
      'FleetStateMachine/Role AwsSolutions-IAM5[Resource::*]',
      'FleetStateMachine/Role AwsSolutions-IAM5[Resource::<ref>:*]',
      'FunctionRole AwsSolutions-IAM5[Resource::<ref>/digests/*]',
      'FunctionRole AwsSolutions-IAM5[Resource::<ref>/fleet-runs/*]',
      'FunctionRole AwsSolutions-IAM5[Resource::<ref>/latest/*]',
      'FunctionRole AwsSolutions-IAM5[Resource::<ref>/reports/*]',
      'ReportBucket AwsSolutions-S1',
      'SlackGuardrailPolicy AwsSolutions-IAM5[Resource::*]',
    ]);
    for (const { reason } of acknowledgementsUnder(stack)) expect(String(reason).length).toBeGreaterThanOrEqual(40);
  });

  it('keeps the logical ids of a fleet', () => {
    const ids = Object.entries(fleetTemplate().toJSON().Resources as Record<string, { Type: string }>)
      .map(([id, resource]) => `${id} ${resource.Type}`)
      .filter((line) => /Fleet|TokenSecretsPolicy|AccountsInError/.test(line))
      .sort();
    expect(ids).toEqual([
      'AuditorAccountsInErrorAlarmF6F68A68 AWS::CloudWatch::Alarm',
      'AuditorFleetExecutionsAlarm9D02E552 AWS::CloudWatch::Alarm',
      'AuditorFleetLogsD7BB0996 AWS::Logs::LogGroup',
      'AuditorFleetStateMachine2A054864 AWS::StepFunctions::StateMachine',
      'AuditorFleetStateMachineRoleDefaultPolicy4EE2CACE AWS::IAM::Policy',
      'AuditorFleetStateMachineRoleF28C0F5A AWS::IAM::Role',
      'AuditorTokenSecretsPolicy172392F31 AWS::IAM::ManagedPolicy',
    ]);
  });
});

describe('a fleet of 1,000 accounts', () => {
  const stack = auditorStack({ fleet: { accounts: fleetAccounts(1000) } });
  const template = Template.fromStack(stack);

  it('packs its secrets into managed policies IAM accepts, and warns of the quota', () => {
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')) as { Properties: { PolicyDocument: { Statement: { Resource: unknown[] }[] } } }[];
    const arns = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement.flatMap((statement) => statement.Resource));
    // Resolved for the longest partition, region and account: within IAM's 6,144 characters each.
    const WORST: Record<string, string> = { 'AWS::Partition': 'aws-us-gov', 'AWS::Region': 'ap-southeast-2', 'AWS::AccountId': '123456789012' };
    const resolve = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(resolve);
      if (typeof value !== 'object' || value === null) return value;
      const record = value as Record<string, unknown>;
      if (typeof record.Ref === 'string') return WORST[record.Ref] ?? record.Ref;
      if (record['Fn::Join']) {
        const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
        return parts.map(resolve).join(separator);
      }
      return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, resolve(inner)]));
    };
    const resolvedSize = (policy: (typeof policies)[number]) => JSON.stringify(resolve(policy.Properties.PolicyDocument)).length;

    expect(arns).toHaveLength(1000);
    expect(Math.max(...policies.map(resolvedSize))).toBeLessThanOrEqual(6144);
    expect(policies.length).toBeGreaterThan(10);
    expect(policies.length).toBeLessThanOrEqual(20);
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp(`need ${policies.length} managed policies on the function's role: raise the IAM quota`));
  });

  it('keeps the definition far from the 1 MB limit, and the Map inline (its history holds 25,000 events)', () => {
    const definition = stateMachineDefinition(template);
    expect(JSON.stringify(definition).length).toBeLessThan(100_000);
    expect((definition.States as States).AuditEachAccount).toMatchObject({ ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' } } });
  });

  it('passes cdk-nag', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});

describe('fleet props', () => {
  function problems(props: Record<string, unknown>): string[] {
    try {
      auditorStack(props);
    } catch (error) {
      if (error instanceof AuditorPropsError) return error.problems.map((problem) => `${problem.prop} ${problem.message}`);
      throw error;
    }
    throw new Error('expected an AuditorPropsError');
  }

  it('lists every problem of the accounts at once, each with its prop', () => {
    expect(
      problems({
        tokenSecretName: 'fastly/one',
        reservedConcurrency: 2,
        fleet: {
          concurrency: 41,
          accounts: [
            { name: 'Prod', tokenSecretName: 'fastly/a' },
            { name: 'b', tokenSecretName: 'fastly/a', notify: 'sometimes', policy: { version: 2 } },
            { name: 'b', tokenSecretName: 'bad name' },
          ],
        },
      }),
    ).toEqual([
      "fleet.accounts[0].name must be 1 to 63 lower-case letters, digits or hyphens, starting with a letter or a digit, got 'Prod'",
      'fleet.accounts[1].policy is not a valid policy:\nversion: expected one of 1, got number 2',
      "fleet.accounts[1].notify must be one of 'always', 'change', 'digest', got 'sometimes'",
      "fleet.accounts[2].tokenSecretName must be a Secrets Manager secret name (1 to 512 of A-Z a-z 0-9 / _ + = . @ -), got 'bad name'",
      "fleet.accounts[2].name repeats fleet.accounts[1].name 'b'",
      "fleet.accounts[1].tokenSecretName repeats fleet.accounts[0].tokenSecretName 'fastly/a'",
      'fleet.concurrency must be a whole number from 1 to 40, got 41',
      "tokenSecretName is one account's secret: a fleet's accounts name their own (fleet.accounts[].tokenSecretName); leave it out",
      'reservedConcurrency must be at least fleet.concurrency (41), or false: with 2 Lambda would throttle the fleet\'s audits',
    ]);
  });

  it('refuses a fleet whose secrets would need more managed policies than IAM allows, and no accounts', () => {
    const long = fleetAccounts(1000).map((account) => ({ ...account, tokenSecretName: `${account.tokenSecretName}/${'x'.repeat(100)}` }));

    expect(problems({ fleet: { accounts: long } })).toEqual([expect.stringMatching(/^fleet\.accounts name secrets whose ARNs need \d+ managed policies on the function's role, more than the 20 IAM allows/)]);
    expect(problems({ fleet: { accounts: [] } })).toEqual(['fleet.accounts must list 1 to 1000 accounts, got 0']);
  });

  it("gives an account the construct's policy, remediation and notify when it has none of its own", () => {
    const template = Template.fromStack(auditorStack({ remediation: 'apply', notify: 'change', fleet: { accounts: [{ name: 'a', tokenSecretName: 's' }] } }));
    // The modes are in the bundle, not the environment: no REMEDIATION or NOTIFY there.
    const variables = Object.values(template.findResources('AWS::Lambda::Function'))[0] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
    expect(Object.keys(variables.Properties.Environment.Variables)).not.toContain('NOTIFY');
    expect(examplePolicy().version).toBe(1);
  });
});

describe('the stack without a fleet', () => {
  const template = Template.fromStack(auditorStack());

  it('has no state machine and no fleet alarm; the schedule invokes the function', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/FleetAccountsInError|AWS\/States|fleet-runs|digests\//);
    template.hasResourceProperties('AWS::Scheduler::Schedule', { Target: { Arn: { 'Fn::GetAtt': ['AuditorFunction191A5253', 'Arn'] } } });
  });

  it('gives the function the environment it always had', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          TOKEN_SECRET_ARN: { Ref: 'AuditorTokenSecret567C91F8' },
          TOPIC_ARN: { Ref: 'AuditorTopic1D8A304D' },
          REPORT_BUCKET: { Ref: 'AuditorReportBucketDB3E896E' },
          REMEDIATION: 'plan',
          NOTIFY: 'always',
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'fastly-compliance-auditor',
        },
      },
      ReservedConcurrentExecutions: 1,
    });
  });

  it('gives the function the permissions it always had, statement for statement', () => {
    const bucketArn = { 'Fn::GetAtt': ['AuditorReportBucketDB3E896E', 'Arn'] };
    const objects = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn, `/${prefix}/*`]] });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: 'AuditorFunctionRole667D1256' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'ReadFastlyToken', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: 'AuditorTokenSecret567C91F8' } },
          { Sid: 'PublishNotification', Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'AuditorTopic1D8A304D' } },
          { Sid: 'EncryptNotification', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: { 'Fn::GetAtt': ['AuditorTopicKey3005F5F5', 'Arn'] } },
          { Sid: 'ArchiveReports', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: [objects('latest'), objects('reports')] },
          { Sid: 'TellFirstRunFromDenied', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn, Condition: { StringLike: { 's3:prefix': 'latest/*' } } },
          { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': ['AuditorFunctionLogsC8A06ED3', 'Arn'] } },
          { Sid: 'ParkFailedRuns', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['AuditorFailureQueue4C78BD0F', 'Arn'] } },
        ],
      },
    });
  });

  it('reads an imported secret by its name and suffix, as before', () => {
    Template.fromStack(auditorStack({ tokenSecretName: 'platform/fastly-token' })).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'ReadFastlyToken',
            Effect: 'Allow',
            Action: 'secretsmanager:GetSecretValue',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:platform/fastly-token-??????']] },
          },
        ]),
      },
    });
  });
});

describe('the app with cdk.json accountsFile', () => {
  it('builds the fleet from the accounts file, its policies and the stack defaults, and passes synth with cdk-nag', () => {
    const app = testApp({ accountsFile: 'accounts.example.json', fleetConcurrency: '5' });
    const stack = buildAuditorApp(app, REPO_ROOT);

    expect(() => app.synth()).not.toThrow();
    const definition = stateMachineDefinition(Template.fromStack(stack));
    expect((definition.States as States).ListAccounts?.Result).toEqual({ accounts: ['prod', 'staging', 'media-eu'] });
    expect((definition.States as States).AuditEachAccount?.MaxConcurrency).toBe(5);
  });
});
