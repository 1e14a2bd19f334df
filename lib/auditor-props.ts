/**
 * The FastlyComplianceAuditor's props, their defaults, and the up-front validation that turns a
 * bad value into an error naming the prop and the value, at synth rather than at deploy.
 */
import { Duration } from 'aws-cdk-lib';
import { SubnetType, type IVpc, type SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { parsePolicy, PolicyValidationError, type Policy } from '../lambda/policy/schema.js';
import { NOTIFY_MODES, REMEDIATION_MODES, type NotifyMode, type RemediationMode } from '../lambda/modes.js';
import { SEVERITIES, type Severity } from '../lambda/report/model.js';
import { longestGapInDays, parseCronExpression, type CronFields } from './schedule.js';

/** Settings of an alarm on a count (Lambda errors, messages in the failure queue). */
export interface CountAlarmSettings {
  /**
   * The count at or above which the alarm fires.
   * @default 1
   */
  readonly threshold?: number;
  /**
   * How many consecutive periods must breach.
   * @default 1
   */
  readonly evaluationPeriods?: number;
  /**
   * The metric period: whole minutes.
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
}

/** Settings of the missed-run alarm (no invocation at all in a window). */
export interface MissedRunAlarmSettings {
  /**
   * Whole days (1 to 7; CloudWatch evaluates at most 7 days) without a single invocation before
   * the alarm fires. The metric is counted per UTC day.
   * @default the longest gap between two scheduled days: 1 for a daily schedule, 3 for Monday to
   * Friday, 7 for weekly. Required when the schedule's days depend on the calendar (day-of-month,
   * month or year restricted).
   */
  readonly windowDays?: number;
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
   * @default window derived from the schedule
   */
  readonly missedRun?: MissedRunAlarmSettings;
  /**
   * The failure queue's `ApproximateNumberOfMessagesVisible` (Maximum): a run failed and was parked.
   * @default threshold 1, 1 evaluation period of 5 minutes
   */
  readonly failures?: CountAlarmSettings;
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
   * Email addresses subscribed to the topic (each confirms once, by the link AWS sends).
   * @default - no email subscriptions
   */
  readonly notificationEmails?: string[];
  /**
   * Email only runs whose highest failing severity is at or above this, plus every ERROR run.
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
   * Name of an existing Secrets Manager secret holding the Fastly API token.
   * @default - a new, empty secret is created (RETAIN); put the token in it after deploying
   */
  readonly tokenSecretName?: string;
  /**
   * Reserved concurrency of the function, or `false` for none (new accounts with a low
   * concurrency quota cannot reserve any).
   * @default 1 (runs never overlap)
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
   * Function timeout (1 second to 15 minutes).
   * @default Duration.minutes(5)
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
   * The subnets of `vpc` the function runs in; they need a route to a NAT gateway.
   * @default - the private subnets with egress (`SubnetType.PRIVATE_WITH_EGRESS`)
   */
  readonly vpcSubnets?: SubnetSelection;
}

export const DEFAULT_SCHEDULE = 'cron(0 3 * * ? *)';
export const DEFAULT_TIME_ZONE = 'UTC';

interface ResolvedCountAlarm {
  threshold: number;
  evaluationPeriods: number;
  period: Duration;
}

/** Props with defaults applied, every value checked. */
export interface ResolvedAuditorProps {
  policy: Policy;
  schedule: string;
  cron: CronFields;
  timeZone: string;
  notificationEmails: string[];
  emailMinSeverity: Severity | undefined;
  slack: { workspaceId: string; channelId: string; configurationName: string | undefined } | undefined;
  remediation: RemediationMode;
  notify: NotifyMode;
  tokenSecretName: string | undefined;
  reservedConcurrency: number | undefined;
  reportRetentionDays: number;
  noncurrentVersionRetentionDays: number;
  fastlyApiUrl: string | undefined;
  memorySize: number;
  timeout: Duration;
  logRetention: RetentionDays;
  alarms: { errors: ResolvedCountAlarm; missedRunWindowDays: number; failures: ResolvedCountAlarm };
  /** Where the function runs, when in a VPC. */
  network: { vpc: IVpc; subnets: SubnetSelection } | undefined;
}

/** Thrown for a prop the construct cannot deploy; the message names the prop and the value. */
export class AuditorPropsError extends Error {
  override readonly name = 'AuditorPropsError';
  constructor(
    readonly prop: string,
    message: string,
  ) {
    super(`FastlyComplianceAuditor: ${prop} ${message}`);
  }
}

const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[A-Za-z]{2,}$/;
const SLACK_WORKSPACE_ID = /^[0-9A-Z]{1,255}$/;
const SLACK_CHANNEL_ID = /^[A-Za-z0-9]{1,255}$/;
const CHATBOT_CONFIGURATION_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const IANA_ZONE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const MAX_ALARM_WINDOW_DAYS = 7;

function show(value: unknown): string {
  if (value instanceof Duration) return value.toString();
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

function integerIn(prop: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new AuditorPropsError(prop, `must be a whole number from ${min} to ${max}, got ${show(value)}`);
  }
  return value;
}

function oneOf<T extends string>(prop: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new AuditorPropsError(prop, `must be one of ${allowed.map((item) => `'${item}'`).join(', ')}, got ${show(value)}`);
  }
  return value as T;
}

function validTimeZone(value: unknown): string {
  if (typeof value === 'string' && IANA_ZONE.test(value)) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return value;
    } catch {
      // Falls through to the error below.
    }
  }
  throw new AuditorPropsError('timeZone', `must be an IANA time zone such as 'UTC' or 'Europe/Berlin', got ${show(value)}`);
}

function validEmails(value: unknown): string[] {
  if (!Array.isArray(value)) throw new AuditorPropsError('notificationEmails', `must be a list of email addresses, got ${show(value)}`);
  const seen = new Set<string>();
  return value.map((email: unknown, index) => {
    if (typeof email !== 'string' || !EMAIL.test(email)) {
      throw new AuditorPropsError(`notificationEmails[${index}]`, `is not an email address: ${show(email)}`);
    }
    const key = email.toLowerCase();
    if (seen.has(key)) throw new AuditorPropsError(`notificationEmails[${index}]`, `repeats ${show(email)}`);
    seen.add(key);
    return email;
  });
}

function validSlack(value: FastlyComplianceAuditorProps['slack']): ResolvedAuditorProps['slack'] {
  if (value === undefined) return undefined;
  const { workspaceId, channelId, configurationName } = value;
  if (typeof workspaceId !== 'string' || !SLACK_WORKSPACE_ID.test(workspaceId)) {
    throw new AuditorPropsError('slack.workspaceId', `must be a Slack workspace id (capital letters and digits, e.g. 'T0123ABCD'), got ${show(workspaceId)}`);
  }
  if (typeof channelId !== 'string' || !SLACK_CHANNEL_ID.test(channelId)) {
    throw new AuditorPropsError('slack.channelId', `must be a Slack channel id (letters and digits, e.g. 'C0123ABCD'), got ${show(channelId)}`);
  }
  if (configurationName !== undefined && !CHATBOT_CONFIGURATION_NAME.test(configurationName)) {
    throw new AuditorPropsError('slack.configurationName', `must be 1 to 128 letters, digits, '-' or '_', got ${show(configurationName)}`);
  }
  return { workspaceId, channelId, configurationName };
}

function validHttpsUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AuditorPropsError('fastlyApiUrl', `is not a URL: ${show(value)}`);
  }
  if (url.protocol !== 'https:') throw new AuditorPropsError('fastlyApiUrl', `must use https, got ${show(value)}`);
  return value;
}

function validDuration(prop: string, value: unknown, min: Duration, max: Duration, unit: 'seconds' | 'minutes'): Duration {
  const seconds = value instanceof Duration ? value.toSeconds({ integral: false }) : NaN;
  const whole = unit === 'minutes' ? seconds % 60 === 0 : Number.isInteger(seconds);
  if (!(value instanceof Duration) || !whole || seconds < min.toSeconds() || seconds > max.toSeconds()) {
    throw new AuditorPropsError(prop, `must be a Duration of whole ${unit} from ${min.toString()} to ${max.toString()}, got ${show(value)}`);
  }
  return value;
}

function validNetwork(vpc: IVpc | undefined, subnets: SubnetSelection | undefined): ResolvedAuditorProps['network'] {
  if (vpc === undefined) {
    if (subnets !== undefined) throw new AuditorPropsError('vpcSubnets', 'is set without vpc: set vpc too, or drop vpcSubnets');
    return undefined;
  }
  // Explicit, not the CDK default: that falls back to isolated subnets, which cannot reach Fastly.
  return { vpc, subnets: subnets ?? { subnetType: SubnetType.PRIVATE_WITH_EGRESS } };
}

function countAlarm(prop: string, settings: CountAlarmSettings | undefined): ResolvedCountAlarm {
  const period = validDuration(`${prop}.period`, settings?.period ?? Duration.minutes(5), Duration.minutes(1), Duration.days(1), 'minutes');
  const maxPeriods = Math.floor(Duration.days(1).toSeconds() / period.toSeconds());
  return {
    threshold: integerIn(`${prop}.threshold`, settings?.threshold ?? 1, 1, 1_000_000),
    // CloudWatch caps period x evaluation periods at one day for periods under an hour.
    evaluationPeriods: integerIn(`${prop}.evaluationPeriods`, settings?.evaluationPeriods ?? 1, 1, maxPeriods),
    period,
  };
}

function missedRunWindow(schedule: string, cron: CronFields, settings: MissedRunAlarmSettings | undefined): number {
  if (settings?.windowDays !== undefined) {
    return integerIn('alarms.missedRun.windowDays', settings.windowDays, 1, MAX_ALARM_WINDOW_DAYS);
  }
  const gap = longestGapInDays(cron);
  if (gap === undefined) {
    throw new AuditorPropsError(
      'schedule',
      `${show(schedule)} runs on calendar-dependent days, so the missed-run alarm cannot derive its window: set alarms.missedRun.windowDays (1 to ${MAX_ALARM_WINDOW_DAYS})`,
    );
  }
  return gap;
}

/** Applies the defaults and checks every prop; throws AuditorPropsError on the first bad one. */
export function resolveAuditorProps(props: FastlyComplianceAuditorProps): ResolvedAuditorProps {
  const parsed = parsePolicy(props.policy);
  if (!parsed.ok) throw new AuditorPropsError('policy', `is not a valid policy:\n${new PolicyValidationError(parsed.issues).message}`);

  const schedule = props.schedule ?? DEFAULT_SCHEDULE;
  let cron: CronFields;
  try {
    cron = parseCronExpression(schedule);
  } catch (error) {
    throw new AuditorPropsError('schedule', `is invalid: ${(error as Error).message}`);
  }

  const emailMinSeverity = props.emailMinSeverity === undefined ? undefined : oneOf('emailMinSeverity', props.emailMinSeverity, SEVERITIES);
  const tokenSecretName = props.tokenSecretName;
  if (tokenSecretName !== undefined && !SECRET_NAME.test(tokenSecretName)) {
    throw new AuditorPropsError('tokenSecretName', `must be a Secrets Manager secret name (1 to 512 of A-Z a-z 0-9 / _ + = . @ -), got ${show(tokenSecretName)}`);
  }
  const reservedConcurrency = props.reservedConcurrency ?? 1;
  const logRetention = props.logRetention ?? RetentionDays.THREE_MONTHS;
  if (!Object.values(RetentionDays).includes(logRetention)) {
    throw new AuditorPropsError('logRetention', `must be a RetentionDays value, got ${show(logRetention)}`);
  }

  return {
    policy: parsed.policy,
    schedule,
    cron,
    timeZone: validTimeZone(props.timeZone ?? DEFAULT_TIME_ZONE),
    notificationEmails: validEmails(props.notificationEmails ?? []),
    emailMinSeverity,
    slack: validSlack(props.slack),
    remediation: oneOf('remediation', props.remediation ?? 'plan', REMEDIATION_MODES),
    notify: oneOf('notify', props.notify ?? 'always', NOTIFY_MODES),
    tokenSecretName,
    reservedConcurrency: reservedConcurrency === false ? undefined : integerIn('reservedConcurrency', reservedConcurrency, 1, 1000),
    reportRetentionDays: integerIn('reportRetentionDays', props.reportRetentionDays ?? 400, 1, 36_500),
    noncurrentVersionRetentionDays: integerIn('noncurrentVersionRetentionDays', props.noncurrentVersionRetentionDays ?? 30, 1, 36_500),
    fastlyApiUrl: props.fastlyApiUrl === undefined ? undefined : validHttpsUrl(props.fastlyApiUrl),
    memorySize: integerIn('memorySize', props.memorySize ?? 512, 128, 10_240),
    timeout: validDuration('timeout', props.timeout ?? Duration.minutes(5), Duration.seconds(1), Duration.minutes(15), 'seconds'),
    logRetention,
    alarms: {
      errors: countAlarm('alarms.errors', props.alarms?.errors),
      missedRunWindowDays: missedRunWindow(schedule, cron, props.alarms?.missedRun),
      failures: countAlarm('alarms.failures', props.alarms?.failures),
    },
    network: validNetwork(props.vpc, props.vpcSubnets),
  };
}
