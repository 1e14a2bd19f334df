/**
 * The props as the parts use them: defaults applied and every value checked up front. A bad value
 * becomes a problem naming the prop and the value, and all of them are reported together at synth
 * rather than one by one at deploy.
 */
import { Duration } from 'aws-cdk-lib';
import { SubnetType, type IVpc, type SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { SECRET_NAME, SECRET_NAME_RULE } from '../lambda/aws/secret-name.js';
import { FASTLY_CLIENT_DEFAULTS } from '../lambda/fastly/client.js';
import type { Policy } from '../lambda/policy/schema.js';
import { NOTIFY_MODES, REMEDIATION_MODES, type NotifyMode, type RemediationMode } from '../lambda/modes.js';
import { SEVERITIES, type Severity } from '../lambda/report/model.js';
import { AUDIT_FASTLY_CALLS, fastlyWorstCaseMs, minimumRunMs, type RunSteps } from '../lambda/run/budget.js';
import { minimumWatchRunMs } from '../lambda/run/watch-budget.js';
import { COUNT_ALARM_DEFAULTS, type CountAlarmSettings } from './alarm-factory.js';
import type { FastlyComplianceAuditorProps, MissedRunAlarmSettings } from './auditor-props.js';
import { longestGapInDays, parseCronExpression, type CronFields } from './cron.js';
import { checkFleet, type ResolvedFleet } from './fleet-settings.js';
import { checkPolicyAt, durationIn, httpsUrl, ianaTimeZone, isBoolean, oneOf, PropsCheck, show, stringMatching, wholeNumberIn, type Rule } from './props-check.js';

export const DEFAULT_SCHEDULE = 'cron(0 3 * * ? *)';
export const DEFAULT_TIME_ZONE = 'UTC';

type ResolvedCountAlarm = Required<CountAlarmSettings>;

/** The missed-run alarm's window: the longest gap between runs plus the grace, in hours. */
export interface ResolvedMissedRunAlarm {
  gapDays: number;
  graceHours: number;
  windowHours: number;
}

/** Props with defaults applied, every value checked. */
export interface ResolvedAuditorProps {
  policy: Policy;
  schedule: string;
  timeZone: string;
  /** The watch's schedule expression; undefined: no watch. */
  watchSchedule: string | undefined;
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
  alarms: {
    errors: ResolvedCountAlarm;
    missedRun: ResolvedMissedRunAlarm | undefined;
    failures: ResolvedCountAlarm;
    /** A fleet's: failed, timed-out or aborted executions, and accounts in ERROR. */
    fleetExecutions: ResolvedCountAlarm;
    accountsInError: ResolvedCountAlarm;
  };
  /** Where the function runs, when in a VPC. */
  network: { vpc: IVpc; subnets: SubnetSelection } | undefined;
  dashboard: boolean;
  /** Each account's run writes its metrics by CustomerId (ACCOUNT_METRICS). */
  accountMetrics: boolean;
  /** The accounts of a fleet, every one resolved; undefined for a single account. */
  fleet: ResolvedFleet | undefined;
  /** Import each run's findings into Security Hub. */
  securityHub: boolean;
}

const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[A-Za-z]{2,}$/;
const SLACK_WORKSPACE_ID = stringMatching(/^[0-9A-Z]{1,255}$/, "a Slack workspace id (capital letters and digits, e.g. 'T0123ABCD')");
const SLACK_CHANNEL_ID = stringMatching(/^[A-Za-z0-9]{1,255}$/, "a Slack channel id (letters and digits, e.g. 'C0123ABCD')");
const CHATBOT_CONFIGURATION_NAME = stringMatching(/^[A-Za-z0-9_-]{1,128}$/, "1 to 128 letters, digits, '-' or '_'");
/** CloudWatch evaluates an alarm over at most 7 days (period x evaluation periods). */
const MAX_ALARM_WINDOW_HOURS = 7 * 24;
/** The longest gap between runs that still leaves a day of grace inside those 7 days. */
const MAX_GAP_DAYS = 6;
export const DEFAULT_MISSED_RUN_GRACE_HOURS = 3;

/**
 * The function's timeout must hold a run against the slowest Fastly API the client tolerates
 * (every read's attempts timing out, its retries waiting their whole budget, the write) plus the
 * AWS steps, and a fleet account's outcome: lambda/run/budget.ts. A shorter one would cut audits
 * short that could have finished.
 */
function functionTimeout(steps: RunSteps, watch: boolean): Rule {
  // A watch pass of one account needs less than an audit: its minimum only matters if that changes.
  const minimumMs = Math.max(minimumRunMs(steps), watch ? minimumWatchRunMs() : 0);
  return (value) => {
    const problem = durationIn(Duration.seconds(Math.ceil(minimumMs / 1000)), Duration.minutes(15), 'seconds')(value);
    if (problem === undefined) return undefined;
    const { reads, writes } = AUDIT_FASTLY_CALLS;
    const { timeoutMs, retry } = FASTLY_CLIENT_DEFAULTS;
    return (
      `${problem}: a run must fit its worst case, ${Math.round(fastlyWorstCaseMs() / 1000)} s of Fastly calls ` +
      `(${reads} reads of ${retry.limit + 1} attempts x ${timeoutMs / 1000} s plus ${retry.maxTotalWaitMs / 1000} s of retry waits, ${writes} write of ${timeoutMs / 1000} s) ` +
      `and ${Math.round((minimumMs - fastlyWorstCaseMs()) / 1000)} s for the token, the previous report, ${steps.securityHub ? 'the Security Hub import, ' : ''}the archive and the notification${steps.fleet ? ", and the account's outcome" : ''}`
    );
  };
}

/** 6 minutes, or the whole minutes a run needs when that is more (a fleet with Security Hub: 7). */
export function defaultTimeout(steps: RunSteps): Duration {
  return Duration.minutes(Math.max(6, Math.ceil(minimumRunMs(steps) / 60_000)));
}

/** `rate(5 minutes)`: Scheduler's rate expression in minutes, hours or days. */
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;

/**
 * The watch's schedule: a rate of at least a minute (the unit agreeing with the number, as
 * Scheduler requires), or a cron expression; undefined when not set.
 */
function checkWatchSchedule(check: PropsCheck, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    check.problem('watchSchedule', value, `must be a rate(...) or cron(...) expression, got ${show(value)}`);
    return undefined;
  }
  const rate = RATE.exec(value.trim());
  if (rate) {
    const amount = Number(rate[1]);
    const singular = !(rate[2] as string).endsWith('s');
    if (amount < 1 || singular !== (amount === 1)) check.problem('watchSchedule', value, `${show(value)} must be a positive whole number with its unit (rate(1 minute), rate(5 minutes))`);
    return value.trim();
  }
  if (value.trim().startsWith('cron(')) {
    try {
      parseCronExpression(value.trim());
    } catch (error) {
      check.problem('watchSchedule', value, `is invalid: ${(error as Error).message}`);
    }
    return value.trim();
  }
  check.problem('watchSchedule', value, `must be a rate expression such as 'rate(5 minutes)' or a cron(...) expression, got ${show(value)}`);
  return undefined;
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
    if (typeof email !== 'string' || !EMAIL.test(email)) {
      check.problem(prop, email, `is not an email address: ${show(email)}`);
      return;
    }
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

/** The gap between runs the alarm allows for: given, or derived from the schedule (undefined when neither works). */
function missedRunGapDays(check: PropsCheck, schedule: string, cron: CronFields | undefined, windowDays: number | undefined): number | undefined {
  if (windowDays !== undefined) return check.check('alarms.missedRun.windowDays', windowDays, wholeNumberIn(1, MAX_GAP_DAYS));
  // An invalid schedule is already reported: its window is moot.
  if (cron === undefined) return undefined;
  const gap = longestGapInDays(cron);
  if (gap === undefined) {
    check.problem(
      'schedule',
      schedule,
      `${show(schedule)} runs on calendar-dependent days, so the missed-run alarm cannot derive its window: set alarms.missedRun.windowDays (the longest gap between runs, 1 to ${MAX_GAP_DAYS} days), or alarms.missedRun.enabled to false`,
    );
    return undefined;
  }
  if (gap > MAX_GAP_DAYS) {
    check.problem(
      'schedule',
      schedule,
      `${show(schedule)} leaves ${gap} days between runs, and the missed-run alarm needs that plus its grace within the ${MAX_ALARM_WINDOW_HOURS} hours CloudWatch looks back: run at least every ${MAX_GAP_DAYS} days (e.g. twice a week), or set alarms.missedRun.enabled to false`,
    );
    return undefined;
  }
  return gap;
}

function checkMissedRunAlarm(
  check: PropsCheck,
  schedule: string,
  cron: CronFields | undefined,
  settings: MissedRunAlarmSettings | undefined,
): ResolvedMissedRunAlarm | undefined {
  if (!check.check('alarms.missedRun.enabled', settings?.enabled ?? true, isBoolean)) return undefined;
  const graceHours = check.check('alarms.missedRun.graceHours', settings?.graceHours ?? DEFAULT_MISSED_RUN_GRACE_HOURS, wholeNumberIn(1, 24));
  const gapDays = missedRunGapDays(check, schedule, cron, settings?.windowDays);
  if (gapDays === undefined) return undefined;
  return { gapDays, graceHours, windowHours: gapDays * 24 + graceHours };
}

/**
 * One run at a time for a single account; for a fleet, as many as the Map runs at once (fewer
 * would have Lambda throttle the Map's invocations).
 */
function checkReservedConcurrency(check: PropsCheck, value: number | false | undefined, fleet: ResolvedFleet | undefined): number | undefined {
  if (value === false) return undefined;
  const reserved = check.check('reservedConcurrency', value ?? fleet?.concurrency ?? 1, wholeNumberIn(1, 1000));
  if (fleet && typeof reserved === 'number' && reserved < fleet.concurrency) {
    check.problem('reservedConcurrency', reserved, `must be at least fleet.concurrency (${fleet.concurrency}), or false: with ${show(reserved)} Lambda would throttle the fleet's audits`);
  }
  return reserved;
}

/**
 * Applies the defaults and checks every prop. Throws one AuditorPropsError that lists every bad
 * prop with its value, not just the first.
 */
export function resolveAuditorProps(props: FastlyComplianceAuditorProps): ResolvedAuditorProps {
  const check = new PropsCheck();
  const schedule = props.schedule ?? DEFAULT_SCHEDULE;
  const cron = checkCron(check, schedule);
  const policy = checkPolicyAt(check, 'policy', props.policy);
  const remediation = check.check('remediation', props.remediation ?? 'plan', oneOf(REMEDIATION_MODES));
  const notify = check.check('notify', props.notify ?? 'always', oneOf(NOTIFY_MODES));
  const fleet = props.fleet === undefined ? undefined : checkFleet(check, props.fleet, { policy, remediation, notify });
  if (fleet && props.tokenSecretName !== undefined) {
    check.problem('tokenSecretName', props.tokenSecretName, "is one account's secret: a fleet's accounts name their own (fleet.accounts[].tokenSecretName); leave it out");
  }
  const securityHub = check.check('securityHub', props.securityHub ?? false, isBoolean) === true;
  const resolved: ResolvedAuditorProps = {
    policy,
    schedule,
    watchSchedule: checkWatchSchedule(check, props.watchSchedule),
    timeZone: check.check('timeZone', props.timeZone ?? DEFAULT_TIME_ZONE, ianaTimeZone),
    notificationEmails: checkEmails(check, props.notificationEmails ?? []),
    emailMinSeverity: props.emailMinSeverity === undefined ? undefined : check.check('emailMinSeverity', props.emailMinSeverity, oneOf(SEVERITIES)),
    slack: checkSlack(check, props.slack),
    remediation,
    notify,
    tokenSecretName:
      props.tokenSecretName === undefined
        ? undefined
        : check.check('tokenSecretName', props.tokenSecretName, stringMatching(SECRET_NAME, SECRET_NAME_RULE)),
    reservedConcurrency: checkReservedConcurrency(check, props.reservedConcurrency, fleet),
    reportRetentionDays: check.check('reportRetentionDays', props.reportRetentionDays ?? 400, wholeNumberIn(1, 36_500)),
    noncurrentVersionRetentionDays: check.check('noncurrentVersionRetentionDays', props.noncurrentVersionRetentionDays ?? 30, wholeNumberIn(1, 36_500)),
    fastlyApiUrl: props.fastlyApiUrl === undefined ? undefined : check.check('fastlyApiUrl', props.fastlyApiUrl, httpsUrl),
    memorySize: check.check('memorySize', props.memorySize ?? 512, wholeNumberIn(128, 10_240)),
    timeout: check.check('timeout', props.timeout ?? defaultTimeout({ securityHub, fleet: fleet !== undefined }), functionTimeout({ securityHub, fleet: fleet !== undefined }, props.watchSchedule !== undefined)),
    logRetention: check.check('logRetention', props.logRetention ?? RetentionDays.THREE_MONTHS, (value) =>
      Object.values(RetentionDays).includes(value as RetentionDays) ? undefined : `must be a RetentionDays value, got ${show(value)}`,
    ),
    alarms: {
      errors: checkCountAlarm(check, 'alarms.errors', props.alarms?.errors),
      missedRun: checkMissedRunAlarm(check, schedule, cron, props.alarms?.missedRun),
      failures: checkCountAlarm(check, 'alarms.failures', props.alarms?.failures),
      fleetExecutions: checkCountAlarm(check, 'alarms.fleetExecutions', props.alarms?.fleetExecutions),
      accountsInError: checkCountAlarm(check, 'alarms.accountsInError', props.alarms?.accountsInError),
    },
    network: checkNetwork(check, props.vpc, props.vpcSubnets),
    dashboard: check.check('dashboard', props.dashboard ?? true, isBoolean),
    // A fleet's would be 8 custom metrics per account: on only when asked for.
    accountMetrics: check.check('accountMetrics', props.accountMetrics ?? fleet === undefined, isBoolean),
    fleet,
    securityHub,
  };
  check.throwIfAny();
  return resolved;
}
