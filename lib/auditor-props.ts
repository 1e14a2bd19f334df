/**
 * The FastlyComplianceAuditor's props, each with its default: the construct's public contract.
 * auditor-settings.ts applies the defaults and checks the values.
 */
import type { Duration } from 'aws-cdk-lib';
import type { IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Policy } from '../lambda/policy/schema.js';
import type { AccountNotifyMode, NotifyMode, RemediationMode } from '../lambda/modes.js';
import type { Severity } from '../lambda/report/model.js';
import type { CountAlarmSettings } from './alarm-factory.js';

export type { CountAlarmSettings } from './alarm-factory.js';
export { AuditorPropsError, type PropProblem } from './props-check.js';

/**
 * Settings of the missed-run alarm. It fires when the function was not invoked for the longest gap
 * between two scheduled runs plus a grace period: for a daily schedule, 27 hours without a run,
 * which is 3 hours after a run was due. The window slides hour by hour, so a run that starts a
 * little later than the one before, or the 25-hour night of a clock change, does not raise it.
 */
export interface MissedRunAlarmSettings {
  /**
   * Whether to create the alarm. Turn it off for schedules it cannot watch: CloudWatch looks back
   * at most 7 days, so runs must be at most 6 days apart (plus the grace).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The longest gap between two scheduled runs, in whole days (1 to 6).
   * @default derived from the schedule: 1 for a daily (or more frequent) schedule, 3 for Monday
   * to Friday. Required when the schedule's days depend on the calendar (day-of-month, month or
   * year restricted).
   */
  readonly windowDays?: number;
  /**
   * Hours after a run was due before its absence raises the alarm (1 to 24): room for a clock
   * change, Scheduler's delivery and CloudWatch's metric delay.
   * @default 3
   */
  readonly graceHours?: number;
}

/** Alarm settings, in the spirit of cdk-monitoring-constructs: every alarm notifies the topic. */
export interface AuditorAlarmSettings {
  /**
   * The function's `Errors` metric (Sum).
   * @default threshold 1, 1 evaluation period of 5 minutes
   */
  readonly errors?: CountAlarmSettings;
  /**
   * The function's `Invocations` metric: fires when a scheduled run did not happen.
   * @default window derived from the schedule, 3 hours of grace
   */
  readonly missedRun?: MissedRunAlarmSettings;
  /**
   * The failure queue's `ApproximateNumberOfMessagesVisible` (Maximum): a run failed and was parked.
   * @default threshold 1, 1 evaluation period of 5 minutes
   */
  readonly failures?: CountAlarmSettings;
  /**
   * A fleet only: the state machine's `ExecutionsFailed`, `ExecutionsTimedOut` and
   * `ExecutionsAborted` (Sum, added up): a fleet run did not finish (its digest may be missing).
   * @default threshold 1, 1 evaluation period of 5 minutes
   */
  readonly fleetExecutions?: CountAlarmSettings;
  /**
   * A fleet only: the digest's `FleetAccountsInError` metric (Maximum): at least one account's
   * audit ended in ERROR.
   * @default threshold 1, 1 evaluation period of 5 minutes
   */
  readonly accountsInError?: CountAlarmSettings;
}

/** One Fastly account of a fleet. */
export interface FleetAccountSettings {
  /** Unique name: 1 to 63 lower-case letters, digits or hyphens, starting with a letter or a digit. */
  readonly name: string;
  /** Name of the existing Secrets Manager secret holding the account's Fastly API token; the function may read only these. */
  readonly tokenSecretName: string;
  /**
   * The account's policy, validated; baked into the bundle with the others.
   * @default - the construct's `policy`
   */
  readonly policy?: Policy;
  /**
   * @default - the construct's `remediation`
   */
  readonly remediation?: RemediationMode;
  /**
   * 'always', 'change', or 'digest' (no notification of its own: only the fleet's digest).
   * @default - the construct's `notify`
   */
  readonly notify?: AccountNotifyMode;
}

/**
 * Several Fastly accounts in one deployment: the schedule starts a Step Functions state machine
 * whose Map invokes the function once per account, then once for the digest.
 */
export interface FleetSettings {
  /** The accounts, 1 to 1,000 (e.g. from `loadAccountsFile`). */
  readonly accounts: FleetAccountSettings[];
  /**
   * Accounts audited at once (the Map's MaxConcurrency), 1 to 40 (an inline Map's limit).
   * @default 10
   */
  readonly concurrency?: number;
}

/** A Slack channel that receives the notifications through AWS Chatbot. */
export interface SlackChannelSettings {
  /** The Slack workspace (team) id, e.g. 'T0123ABCD', authorised once in the AWS Chatbot console. */
  readonly workspaceId: string;
  /** The Slack channel id, e.g. 'C0123ABCD' (channel details, bottom of the About tab). */
  readonly channelId: string;
  /**
   * Name of the AWS Chatbot channel configuration (letters, digits, '-' and '_', at most 128).
   * @default '<stack name>-fastly-audit'
   */
  readonly configurationName?: string;
}

/** Props of FastlyComplianceAuditor: only `policy` is required. */
export interface FastlyComplianceAuditorProps {
  /**
   * The audit policy, validated (e.g. by `loadPolicyFile`). It is validated again and baked into
   * the bundle (esbuild `define`), not passed as an environment variable (4 KB cap).
   */
  readonly policy: Policy;
  /**
   * When the audit runs: an EventBridge Scheduler cron expression,
   * `cron(minutes hours day-of-month month day-of-week year)`.
   * @default 'cron(0 3 * * ? *)' (nightly at 03:00 in `timeZone`)
   */
  readonly schedule?: string;
  /**
   * The IANA time zone the schedule is read in, e.g. 'Europe/Berlin'.
   * @default 'UTC'
   */
  readonly timeZone?: string;
  /**
   * Watch the account settings between audits: a second schedule invokes the function with
   * `{"mode": "watch"}`, which reads only GET /current_customer per account, compares the account
   * rules with `state/<customer_id>.json` and alerts a REGRESSION or RECOVERY at once. An
   * EventBridge Scheduler `rate(N minutes|hours)` (at least 1 minute) or `cron(...)` expression,
   * read in `timeZone`; in a fleet, one invocation watches every account. The role may then read
   * and write `state/` in the report bucket too.
   * @default - no watch
   */
  readonly watchSchedule?: string;
  /**
   * Email addresses subscribed to the topic (each confirms once, by the link AWS sends).
   * @default - no email subscriptions
   */
  readonly notificationEmails?: string[];
  /**
   * Email only runs whose highest failing severity is at or above this, plus every ERROR run and
   * every alarm (alarm messages have no message attributes; the filter lets them through).
   * @default - every run's notification is emailed
   */
  readonly emailMinSeverity?: Severity;
  /**
   * A Slack channel for the notifications, through AWS Chatbot.
   * @default - no Slack channel
   */
  readonly slack?: SlackChannelSettings;
  /**
   * 'apply' lets the function fix what the policy marks `remediate: "auto"`; 'plan' only reports
   * the changes it would make.
   * @default 'plan'
   */
  readonly remediation?: RemediationMode;
  /**
   * 'always' notifies after every run; 'change' only when findings or the run status changed
   * (ERROR always notifies).
   * @default 'always'
   */
  readonly notify?: NotifyMode;
  /**
   * Name of an existing Secrets Manager secret holding the Fastly API token (one account only: a
   * fleet's accounts name their own).
   * @default - a new, empty secret is created (RETAIN); put the token in it after deploying
   */
  readonly tokenSecretName?: string;
  /**
   * Audit several Fastly accounts from this deployment, with one digest per run.
   * @default - one account, whose token is in `tokenSecretName`
   */
  readonly fleet?: FleetSettings;
  /**
   * Reserved concurrency of the function, or `false` for none (new accounts with a low
   * concurrency quota cannot reserve any). A fleet's must be at least `fleet.concurrency`.
   * @default 1 (runs never overlap); a fleet's `fleet.concurrency`
   */
  readonly reservedConcurrency?: number | false;
  /**
   * Days an archived report under `reports/` is kept.
   * @default 400
   */
  readonly reportRetentionDays?: number;
  /**
   * Days a replaced or deleted report version (e.g. yesterday's `latest/` object) is kept.
   * @default 30
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * The Fastly API base URL (https).
   * @default - unset: the handler uses https://api.fastly.com
   */
  readonly fastlyApiUrl?: string;
  /**
   * Function memory in MB (128 to 10240).
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Function timeout, from Duration.seconds(341) (356 with `securityHub`; 5 s more in a fleet,
   * which also stores each account's outcome) to 15 minutes: a run must hold its worst case (every
   * Fastly read timing out 4 times and waiting out its retries, the write, and the AWS steps;
   * lambda/run/budget.ts), and keeps the time to notify before it ends.
   * @default Duration.minutes(6), or the whole minutes the run needs when that is more (7 for a
   * fleet with `securityHub`)
   */
  readonly timeout?: Duration;
  /**
   * Retention of the function's log group.
   * @default RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: RetentionDays;
  /**
   * Alarm thresholds and windows.
   * @default - see AuditorAlarmSettings
   */
  readonly alarms?: AuditorAlarmSettings;
  /**
   * A VPC to run the function in, so that its calls leave through the VPC's NAT gateway and its
   * fixed Elastic IP: the address to list in the account's Fastly IP allowlist and in the
   * policy's `auditorEgress`. The construct adds a security group (HTTPS out only, nothing in)
   * and the network-interface permissions Lambda needs in a VPC.
   * @default - none: the function runs outside a VPC, from changing AWS addresses
   */
  readonly vpc?: IVpc;
  /**
   * A CloudWatch dashboard of the audits (failing findings by severity, runs in ERROR, users and
   * API tokens checked, run duration) and of the function (errors, duration) and its alarms.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * Every account's run writes its metrics in embedded metric format (failing findings by
   * severity, runs in ERROR, users and tokens checked, run duration), by CustomerId: 8 CloudWatch
   * custom metrics per Fastly customer, $0.30 each a month beyond the 10 free, and the dashboard's
   * per-customer graphs. Off, the handler writes none (environment ACCOUNT_METRICS=off) and the
   * dashboard leaves those graphs out: the function's Errors alarm and a fleet's digest metrics
   * (accounts failing and in ERROR) still count failures. A fleet of 1,000 accounts would write
   * 8,000 metrics, about $2,400 a month.
   * @default true for one account, false for a fleet
   */
  readonly accountMetrics?: boolean;
  /**
   * The subnets of `vpc` the function runs in; they need a route to a NAT gateway.
   * @default - the private subnets with egress (`SubnetType.PRIVATE_WITH_EGRESS`)
   */
  readonly vpcSubnets?: SubnetSelection;
  /**
   * Import each run's findings into AWS Security Hub CSPM (BatchImportFindings, in ASFF) under
   * the account's default product, `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`,
   * in the stack's account and Region; the role may call only that, on that product. Security
   * Hub must be enabled there (no product subscription is needed for the default product), or
   * every run ends with an error saying so. The run keeps a 15 s slot for the import: the
   * function's timeout must then be at least Duration.seconds(356).
   * @default false
   */
  readonly securityHub?: boolean;
}
