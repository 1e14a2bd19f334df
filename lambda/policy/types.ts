/**
 * The rule contract: what a rule definition carries (Prowler-style metadata, settings, and its
 * automatic fix when it has one) and what evaluating one returns. Rules are pure functions of
 * their input. Rule ids (a public contract) come from the catalog's ordered list.
 */
import type { AttributionSpec } from '../attribution/spec.js';
import type { Invitation } from '../fastly/access-schemas.js';
import type { Customer, User, WritableCustomerField } from '../fastly/schemas.js';
import type { GuardrailResult } from '../remediation/types.js';
import type { FindingRemediation, Reference, Severity, Subject } from '../report/model.js';
import type { BlockOf, FixableSettings, SettingSpecs, SettingsOf } from './setting.js';
import type { AccountToken } from './token-facts.js';

/**
 * The data a rule needs: when one is missing the rule reports ERROR, never PASS. The audit reads
 * tokens and invitations only when an enabled rule needs them.
 */
export type RuleNeed = 'customer' | 'users' | 'tokens' | 'invitations';

/** Settings one rule reads from another's block (invitation.stale: user.email-domain's domains). */
export interface PeerSettings {
  allowedDomains: readonly string[];
}

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
  /** User and automation tokens, each once (empty unless the rule needs tokens). */
  tokens: readonly AccountToken[];
  /** Empty unless the rule needs invitations. */
  invitations: readonly Invitation[];
  settings: S;
  peers: PeerSettings;
  now: Date;
}

/** What the planner knows when it weighs a rule's fix. */
export interface FixInput<S> {
  customer: Customer;
  users: User[];
  settings: S;
}

/** A rule's automatic fix: which writable customer field gets which value, and what guards it. */
export interface Fix<S extends FixableSettings> {
  field: WritableCustomerField;
  target(input: FixInput<S>): string | boolean | null;
  /** Says no, with a reason a person can act on, when the write could do harm. */
  guardrail(input: FixInput<S>): GuardrailResult;
  /** Facts a person should see even when the change is allowed. */
  details?(input: FixInput<S>): Record<string, unknown> | undefined;
}

/** A problem of a policy block that no single key shows (e.g. keys required together). */
export interface BlockProblem<Key extends string = string> {
  key: Key;
  /** The item of a list key the problem is about (auditorEgress[1]). */
  index?: number;
  message: string;
}

export interface RuleDefinition<Id extends string = string, Specs extends SettingSpecs = SettingSpecs> {
  readonly id: Id;
  /** The compliant state, e.g. "Two-factor authentication is forced for the account". */
  readonly title: string;
  /** Default severity; the policy may override it. */
  readonly severity: Severity;
  /** Why it matters, in one sentence. */
  readonly risk: string;
  /** Shared, frozen, by every finding of the rule: never copied per finding. */
  readonly remediation: Readonly<FindingRemediation>;
  readonly references: readonly Readonly<Reference>[];
  readonly needs: readonly RuleNeed[];
  /** The audit-log events that can explain a FAIL of the rule (who changed it), when any can. */
  readonly attribution?: AttributionSpec;
  /** Every key of the rule's policy block, in the block's order. */
  readonly settings: Specs;
  /** The settings the rule runs with when its policy block is absent. */
  readonly defaults: Readonly<SettingsOf<Specs>>;
  /** Problems of a block beyond its keys' own checks. */
  validate?(block: BlockOf<Specs>): BlockProblem<keyof Specs & string>[];
  /**
   * The outcomes, read once, in order. Per-user rules produce them lazily: on an account of
   * 100,000 users, holding every outcome (PASS ones included) until the rule ends doubled the
   * evaluation's memory and GC time.
   */
  // Method syntax on purpose: the catalog holds rules of different settings types side by side.
  evaluate(input: RuleInput<SettingsOf<Specs>>): Iterable<RuleOutcome>;
  readonly fix?: Fix<SettingsOf<Specs> & FixableSettings>;
}
