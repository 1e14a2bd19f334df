/**
 * The FastlyComplianceAuditor's props, their defaults, and the up-front validation that turns
 * every bad value into a problem naming the prop and the value, reported together at synth rather
 * than one by one at deploy.
 */
import { Duration } from 'aws-cdk-lib';
import { SubnetType, type IVpc, type SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { COUNT_ALARM_DEFAULTS, type CountAlarmSettings } from './alarm-factory.js';
import { parsePolicy, PolicyValidationError, type Policy } from '../lambda/policy/schema.js';
import { SEVERITIES, type RemediationMode, type Severity } from '../lambda/report/model.js';
import { durationIn, httpsUrl, ianaTimeZone, oneOf, PropsCheck, show, stringMatching, wholeNumberIn } from './props-check.js';
import { longestGapInDays, parseCronExpression, type CronFields } from './cron.js';

export type { CountAlarmSettings } from './alarm-factory.js';
export { AuditorPropsError, type PropProblem } from './props-check.js';

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
  readonly notify?: 'always' | 'change';
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

type ResolvedCountAlarm = Required<CountAlarmSettings>;

/** Props with defaults applied, every value checked. */
export interface ResolvedAuditorProps {
  policy: Policy;
  schedule: string;
  timeZone: string;
  notificationEmails: string[];
  emailMinSeverity: Severity | undefined;
  slack: { workspaceId: string; channelId: string; configurationName: string | undefined } | undefined;
  remediation: RemediationMode;
  notify: 'always' | 'change';
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

const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[A-Za-z]{2,}$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SLACK_WORKSPACE_ID = stringMatching(/^[0-9A-Z]{1,255}$/, "a Slack workspace id (capital letters and digits, e.g. 'T0123ABCD')");
const SLACK_CHANNEL_ID = stringMatching(/^[A-Za-z0-9]{1,255}$/, "a Slack channel id (letters and digits, e.g. 'C0123ABCD')");
const CHATBOT_CONFIGURATION_NAME = stringMatching(/^[A-Za-z0-9_-]{1,128}$/, "1 to 128 letters, digits, '-' or '_'");
const MAX_ALARM_WINDOW_DAYS = 7;

function checkPolicy(check: PropsCheck, policy: Policy): Policy {
  const parsed = parsePolicy(policy);
  if (parsed.ok) return parsed.policy;
  check.problem('policy', policy, `is not a valid policy:\n${new PolicyValidationError(parsed.issues).message}`);
  return policy;
}

/** The cron fields, or undefined when the expression is invalid (and reported). */
function checkCron(check: PropsCheck, schedule: string): CronFields | undefined {
  try {
    return parseCronExpression(schedule);
  } catch (error) {
    check.problem('schedule', schedule, `is invalid: ${(error as Error).message}`);
    return undefined;
  }
}

function checkEmails(check: PropsCheck, value: unknown): string[] {
  if (!Array.isArray(value)) {
    check.problem('notificationEmails', value, `must be a list of email addresses, got ${show(value)}`);
    return [];
  }
  const seen = new Set<string>();
  value.forEach((email: unknown, index) => {
    const prop = `notificationEmails[${index}]`;
    if (typeof email !== 'string' || !EMAIL.test(email)) return check.problem(prop, email, `is not an email address: ${show(email)}`);
    const key = email.toLowerCase();
    if (seen.has(key)) check.problem(prop, email, `repeats ${show(email)}`);
    seen.add(key);
  });
  return value as string[];
}

function checkSlack(check: PropsCheck, value: FastlyComplianceAuditorProps['slack']): ResolvedAuditorProps['slack'] {
  if (value === undefined) return undefined;
  const { workspaceId, channelId, configurationName } = value;
  check.check('slack.workspaceId', workspaceId, SLACK_WORKSPACE_ID);
  check.check('slack.channelId', channelId, SLACK_CHANNEL_ID);
  if (configurationName !== undefined) check.check('slack.configurationName', configurationName, CHATBOT_CONFIGURATION_NAME);
  return { workspaceId, channelId, configurationName };
}

function checkNetwork(check: PropsCheck, vpc: IVpc | undefined, subnets: SubnetSelection | undefined): ResolvedAuditorProps['network'] {
  if (vpc === undefined) {
    if (subnets !== undefined) check.problem('vpcSubnets', subnets, 'is set without vpc: set vpc too, or drop vpcSubnets');
    return undefined;
  }
  // Explicit, not the CDK default: that falls back to isolated subnets, which cannot reach Fastly.
  return { vpc, subnets: subnets ?? { subnetType: SubnetType.PRIVATE_WITH_EGRESS } };
}

function checkCountAlarm(check: PropsCheck, prop: string, settings: CountAlarmSettings | undefined): ResolvedCountAlarm {
  const periodRule = durationIn(Duration.minutes(1), Duration.days(1), 'minutes');
  const period = check.check(`${prop}.period`, settings?.period ?? COUNT_ALARM_DEFAULTS.period, periodRule);
  // CloudWatch caps period x evaluation periods at one day for periods under an hour; with a bad
  // period, the bound of the shortest one (a day of minutes).
  const periodSeconds = periodRule(period) === undefined ? period.toSeconds() : 60;
  const maxPeriods = Math.floor(Duration.days(1).toSeconds() / periodSeconds);
  return {
    threshold: check.check(`${prop}.threshold`, settings?.threshold ?? COUNT_ALARM_DEFAULTS.threshold, wholeNumberIn(1, 1_000_000)),
    evaluationPeriods: check.check(`${prop}.evaluationPeriods`, settings?.evaluationPeriods ?? COUNT_ALARM_DEFAULTS.evaluationPeriods, wholeNumberIn(1, maxPeriods)),
    period,
  };
}

function checkMissedRunWindow(check: PropsCheck, schedule: string, cron: CronFields | undefined, settings: MissedRunAlarmSettings | undefined): number {
  if (settings?.windowDays !== undefined) {
    return check.check('alarms.missedRun.windowDays', settings.windowDays, wholeNumberIn(1, MAX_ALARM_WINDOW_DAYS));
  }
  // An invalid schedule is already reported: its window is moot.
  if (cron === undefined) return 1;
  const gap = longestGapInDays(cron);
  if (gap !== undefined) return gap;
  check.problem(
    'schedule',
    schedule,
    `${show(schedule)} runs on calendar-dependent days, so the missed-run alarm cannot derive its window: set alarms.missedRun.windowDays (1 to ${MAX_ALARM_WINDOW_DAYS})`,
  );
  return 1;
}

/**
 * Applies the defaults and checks every prop. Throws one AuditorPropsError that lists every bad
 * prop with its value, not just the first.
 */
export function resolveAuditorProps(props: FastlyComplianceAuditorProps): ResolvedAuditorProps {
  const check = new PropsCheck();
  const schedule = props.schedule ?? DEFAULT_SCHEDULE;
  const cron = checkCron(check, schedule);
  const reservedConcurrency = props.reservedConcurrency ?? 1;
  const resolved: ResolvedAuditorProps = {
    policy: checkPolicy(check, props.policy),
    schedule,
    timeZone: check.check('timeZone', props.timeZone ?? DEFAULT_TIME_ZONE, ianaTimeZone),
    notificationEmails: checkEmails(check, props.notificationEmails ?? []),
    emailMinSeverity: props.emailMinSeverity === undefined ? undefined : check.check('emailMinSeverity', props.emailMinSeverity, oneOf(SEVERITIES)),
    slack: checkSlack(check, props.slack),
    remediation: check.check('remediation', props.remediation ?? 'plan', oneOf(['plan', 'apply'])),
    notify: check.check('notify', props.notify ?? 'always', oneOf(['always', 'change'])),
    tokenSecretName:
      props.tokenSecretName === undefined
        ? undefined
        : check.check('tokenSecretName', props.tokenSecretName, stringMatching(SECRET_NAME, 'a Secrets Manager secret name (1 to 512 of A-Z a-z 0-9 / _ + = . @ -)')),
    reservedConcurrency: reservedConcurrency === false ? undefined : check.check('reservedConcurrency', reservedConcurrency, wholeNumberIn(1, 1000)),
    reportRetentionDays: check.check('reportRetentionDays', props.reportRetentionDays ?? 400, wholeNumberIn(1, 36_500)),
    noncurrentVersionRetentionDays: check.check('noncurrentVersionRetentionDays', props.noncurrentVersionRetentionDays ?? 30, wholeNumberIn(1, 36_500)),
    fastlyApiUrl: props.fastlyApiUrl === undefined ? undefined : check.check('fastlyApiUrl', props.fastlyApiUrl, httpsUrl),
    memorySize: check.check('memorySize', props.memorySize ?? 512, wholeNumberIn(128, 10_240)),
    timeout: check.check('timeout', props.timeout ?? Duration.minutes(5), durationIn(Duration.seconds(1), Duration.minutes(15), 'seconds')),
    logRetention: check.check('logRetention', props.logRetention ?? RetentionDays.THREE_MONTHS, (value) =>
      Object.values(RetentionDays).includes(value as RetentionDays) ? undefined : `must be a RetentionDays value, got ${show(value)}`,
    ),
    alarms: {
      errors: checkCountAlarm(check, 'alarms.errors', props.alarms?.errors),
      missedRunWindowDays: checkMissedRunWindow(check, schedule, cron, props.alarms?.missedRun),
      failures: checkCountAlarm(check, 'alarms.failures', props.alarms?.failures),
    },
    network: checkNetwork(check, props.vpc, props.vpcSubnets),
  };
  check.throwIfAny();
  return resolved;
}
