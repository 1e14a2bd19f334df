/**
 * What the watch judges: the account rules that need nothing but GET /current_customer (the
 * owner's 2FA and the security contact need the user list, which the watch does not read), each
 * with the customer field it reads. Evaluating them is the audit's own evaluation, limited to
 * these rules: the watch and the nightly audit never judge the same setting differently.
 */
import type { Customer } from '../fastly/schemas.js';
import type { RuleId } from '../policy/catalog.js';
import { evaluatePolicy } from '../policy/evaluate.js';
import type { Policy } from '../policy/schema.js';
import type { Finding, FindingStatus } from '../report/model.js';

/** Each watched rule and the one customer field it judges. */
export const WATCHED_FIELDS = {
  'account.force-2fa': 'force_2fa',
  'account.force-sso': 'force_sso',
  'account.ip-allowlist': 'ip_whitelist',
  'account.pci': 'has_pci',
  'account.pci-passwords': 'has_pci_passwords',
} as const satisfies Partial<Record<RuleId, keyof Customer>>;

export type WatchedRuleId = keyof typeof WATCHED_FIELDS;
export const WATCHED_RULE_IDS = Object.keys(WATCHED_FIELDS) as WatchedRuleId[];

/** A watched rule as one pass saw it: its status and the value of its field. */
export interface WatchedRule {
  status: FindingStatus;
  /** The field's value as read (null when absent): the alert says what it changed from and to. */
  value: string | boolean | null;
}

export interface WatchEvaluation {
  rules: Record<WatchedRuleId, WatchedRule>;
  /** The non-PASS findings of the watched rules (a REGRESSION's FAIL finding is among them). */
  findings: Finding[];
}

function fieldValue(customer: Customer, ruleId: WatchedRuleId): string | boolean | null {
  const value = customer[WATCHED_FIELDS[ruleId]];
  return typeof value === 'string' || typeof value === 'boolean' ? value : null;
}

/** Pure: the watched rules' statuses for this customer under this policy. */
export function evaluateWatchedRules(customer: Customer, policy: Policy, now: Date): WatchEvaluation {
  const evaluation = evaluatePolicy({ customer, policy, now, only: WATCHED_RULE_IDS });
  const rules = Object.fromEntries(
    evaluation.rules.map((row) => [row.ruleId, { status: row.status, value: fieldValue(customer, row.ruleId as WatchedRuleId) }]),
  ) as Record<WatchedRuleId, WatchedRule>;
  return { rules, findings: evaluation.findings };
}
