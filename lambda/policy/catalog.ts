/**
 * The rule catalog: every rule of design.md, in report order. This ordered list is the one place
 * that names the rules; ids, settings types, the policy schema's rule blocks and the remediation
 * planner's fixes are all derived from it. Adding a rule: its file under rules/, one line here.
 */
import { emailDomainRule } from './rules/email-domain.js';
import { force2faRule } from './rules/force-2fa.js';
import { forceSsoRule } from './rules/force-sso.js';
import { inactiveUserRule } from './rules/inactive.js';
import { staleInvitationRule } from './rules/invitation-stale.js';
import { ipAllowlistRule } from './rules/ip-allowlist.js';
import { owner2faRule } from './rules/owner-2fa.js';
import { pciPasswordsRule } from './rules/pci-passwords.js';
import { pciRule } from './rules/pci.js';
import { securityContactRule } from './rules/security-contact.js';
import { superuserCountRule } from './rules/superuser-count.js';
import { tokenExpiryRule } from './rules/token-expiry.js';
import { tokenOwnerRule } from './rules/token-owner.js';
import { tokenUnusedRule } from './rules/token-unused.js';
import { userTwoFactorRule } from './rules/user-2fa.js';
import type { FixableSettings, SettingsOf } from './setting.js';
import type { Fix, RuleDefinition } from './types.js';

export type { RuleDefinition, RuleInput, RuleNeed, RuleOutcome } from './types.js';

const CATALOG = [
  force2faRule,
  forceSsoRule,
  ipAllowlistRule,
  pciRule,
  pciPasswordsRule,
  owner2faRule,
  securityContactRule,
  userTwoFactorRule,
  superuserCountRule,
  emailDomainRule,
  inactiveUserRule,
  tokenExpiryRule,
  tokenUnusedRule,
  tokenOwnerRule,
  staleInvitationRule,
] as const;

type CatalogRule = (typeof CATALOG)[number];

/** A rule id: a public contract used by reports, exceptions and alerts. */
export type RuleId = CatalogRule['id'];

/** The keys of each rule's policy block, as declared by the rule. */
export type RuleSettingSpecs = { [Id in RuleId]: Extract<CatalogRule, { id: Id }>['settings'] };

/** The rules with an automatic fix: a fix for any other rule does not compile. */
export type RemediableRuleId = Extract<CatalogRule, { readonly fix: object }>['id'];

type RuleMap = { [Id in RuleId]: RuleDefinition<Id, RuleSettingSpecs[Id]> };

export const RULES: readonly RuleMap[RuleId][] = CATALOG;

/** Every rule id, in catalog (report) order. */
export const RULE_IDS: readonly RuleId[] = CATALOG.map((rule) => rule.id);

const RULES_BY_ID = Object.fromEntries(CATALOG.map((rule) => [rule.id, rule])) as RuleMap;

export function isRuleId(value: string): value is RuleId {
  return Object.hasOwn(RULES_BY_ID, value);
}

export function getRule<Id extends RuleId>(id: Id): RuleMap[Id] {
  return RULES_BY_ID[id];
}

function isRemediable(rule: CatalogRule): rule is Extract<CatalogRule, { readonly fix: object }> {
  return rule.fix !== undefined;
}

/** The rules with an automatic fix, in catalog order: the order the planner weighs them. */
export const REMEDIABLE_RULE_IDS: readonly RemediableRuleId[] = CATALOG.filter(isRemediable).map((rule) => rule.id);

type FixMap = { [Id in RemediableRuleId]: Fix<SettingsOf<RuleSettingSpecs[Id]> & FixableSettings> };

const FIXES_BY_ID = Object.fromEntries(CATALOG.filter(isRemediable).map((rule) => [rule.id, rule.fix])) as FixMap;

/** The automatic fix a rule declares. */
export function getFix<Id extends RemediableRuleId>(id: Id): FixMap[Id] {
  return FIXES_BY_ID[id];
}
