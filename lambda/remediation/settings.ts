/** The remediation settings of a policy: the resolved blocks of the four rules with an automatic fix. */
import type { Policy } from '../policy/schema.js';
import { ruleSettings } from '../policy/settings.js';
import type { RemediationSettings } from './types.js';

export function remediationSettings(policy: Policy): RemediationSettings {
  return {
    'account.force-2fa': ruleSettings(policy, 'account.force-2fa'),
    'account.force-sso': ruleSettings(policy, 'account.force-sso'),
    'account.ip-allowlist': ruleSettings(policy, 'account.ip-allowlist'),
    'account.pci': ruleSettings(policy, 'account.pci'),
  };
}
