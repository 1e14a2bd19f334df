/**
 * Reads the CDK context (cdk.json defaults, overridden by `-c key=value`) into the stack's
 * settings. Values from the command line arrive as strings, so lists, numbers and switches are
 * accepted in both shapes. The construct validates the values themselves.
 */
import { resolve } from 'node:path';
import { loadAccountsFile } from '../lambda/fleet/accounts-load.js';
import type { NotifyMode, RemediationMode } from '../lambda/modes.js';
import { loadPolicyFile } from '../lambda/policy/load.js';
import type { Policy } from '../lambda/policy/schema.js';
import type { Severity } from '../lambda/report/model.js';
import type { FastlyComplianceAuditorProps } from './auditor-props.js';

export const DEFAULT_STACK_NAME = 'FastlyComplianceAuditor';
export const DEFAULT_POLICY_FILE = 'policy.json';

export interface AuditorAppSettings {
  stackName: string;
  /** Absolute path of the policy file that was loaded. */
  policyFile: string;
  /** Absolute path of the accounts file, for a fleet. */
  accountsFile?: string;
  auditor: FastlyComplianceAuditorProps;
}

/** Thrown for a context value that has the wrong shape; the message names the context key. */
export class ContextError extends Error {
  override readonly name = 'ContextError';
  constructor(key: string, message: string) {
    super(`context ${key} ${message}`);
  }
}

type ContextReader = (key: string) => unknown;

/** Not given: absent from cdk.json, null, or `-c key=` with nothing after it. */
function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Switched off: false in cdk.json, "false" or "off" from the command line. */
function isOff(value: unknown): boolean {
  return value === false || value === 'false' || value === 'off';
}

/** A number from cdk.json, or its digits from `-c key=12`; undefined for anything else. The construct checks the range. */
function integerOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

function optionalString(context: ContextReader, key: string): string | undefined {
  const value = context(key);
  if (isUnset(value)) return undefined;
  if (typeof value !== 'string') throw new ContextError(key, `must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** An array from cdk.json, or `a@x,b@y` from the command line. */
function emailList(context: ContextReader, key: string): string[] {
  const value = context(key);
  if (isUnset(value)) return [];
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'string')) {
    throw new ContextError(key, `must be a list of email addresses or a comma-separated string, got ${JSON.stringify(value)}`);
  }
  return (items as string[]).map((item) => item.trim()).filter((item) => item !== '');
}

/** A number, or false / "false" / "off" for none. */
function concurrency(context: ContextReader, key: string): number | false | undefined {
  const value = context(key);
  if (isUnset(value)) return undefined;
  if (isOff(value)) return false;
  const number = integerOf(value);
  if (number === undefined) throw new ContextError(key, `must be a number, or false / "off" for no reserved concurrency, got ${JSON.stringify(value)}`);
  return number;
}

/** A schedule expression, or false (cdk.json's default) / "false" / "off" for none. */
function optionalSchedule(context: ContextReader, key: string): string | undefined {
  return isOff(context(key)) ? undefined : optionalString(context, key);
}

/** true / false, or "true" / "false" / "on" / "off" from the command line. */
function flag(context: ContextReader, key: string): boolean | undefined {
  const value = context(key);
  if (isUnset(value)) return undefined;
  if (value === true || value === 'true' || value === 'on') return true;
  if (isOff(value)) return false;
  throw new ContextError(key, `must be true or false, got ${JSON.stringify(value)}`);
}

function slackChannel(context: ContextReader): FastlyComplianceAuditorProps['slack'] {
  const workspaceId = optionalString(context, 'slackWorkspaceId');
  const channelId = optionalString(context, 'slackChannelId');
  if (workspaceId === undefined && channelId === undefined) return undefined;
  if (workspaceId === undefined || channelId === undefined) {
    const missing = workspaceId === undefined ? 'slackWorkspaceId' : 'slackChannelId';
    const given = workspaceId === undefined ? 'slackChannelId' : 'slackWorkspaceId';
    throw new ContextError(missing, `is missing: ${given} is set, and a Slack channel needs both (or neither)`);
  }
  return { workspaceId, channelId };
}

/** A whole number, from cdk.json or `-c key=12`; the construct checks its range. */
function wholeNumber(context: ContextReader, key: string): number | undefined {
  const value = context(key);
  if (isUnset(value)) return undefined;
  const number = integerOf(value);
  if (number === undefined) throw new ContextError(key, `must be a whole number, got ${JSON.stringify(value)}`);
  return number;
}

/**
 * A fleet, when cdk.json names an accounts file: every account resolved (its policy, else the
 * file's default, else the stack's `policyFile`; its remediation and notify, else the file's
 * defaults, else the stack's). A bad file or policy throws AccountsValidationError naming each problem.
 */
function fleetSettings(
  context: ContextReader,
  baseDir: string,
  stack: { policy: Policy; policyFile: string; remediation: string | undefined; notify: string | undefined },
): { accountsFile: string; fleet: NonNullable<FastlyComplianceAuditorProps['fleet']> } | undefined {
  const file = optionalString(context, 'accountsFile');
  const concurrency = wholeNumber(context, 'fleetConcurrency');
  if (file === undefined) {
    if (concurrency !== undefined) throw new ContextError('fleetConcurrency', 'is set without accountsFile: set accountsFile too, or drop fleetConcurrency');
    return undefined;
  }
  const accountsFile = resolve(baseDir, file);
  const accounts = loadAccountsFile(accountsFile, {
    policy: { policy: stack.policy, origin: stack.policyFile },
    // The construct checks these (and each account's) against their allowed values.
    remediation: (stack.remediation ?? 'plan') as RemediationMode,
    notify: (stack.notify ?? 'always') as NotifyMode,
  });
  return { accountsFile, fleet: { accounts, ...(concurrency !== undefined ? { concurrency } : {}) } };
}

/** CloudFormation's rule for stack names: a letter, then letters, digits and hyphens, 128 at most. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

function stackName(context: ContextReader): string {
  const name = optionalString(context, 'stackName') ?? DEFAULT_STACK_NAME;
  if (!STACK_NAME.test(name)) {
    throw new ContextError('stackName', `must start with a letter and hold only letters, digits and hyphens (at most 128), got ${JSON.stringify(name)}`);
  }
  return name;
}

/**
 * The stack name, the loaded policy and the construct props. A bad policy file throws its
 * PolicyValidationError, whose message starts with the file and lists each problem's path.
 */
export function auditorAppSettings(context: ContextReader, baseDir: string): AuditorAppSettings {
  const policyFile = resolve(baseDir, optionalString(context, 'policyFile') ?? DEFAULT_POLICY_FILE);
  const remediation = optionalString(context, 'remediation');
  const notify = optionalString(context, 'notify');
  const emailMinSeverity = optionalString(context, 'emailMinSeverity');
  const policy = loadPolicyFile(policyFile);
  const fleet = fleetSettings(context, baseDir, { policy, policyFile, remediation, notify });
  const auditor: FastlyComplianceAuditorProps = {
    policy,
    schedule: optionalString(context, 'schedule'),
    watchSchedule: optionalSchedule(context, 'watchSchedule'),
    timeZone: optionalString(context, 'timeZone'),
    notificationEmails: emailList(context, 'notificationEmails'),
    // The construct checks these three against their allowed values and names the prop.
    emailMinSeverity: emailMinSeverity as Severity | undefined,
    remediation: remediation as RemediationMode | undefined,
    notify: notify as NotifyMode | undefined,
    slack: slackChannel(context),
    tokenSecretName: optionalString(context, 'tokenSecretName'),
    reservedConcurrency: concurrency(context, 'reservedConcurrency'),
    dashboard: flag(context, 'dashboard'),
    accountMetrics: flag(context, 'accountMetrics'),
    securityHub: flag(context, 'securityHub'),
    ...(fleet ? { fleet: fleet.fleet } : {}),
  };
  return { stackName: stackName(context), policyFile, ...(fleet ? { accountsFile: fleet.accountsFile } : {}), auditor };
}
