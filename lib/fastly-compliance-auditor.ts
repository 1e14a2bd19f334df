/**
 * FastlyComplianceAuditor: a scheduled Lambda that audits a Fastly account against a policy,
 * archives each report in S3 and notifies an SNS topic (email, Slack through AWS Chatbot),
 * with alarms for errors, missed runs and parked failures. With `watchSchedule`, a second
 * schedule invokes it every few minutes to watch the account settings (lib/parts/watch.ts). With `fleet`, it audits many
 * accounts: the schedule starts a state machine that runs the function once per account, then
 * once for the fleet's digest (lib/parts/fleet.ts).
 *
 * Each part lives in lib/parts/ (notifications, archive, token secret, schedule, network,
 * function, alarms, dashboard); a new capability gets a part of its own. Parts are functions that create
 * their resources in this construct's scope, under the ids they have always had: a scope of
 * their own would change every logical id and make CloudFormation replace deployed resources
 * (test/integration/lib/logical-ids.test.ts pins them).
 */
import type * as chatbot from 'aws-cdk-lib/aws-chatbot';
import type { SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Dashboard } from 'aws-cdk-lib/aws-cloudwatch';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Schedule } from 'aws-cdk-lib/aws-scheduler';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AlarmFactory } from './alarm-factory.js';
import type { FastlyComplianceAuditorProps } from './auditor-props.js';
import { resolveAuditorProps } from './auditor-settings.js';
import { createAlarms, type AuditorAlarms } from './parts/alarms.js';
import { createReportArchive } from './parts/archive.js';
import { createDashboard } from './parts/dashboard.js';
import { createFleetStateMachine } from './parts/fleet.js';
import { createAuditFunction } from './parts/function.js';
import { createFunctionSecurityGroup } from './parts/network.js';
import { createNotificationTopic, createSlackChannel } from './parts/notifications.js';
import { createFailureQueue, createSchedule } from './parts/schedule.js';
import { tokenSecretFor } from './parts/token-secret.js';
import { auditRunsMetric, createWatchSchedule } from './parts/watch.js';

export type {
  AuditorAlarmSettings,
  CountAlarmSettings,
  FastlyComplianceAuditorProps,
  FleetAccountSettings,
  FleetSettings,
  MissedRunAlarmSettings,
  PropProblem,
  SlackChannelSettings,
} from './auditor-props.js';
export { AuditorPropsError } from './auditor-props.js';
export type { AuditorAlarms } from './parts/alarms.js';
export { REPORT_PREFIXES } from './parts/archive.js';
export { emailFilterPolicy } from './parts/notifications.js';

export class FastlyComplianceAuditor extends Construct {
  /** The audit function. */
  readonly function: NodejsFunction;
  /** The notification topic (KMS-encrypted, TLS only); the alarms publish here too. */
  readonly topic: Topic;
  /** The customer managed key of the topic. */
  readonly topicKey: Key;
  /** The report archive. */
  readonly bucket: Bucket;
  /** The secret holding the Fastly API token; none for a fleet, whose accounts name their own. */
  readonly tokenSecret?: ISecret;
  /** A fleet's state machine: the schedule starts it; it audits each account, then sends the digest. */
  readonly stateMachine?: StateMachine;
  /** Failed invocations (after zero retries) and undeliverable scheduled events land here. */
  readonly failureQueue: Queue;
  /** The alarms; each publishes to `topic`. */
  readonly alarms: AuditorAlarms;
  /** The EventBridge Scheduler schedule that starts each run. */
  readonly schedule: Schedule;
  /** The schedule that invokes the watch (`{"mode": "watch"}`), when `watchSchedule` is set. */
  readonly watchSchedule?: Schedule;
  /** The Slack channel configuration, when `slack` is set. */
  readonly slackChannel?: chatbot.SlackChannelConfiguration;
  /** The function's security group (HTTPS out, nothing in), when `vpc` is set. */
  readonly securityGroup?: SecurityGroup;
  /** The CloudWatch dashboard of the audits and the function, unless `dashboard` is false. */
  readonly dashboard?: Dashboard;

  constructor(scope: Construct, id: string, props: FastlyComplianceAuditorProps) {
    super(scope, id);
    const settings = resolveAuditorProps(props);

    // The order of creation is the order of the template's resources: keep it.
    const notifications = createNotificationTopic(this, settings);
    this.topic = notifications.topic;
    this.topicKey = notifications.topicKey;
    this.bucket = createReportArchive(this, settings);
    if (!settings.fleet) this.tokenSecret = tokenSecretFor(this, settings.tokenSecretName);
    this.failureQueue = createFailureQueue(this);
    if (settings.network) this.securityGroup = createFunctionSecurityGroup(this, settings.network);
    this.function = createAuditFunction(this, settings, {
      tokenSecret: this.tokenSecret,
      topic: this.topic,
      topicKey: this.topicKey,
      bucket: this.bucket,
      failureQueue: this.failureQueue,
      securityGroup: this.securityGroup,
    });
    if (settings.fleet) {
      this.stateMachine = createFleetStateMachine(this, { fleet: settings.fleet, timeout: settings.timeout, logRetention: settings.logRetention }, this.function);
    }
    this.schedule = createSchedule(this, settings, this.stateMachine ? { stateMachine: this.stateMachine } : { fn: this.function }, this.failureQueue);
    const watch = settings.watchSchedule;
    if (watch !== undefined) this.watchSchedule = createWatchSchedule(this, { watchSchedule: watch, timeZone: settings.timeZone }, this.function, this.failureQueue);
    this.alarms = createAlarms(
      new AlarmFactory(this, this.topic),
      {
        fn: this.function,
        failureQueue: this.failureQueue,
        ...(this.stateMachine ? { stateMachine: this.stateMachine } : {}),
        ...(watch !== undefined ? { auditRuns: auditRunsMetric(this, this.function.logGroup, this.function) } : {}),
      },
      settings.alarms,
    );
    if (settings.slack) this.slackChannel = createSlackChannel(this, this.topic, settings.slack);
    if (settings.dashboard) {
      const { errors, missedRun, failures, fleetExecutions, accountsInError } = this.alarms;
      this.dashboard = createDashboard(this, { fn: this.function, alarms: [errors, missedRun, failures, fleetExecutions, accountsInError], fleet: settings.fleet !== undefined, accountMetrics: settings.accountMetrics });
    }
  }
}
