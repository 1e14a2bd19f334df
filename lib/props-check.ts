/**
 * Checking construct props the way Solutions Constructs' CheckSnsProps does: every rule runs and
 * every problem is collected, then one error lists them all, so that a deployment with three
 * mistakes needs one synth to learn of them, not three.
 */
import { Duration } from 'aws-cdk-lib';
import { parsePolicy, PolicyValidationError, type Policy } from '../lambda/policy/schema.js';

/** One bad prop: its path (e.g. 'slack.channelId'), the value it was given, and what is wrong. */
export interface PropProblem {
  readonly prop: string;
  readonly value: unknown;
  /** Reads after the prop's name and names the value, e.g. "must use https, got 'http://x'". */
  readonly message: string;
}

/** Thrown for props the construct cannot deploy; the message lists each problem with its prop and value. */
export class AuditorPropsError extends Error {
  override readonly name = 'AuditorPropsError';
  constructor(readonly problems: readonly PropProblem[]) {
    super(describeProblems(problems));
  }
}

function describeProblems(problems: readonly PropProblem[]): string {
  const lines = problems.map(({ prop, message }) => `${prop} ${message}`);
  if (lines.length === 1) return `FastlyComplianceAuditor: ${lines[0]}`;
  // A policy problem spans several lines: keep them under its bullet.
  const bullets = lines.map((line) => `  - ${line.replace(/\n/g, '\n    ')}`);
  return `FastlyComplianceAuditor: ${lines.length} problems in the props:\n${bullets.join('\n')}`;
}

/** What is wrong with a value (naming it), or undefined when it is fine. */
export type Rule = (value: unknown) => string | undefined;

/** Collects the problems of one set of props. */
export class PropsCheck {
  private readonly problems: PropProblem[] = [];

  /** Records a problem when `rule` finds one; returns the value either way, so checking goes on. */
  check<T>(prop: string, value: T, rule: Rule): T {
    const message = rule(value);
    if (message !== undefined) this.problem(prop, value, message);
    return value;
  }

  /** Records a problem found outside a rule (one that depends on other props). */
  problem(prop: string, value: unknown, message: string): void {
    this.problems.push({ prop, value, message });
  }

  /** Throws one AuditorPropsError listing every problem recorded; returns when there is none. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw new AuditorPropsError([...this.problems]);
  }
}

/** A value as it reads in a message: strings quoted, Durations as Duration.minutes(5). */
export function show(value: unknown): string {
  if (value instanceof Duration) return value.toString();
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

export function wholeNumberIn(min: number, max: number): Rule {
  return (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? undefined
      : `must be a whole number from ${min} to ${max}, got ${show(value)}`;
}

export const isBoolean: Rule = (value) => (typeof value === 'boolean' ? undefined : `must be true or false, got ${show(value)}`);

export function oneOf(allowed: readonly string[]): Rule {
  return (value) =>
    allowed.includes(value as string) ? undefined : `must be one of ${allowed.map((item) => `'${item}'`).join(', ')}, got ${show(value)}`;
}

/** A string matching `pattern`; `expected` says what that is, e.g. "a Slack channel id (...)". */
export function stringMatching(pattern: RegExp, expected: string): Rule {
  return (value) => (typeof value === 'string' && pattern.test(value) ? undefined : `must be ${expected}, got ${show(value)}`);
}

/** A Duration from min to max, in whole seconds or whole minutes. */
export function durationIn(min: Duration, max: Duration, unit: 'seconds' | 'minutes'): Rule {
  return (value) => {
    const seconds = value instanceof Duration ? value.toSeconds({ integral: false }) : NaN;
    const whole = unit === 'minutes' ? seconds % 60 === 0 : Number.isInteger(seconds);
    return whole && seconds >= min.toSeconds() && seconds <= max.toSeconds()
      ? undefined
      : `must be a Duration of whole ${unit} from ${min.toString()} to ${max.toString()}, got ${show(value)}`;
  };
}

const IANA_ZONE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** A zone name Intl knows; offsets such as '+02:00' are not zones. */
export const ianaTimeZone: Rule = (value) => {
  if (typeof value === 'string' && IANA_ZONE.test(value)) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return undefined;
    } catch {
      // Falls through to the problem below.
    }
  }
  return `must be an IANA time zone such as 'UTC' or 'Europe/Berlin', got ${show(value)}`;
};

/** The policy as parsed (defaults applied); a problem at `prop` listing each of its issues when it is not valid. */
export function checkPolicyAt(check: PropsCheck, prop: string, policy: Policy): Policy {
  const parsed = parsePolicy(policy);
  if (parsed.ok) return parsed.policy;
  check.problem(prop, policy, `is not a valid policy:\n${new PolicyValidationError(parsed.issues).message}`);
  return policy;
}

export const httpsUrl: Rule = (value) => {
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    return `is not a URL: ${show(value)}`;
  }
  return url.protocol === 'https:' ? undefined : `must use https, got ${show(value)}`;
};
