/**
 * The audit function: its log group, its role with exactly the statements the handler uses, the
 * environment contract with the handler, and its place in a VPC when it has one.
 */
import { ArnFormat, Aws, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { FLEET_PREFIXES } from '../../lambda/aws/fleet-store.js';
import { STATE_PREFIX } from '../../lambda/watch/state.js';
import { TOOL_NAME, TOOL_VERSION } from '../../lambda/version.js';
import type { ResolvedAuditorProps } from '../auditor-settings.js';
import { DEPS_LOCK_FILE, HANDLER_ENTRY, HANDLER_RUNTIME, PROJECT_ROOT, handlerBundlingOptions } from '../handler-bundling.js';
import { LATEST_PREFIX, REPORT_PREFIXES } from './archive.js';
import { logicalIdOf } from './logical-id.js';
import { createVpcAccessPolicy } from './network.js';
import { grantFleetTokens } from './fleet-token-grants.js';
import { secretGrantResource } from './token-secret.js';

/** What the function reads, writes and reports to. */
export interface FunctionResources {
  /** The single account's token secret; none for a fleet, whose accounts name their own. */
  readonly tokenSecret: ISecret | undefined;
  readonly topic: Topic;
  readonly topicKey: Key;
  readonly bucket: Bucket;
  /** Failed invocations (after zero retries) land here. */
  readonly failureQueue: Queue;
  /** The function's security group, when it runs in a VPC. */
  readonly securityGroup: SecurityGroup | undefined;
}

type FunctionSettings = Pick<
  ResolvedAuditorProps,
  'policy' | 'memorySize' | 'timeout' | 'logRetention' | 'reservedConcurrency' | 'remediation' | 'notify' | 'fastlyApiUrl' | 'network' | 'securityHub' | 'fleet' | 'watchSchedule' | 'accountMetrics'
>;

/**
 * The account's default Security Hub product in the stack's account and Region: findings of a
 * custom integration go there, with no product subscription.
 */
export function securityHubProductArn(scope: Construct): string {
  return Stack.of(scope).formatArn({ service: 'securityhub', resource: 'product', resourceName: `${Aws.ACCOUNT_ID}/default`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

export function createAuditFunction(scope: Construct, settings: FunctionSettings, resources: FunctionResources): NodejsFunction {
  const logGroup = new LogGroup(scope, 'FunctionLogs', {
    retention: settings.logRetention,
    // The reports, not the logs, are the audit evidence, and they are retained in S3.
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new Role(scope, 'FunctionRole', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: 'Fastly compliance auditor function: token secret, topic, report archive, own logs',
  });
  const productArn = settings.securityHub ? securityHubProductArn(scope) : undefined;
  for (const statement of functionStatements(settings, resources, logGroup, productArn)) role.addToPolicy(statement);
  const tokenPolicies = settings.fleet ? grantFleetTokens(scope, role, settings.fleet.accounts) : [];

  const fn = new NodejsFunction(scope, 'Function', {
    entry: HANDLER_ENTRY,
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: DEPS_LOCK_FILE,
    handler: 'handler',
    runtime: HANDLER_RUNTIME,
    architecture: Architecture.ARM_64,
    memorySize: settings.memorySize,
    timeout: settings.timeout,
    description: settings.fleet
      ? `${TOOL_NAME} ${TOOL_VERSION}: audits each of ${settings.fleet.accounts.length} Fastly accounts, then sends the digest`
      : `${TOOL_NAME} ${TOOL_VERSION}: audits the Fastly account on a schedule`,
    role,
    logGroup,
    loggingFormat: LoggingFormat.JSON,
    reservedConcurrentExecutions: settings.reservedConcurrency,
    // No retries: a failed run has already notified, and a retry would notify (and remediate) again.
    retryAttempts: 0,
    // Not SqsDestination: it also grants GetQueueAttributes and GetQueueUrl, which delivery never uses.
    onFailure: { bind: () => ({ destination: resources.failureQueue.queueArn }) },
    bundling: handlerBundlingOptions(settings.policy, settings.fleet?.accounts),
    environment: functionEnvironment(settings, resources, productArn),
    ...vpcPlacement(settings.network, resources.securityGroup),
  });
  // Lambda checks the role's network-interface permissions when it creates the function.
  if (settings.network) fn.node.addDependency(createVpcAccessPolicy(scope, role));
  // A fleet's first run needs its tokens: the function is created once they may be read.
  for (const policy of tokenPolicies) fn.node.addDependency(policy);
  const bucketId = logicalIdOf(resources.bucket);
  Validations.of(role).acknowledge(
    {
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/reports/*]`,
      reason: 'Report keys are reports/<customer>/<yyyy>/<mm>/<dd>/<run>.json: a prefix is the narrowest resource S3 offers.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/latest/*]`,
      reason: 'The newest report per customer is latest/<customer>.json: a prefix is the narrowest resource S3 offers.',
    },
  );
  if (settings.watchSchedule !== undefined) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${STATE_PREFIX}*]`,
      reason: "The watch's states are state/<customer>.json and its failure records state/failures/<account>.json, named at run time: a prefix is the narrowest resource S3 offers.",
    });
  }
  if (settings.fleet) {
    Validations.of(role).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${FLEET_PREFIXES.runs}*]`,
        reason: "Each fleet run's account outcomes are fleet-runs/<execution>/<account>.json, named at run time: a prefix is the narrowest resource S3 offers.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${FLEET_PREFIXES.digests}*]`,
        reason: 'Digests are digests/<yyyy>/<mm>/<dd>/<execution>.json, named at run time: a prefix is the narrowest resource S3 offers.',
      },
    );
  }
  return fn;
}

/** The function's VPC, subnets and security group; nothing when it runs outside a VPC. */
function vpcPlacement(
  network: FunctionSettings['network'],
  securityGroup: SecurityGroup | undefined,
): Pick<NodejsFunctionProps, 'vpc' | 'vpcSubnets' | 'securityGroups'> {
  if (!network || !securityGroup) return {};
  return { vpc: network.vpc, vpcSubnets: network.subnets, securityGroups: [securityGroup] };
}

/** Exactly what the handler and the failure destination call; nothing else. A fleet's tokens: fleet-token-grants.ts. */
function functionStatements(settings: FunctionSettings, resources: FunctionResources, logGroup: LogGroup, securityHubProduct: string | undefined): PolicyStatement[] {
  const { tokenSecret, topic, topicKey, bucket, failureQueue } = resources;
  const fleet = settings.fleet !== undefined;
  const watch = settings.watchSchedule !== undefined;
  const listable = [`${LATEST_PREFIX}*`, ...(fleet ? [`${FLEET_PREFIXES.runs}*`] : []), ...(watch ? [`${STATE_PREFIX}*`] : [])];
  return [
    ...(tokenSecret ? [new PolicyStatement({ sid: 'ReadFastlyToken', actions: ['secretsmanager:GetSecretValue'], resources: [secretGrantResource(tokenSecret)] })] : []),
    new PolicyStatement({ sid: 'PublishNotification', actions: ['sns:Publish'], resources: [topic.topicArn] }),
    new PolicyStatement({ sid: 'EncryptNotification', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [topicKey.keyArn] }),
    new PolicyStatement({
      sid: 'ArchiveReports',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: REPORT_PREFIXES.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
    }),
    // Without ListBucket, S3 answers a missing latest/ report (every first run) with 403 instead
    // of 404, and the handler cannot tell a first run from a permission problem; it lists the one
    // key it looked for when S3 says 403. Listing is limited to latest/ (and a fleet's outcomes,
    // where a missing one is an account that left none, and the watch's states, where a missing one
    // is a first watch).
    new PolicyStatement({
      sid: 'TellFirstRunFromDenied',
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': listable.length === 1 ? listable[0] : listable } },
    }),
    // The watch's states and failure records (lambda/watch/state.ts), and nothing more.
    ...(watch ? [new PolicyStatement({ sid: 'KeepWatchState', actions: ['s3:GetObject', 's3:PutObject'], resources: [bucket.arnForObjects(`${STATE_PREFIX}*`)] })] : []),
    ...(fleet
      ? [
          new PolicyStatement({ sid: 'KeepFleetOutcomes', actions: ['s3:GetObject', 's3:PutObject'], resources: [bucket.arnForObjects(`${FLEET_PREFIXES.runs}*`)] }),
          new PolicyStatement({ sid: 'ArchiveDigests', actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${FLEET_PREFIXES.digests}*`)] }),
        ]
      : []),
    new PolicyStatement({ sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    new PolicyStatement({ sid: 'ParkFailedRuns', actions: ['sqs:SendMessage'], resources: [failureQueue.queueArn] }),
    // Findings go to the account's own default product only, never to another account's or product.
    ...(securityHubProduct === undefined
      ? []
      : [new PolicyStatement({ sid: 'ImportSecurityHubFindings', actions: ['securityhub:BatchImportFindings'], resources: [securityHubProduct] })]),
  ];
}

/**
 * The contract with the handler (design.md, "Lambda environment"); the policy is in the bundle
 * instead. A fleet's accounts, with their secrets, modes and policies, are in the bundle too.
 */
function functionEnvironment(settings: FunctionSettings, resources: FunctionResources, securityHubProduct: string | undefined): Record<string, string> {
  const single: Record<string, string> = settings.fleet || !resources.tokenSecret ? {} : { TOKEN_SECRET_ARN: resources.tokenSecret.secretArn };
  const modes: Record<string, string> = settings.fleet ? {} : { REMEDIATION: settings.remediation, NOTIFY: settings.notify };
  return {
    ...single,
    TOPIC_ARN: resources.topic.topicArn,
    REPORT_BUCKET: resources.bucket.bucketName,
    ...modes,
    ...(settings.fastlyApiUrl !== undefined ? { FASTLY_API_URL: settings.fastlyApiUrl } : {}),
    ...(securityHubProduct !== undefined ? { SECURITY_HUB_PRODUCT_ARN: securityHubProduct } : {}),
    // Unset is on, the handler's default: a single account's template stays as it was.
    ...(settings.accountMetrics ? {} : { ACCOUNT_METRICS: 'off' }),
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_SERVICE_NAME: TOOL_NAME,
  };
}
