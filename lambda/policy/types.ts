/**
 * The rule contract: ids (a public contract used by reports, exceptions and alerts), what a rule
 * definition carries, and what evaluating one returns. Rules are pure functions of their input.
 */
import type { Customer, User } from '../fastly/schemas.js';
import type { Severity, Subject } from '../report/model.js';

/** Every rule id, in catalog (report) order. */
export const RULE_IDS = [
  'account.force-2fa',
  'account.force-sso',
  'account.ip-allowlist',
  'account.pci',
  'account.pci-passwords',
  'account.owner-2fa',
  'account.security-contact',
  'user.2fa-enabled',
  'user.superuser-count',
  'user.email-domain',
  'user.inactive',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

/** The data a rule needs: when one is missing the rule reports ERROR, never PASS. */
export type RuleNeed = 'customer' | 'users';

export interface RuleOutcome {
  status: 'PASS' | 'FAIL' | 'NOT_APPLICABLE';
  subject: Subject;
  message: string;
  evidence: Record<string, unknown>;
  /** Per-subject severity (e.g. critical for superusers); a policy override still wins. */
  severity?: Severity;
}

export interface RuleInput<S> {
  customer: Customer;
  users: User[];
  settings: S;
  now: Date;
}

export interface RuleDefinition<S> {
  id: RuleId;
  /** The compliant state, e.g. "Two-factor authentication is forced for the account". */
  title: string;
  /** Default severity; the policy may override it. */
  severity: Severity;
  /** Why it matters, in one sentence. */
  risk: string;
  remediation: { guidance: string; automatic: boolean };
  references: { title: string; url: string }[];
  /** Framework tags, e.g. 'PCI DSS 4.0 req 8.4.2', 'SOC 2 CC6.1'. */
  frameworks: string[];
  needs: RuleNeed[];
  /**
   * The outcomes, read once, in order. Per-user rules produce them lazily: on an account of
   * 100,000 users, holding every outcome (PASS ones included) until the rule ends doubled the
   * evaluation's memory and GC time.
   */
  // Method syntax on purpose: the catalog holds rules of different settings types side by side.
  evaluate(input: RuleInput<S>): Iterable<RuleOutcome>;
}
