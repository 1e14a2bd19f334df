/** The rule catalog: every rule of design.md, in report order, with typed lookup by id. */
import { force2faRule, forceSsoRule, owner2faRule, pciPasswordsRule, pciRule, securityContactRule } from './rules/account.js';
import { ipAllowlistRule } from './rules/ip-allowlist.js';
import { emailDomainRule, inactiveUserRule, superuserCountRule, userTwoFactorRule } from './rules/users.js';
import type { ResolvedSettings } from './settings.js';
import { RULE_IDS, type RuleDefinition, type RuleId } from './types.js';

export { RULE_IDS, isRuleId } from './types.js';
export type { RuleDefinition, RuleId, RuleInput, RuleNeed, RuleOutcome } from './types.js';

type RuleMap = { [Id in RuleId]: RuleDefinition<ResolvedSettings[Id]> };

const RULES_BY_ID: RuleMap = {
  'account.force-2fa': force2faRule,
  'account.force-sso': forceSsoRule,
  'account.ip-allowlist': ipAllowlistRule,
  'account.pci': pciRule,
  'account.pci-passwords': pciPasswordsRule,
  'account.owner-2fa': owner2faRule,
  'account.security-contact': securityContactRule,
  'user.2fa-enabled': userTwoFactorRule,
  'user.superuser-count': superuserCountRule,
  'user.email-domain': emailDomainRule,
  'user.inactive': inactiveUserRule,
};

export const RULES: readonly RuleMap[RuleId][] = RULE_IDS.map((id) => RULES_BY_ID[id]);

export function getRule<Id extends RuleId>(id: Id): RuleMap[Id] {
  return RULES_BY_ID[id];
}
