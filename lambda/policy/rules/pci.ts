/** account.pci: PCI-compliant caching and delivery is enabled for the account. */
import { settingChanged } from '../../attribution/matchers.js';
import { ALLOWED } from '../../remediation/guardrails.js';
import { defineRule } from '../define-rule.js';
import { flagOutcome } from './flag.js';
import { DOCS } from './references.js';

export const pciRule = defineRule({
  id: 'account.pci',
  title: 'PCI-compliant caching is enabled for the account',
  severity: 'medium',
  risk: 'Without PCI enabled, services cannot mark cardholder data with beresp.pci to keep it off non-volatile edge storage.',
  remediation: {
    console:
      'Have Fastly enable PCI-Compliant Caching and Delivery for the account (contact your account manager), then mark sensitive responses with beresp.pci.',
    api: 'PUT /customer/{customer_id} with has_pci=true.',
    automatic: true,
  },
  references: [DOCS.pci, DOCS.berespPci, DOCS.customerApi],
  needs: ['customer'],
  attribution: settingChanged('has_pci'),
  evaluate: ({ customer }) => [flagOutcome(customer, 'has_pci', 'PCI-compliant caching is not enabled for the account')],
  fix: {
    field: 'has_pci',
    target: () => true,
    // Turning PCI caching on changes no one's access.
    guardrail: () => ALLOWED,
  },
});
