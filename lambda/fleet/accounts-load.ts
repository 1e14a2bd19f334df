/**
 * Reads an accounts file and every policy it names (the CLI's `fleet` and `validate`, and the
 * CDK app at synth), and resolves each account: its policy (the account's `policyFile`, else
 * `defaults.policyFile`, else the fallback: the stack's policy, or the CLI's), its remediation
 * and its notify mode. Policy paths are relative to the accounts file. Every problem of the file
 * and of each policy is reported at once, each policy's under the key that named it.
 */
import { dirname, resolve } from 'node:path';
import { readJsonFile } from '../json-file.js';
import type { AccountNotifyMode, RemediationMode } from '../modes.js';
import type { PolicyIssue } from '../policy/issues.js';
import { parsePolicy, type Policy } from '../policy/schema.js';
import { formatPath } from '../policy/issues.js';
import { AccountsValidationError, parseAccountsFile, type AccountEntry, type AccountsFile } from './accounts-schema.js';

/** One account of the fleet, everything resolved. */
export interface FleetAccount {
  name: string;
  tokenSecretName: string;
  policy: Policy;
  /** Where the policy came from: the file as the accounts file names it, or the fallback's origin. */
  policyOrigin: string;
  remediation: RemediationMode;
  notify: AccountNotifyMode;
}

/** What an account gets when neither it nor `defaults` says. */
export interface AccountFallbacks {
  policy: { policy: Policy; origin: string };
  remediation: RemediationMode;
  notify: AccountNotifyMode;
}

interface PolicyChoice {
  /** The path as written, or undefined for the fallback. */
  file?: string;
  /** Where it was named, for messages: ['accounts', 1, 'policyFile'] or ['defaults', 'policyFile']. */
  namedAt: PropertyKey[];
}

function policyChoice(file: AccountsFile, index: number, account: AccountEntry): PolicyChoice {
  if (account.policyFile !== undefined) return { file: account.policyFile, namedAt: ['accounts', index, 'policyFile'] };
  if (file.defaults?.policyFile !== undefined) return { file: file.defaults.policyFile, namedAt: ['defaults', 'policyFile'] };
  return { namedAt: [] };
}

/** Throws AccountsValidationError naming `path` for an unreadable or invalid file or policy. */
export function loadAccountsFile(path: string, fallbacks: AccountFallbacks): FleetAccount[] {
  const read = readJsonFile(path, 'the accounts file');
  if (!read.ok) throw new AccountsValidationError(read.issues, path);
  const parsed = parseAccountsFile(read.data);
  if (!parsed.ok) throw new AccountsValidationError(parsed.issues, path);
  const file = parsed.file;
  const base = dirname(path);

  // Each policy file is read once, however many accounts use it; its problems are reported once.
  const policies = new Map<string, Policy | undefined>();
  const issues: PolicyIssue[] = [];
  const policyAt = (choice: PolicyChoice): Policy | undefined => {
    if (choice.file === undefined) return fallbacks.policy.policy;
    const absolute = resolve(base, choice.file);
    if (!policies.has(absolute)) {
      const loaded = loadPolicy(absolute);
      policies.set(absolute, loaded.policy);
      const where = formatPath(choice.namedAt);
      for (const issue of loaded.issues) issues.push({ path: where, message: [choice.file, issue.path, issue.message].filter(Boolean).join(': ') });
    }
    return policies.get(absolute);
  };

  const accounts = file.accounts.map((account, index): FleetAccount | undefined => {
    const choice = policyChoice(file, index, account);
    const policy = policyAt(choice);
    if (policy === undefined) return undefined;
    return {
      name: account.name,
      tokenSecretName: account.tokenSecretName,
      policy,
      policyOrigin: choice.file ?? fallbacks.policy.origin,
      remediation: account.remediation ?? file.defaults?.remediation ?? fallbacks.remediation,
      notify: account.notify ?? file.defaults?.notify ?? fallbacks.notify,
    };
  });
  if (issues.length > 0) throw new AccountsValidationError(issues, path);
  return accounts.filter((account): account is FleetAccount => account !== undefined);
}

function loadPolicy(path: string): { policy?: Policy; issues: PolicyIssue[] } {
  const read = readJsonFile(path, 'the policy file');
  if (!read.ok) return { issues: read.issues };
  const parsed = parsePolicy(read.data);
  return parsed.ok ? { policy: parsed.policy, issues: [] } : { issues: parsed.issues };
}

/** Whether parsed JSON looks like an accounts file rather than a policy (for `validate`). */
export function looksLikeAccountsFile(data: unknown): boolean {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && 'accounts' in data;
}
