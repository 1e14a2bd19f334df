/** The remediation settings of a policy: the resolved blocks of the rules that declare an automatic fix. */
import { REMEDIABLE_RULE_IDS } from '../policy/catalog.js';
import type { Policy } from '../policy/schema.js';
import { ruleSettings } from '../policy/settings.js';
import type { RemediationSettings } from './types.js';

export function remediationSettings(policy: Policy): RemediationSettings {
  return Object.fromEntries(REMEDIABLE_RULE_IDS.map((id) => [id, ruleSettings(policy, id)])) as RemediationSettings;
}
