/**
 * Notifications: the KMS-encrypted, TLS-only topic the function and the alarms publish to, its
 * email subscriptions (with the severity filter) and the Slack channel through AWS Chatbot.
 */
import { Aws, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnSubscription, Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { SEVERITIES, isAtLeast, type Severity } from '../../lambda/report/model.js';
import type { ResolvedAuditorProps } from '../auditor-settings.js';

export interface NotificationTopic {
  /** The topic (KMS-encrypted, TLS only); the alarms publish here too. */
  readonly topic: Topic;
  /** The customer managed key of the topic. */
  readonly topicKey: Key;
}

/** The key, the topic and one subscription per email, in `scope`. */
export function createNotificationTopic(
  scope: Construct,
  settings: Pick<ResolvedAuditorProps, 'notificationEmails' | 'emailMinSeverity'>,
): NotificationTopic {
  const topicKey = createTopicKey(scope);
  const topic = createTopic(scope, topicKey);
  subscribeEmails(scope, topic, settings);
  return { topic, topicKey };
}

/** Confused-deputy guard: only alarms of this account and region. */
function alarmSourceConditions(): Record<string, Record<string, string>> {
  return {
    StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
    ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
  };
}

function createTopicKey(scope: Construct): Key {
  const key = new Key(scope, 'TopicKey', {
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
      conditions: alarmSourceConditions(),
    }),
  );
  return key;
}

function createTopic(scope: Construct, masterKey: Key): Topic {
  const topic = new Topic(scope, 'Topic', { displayName: 'Fastly compliance audit', masterKey, enforceSSL: true });
  // enforceSSL writes a topic policy, which replaces the default one: allow the alarms explicitly.
  topic.addToResourcePolicy(
    new PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: alarmSourceConditions(),
    }),
  );
  return topic;
}

function subscribeEmails(scope: Construct, topic: Topic, settings: Pick<ResolvedAuditorProps, 'notificationEmails' | 'emailMinSeverity'>): void {
  const filterPolicy = settings.emailMinSeverity ? emailFilterPolicy(settings.emailMinSeverity) : undefined;
  for (const email of settings.notificationEmails) {
    // L1: the L2 filter policy type cannot express `$or`.
    new CfnSubscription(scope, `Email-${email.toLowerCase()}`, {
      topicArn: topic.topicArn,
      protocol: 'email',
      endpoint: email,
      ...(filterPolicy ? { filterPolicy, filterPolicyScope: 'MessageAttributes' } : {}),
    });
  }
}

/**
 * `$or`: the highest failing severity is at or above the threshold, or the run errored, or the
 * message is not a run's notification at all. CloudWatch alarm messages carry no message
 * attributes, and a filter on attributes drops a message without them unless a branch asks for
 * their absence: the alarms (a timeout, an out-of-memory kill, a missed run) are often the only
 * signal, so they always pass.
 */
export function emailFilterPolicy(minSeverity: Severity): Record<string, unknown> {
  return {
    $or: [
      { severity: SEVERITIES.filter((severity) => isAtLeast(severity, minSeverity)) },
      { status: ['ERROR'] },
      { status: [{ exists: false }] },
    ],
  };
}

/** The AWS Chatbot channel that posts the topic's messages to Slack, with a read-only guardrail. */
export function createSlackChannel(
  scope: Construct,
  topic: Topic,
  slack: NonNullable<ResolvedAuditorProps['slack']>,
): chatbot.SlackChannelConfiguration {
  // Custom notifications need no permissions; alarm notifications read CloudWatch to draw their chart.
  const readAlarms = new PolicyStatement({
    actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage'],
    resources: ['*'],
  });
  const guardrail = new ManagedPolicy(scope, 'SlackGuardrailPolicy', {
    description: 'Caps what the Fastly audit Slack channel can do: read CloudWatch alarms and metrics, nothing else',
    statements: [readAlarms],
  });
  const role = new Role(scope, 'SlackChannelRole', {
    assumedBy: new ServicePrincipal('chatbot.amazonaws.com'),
    description: 'AWS Chatbot channel of the Fastly compliance auditor: read CloudWatch alarms',
    managedPolicies: [guardrail],
  });
  const channel = new chatbot.SlackChannelConfiguration(scope, 'SlackChannel', {
    slackChannelConfigurationName: slack.configurationName ?? chatbotConfigurationName(Stack.of(scope).stackName),
    slackWorkspaceId: slack.workspaceId,
    slackChannelId: slack.channelId,
    notificationTopics: [topic],
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

function chatbotConfigurationName(stackName: string): string {
  return `${stackName.replace(/[^A-Za-z0-9_-]/g, '-')}-fastly-audit`.slice(0, 128);
}
