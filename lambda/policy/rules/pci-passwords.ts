/** account.pci-passwords: PCI password requirements apply to the account (read-only: no fix). */
import { settingChanged } from '../../attribution/matchers.js';
import { defineRule } from '../define-rule.js';
import { flagOutcome } from './flag.js';
import { DOCS } from './references.js';

export const pciPasswordsRule = defineRule({
  id: 'account.pci-passwords',
  title: 'PCI password requirements apply to the account',
  severity: 'medium',
  risk: 'Without the PCI password rules, Fastly passwords need not meet the PCI DSS length, complexity and change requirements.',
  remediation: {
    console:
      'Ask Fastly support or your account manager to apply PCI password requirements to the account, or force SSO so passwords are governed by your identity provider.',
    api: 'PUT /customer/{customer_id} cannot change has_pci_passwords: the field is read-only.',
    automatic: false,
  },
  references: [DOCS.customerApi, DOCS.pci],
  needs: ['customer'],
  attribution: settingChanged('has_pci_passwords'),
  evaluate: ({ customer }) => [
    flagOutcome(customer, 'has_pci_passwords', 'PCI password requirements do not apply to the account'),
  ],
});
