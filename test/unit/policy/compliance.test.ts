import { isRuleId, RULE_IDS } from '../../../lambda/policy/catalog.js';
import { COMPLIANCE, requirementsFor, UNMAPPED_RULE_IDS, type ComplianceRequirement } from '../../../lambda/policy/compliance.js';

const label = (row: ComplianceRequirement) => `${row.framework} ${row.version} ${row.requirement}`;

it('names only rule ids of the catalog', () => {
  for (const row of COMPLIANCE) {
    expect(row.ruleIds.length).toBeGreaterThan(0);
    for (const id of row.ruleIds) expect(isRuleId(id)).toBe(true);
  }
});

it('maps every rule to at least one requirement, unless it is listed as unmapped (and never both)', () => {
  for (const id of RULE_IDS) {
    const mapped = requirementsFor(id).length > 0;
    expect([id, mapped || UNMAPPED_RULE_IDS.includes(id)]).toEqual([id, true]);
    expect([id, mapped && UNMAPPED_RULE_IDS.includes(id)]).toEqual([id, false]);
  }
});

it('holds each requirement once, with a version, a number and a short title', () => {
  const labels = COMPLIANCE.map(label);
  expect(new Set(labels).size).toBe(labels.length);
  for (const row of COMPLIANCE) {
    expect(row.version).not.toBe('');
    expect(row.requirement).toMatch(row.framework === 'PCI DSS' ? /^\d+(\.\d+)+$/ : /^CC\d+\.\d+$/);
    expect(row.title).toMatch(/^[A-Z][^.]*[^.\s]$/);
  }
});

it('maps every rule to the requirements it gives evidence for', () => {
  const tags = Object.fromEntries(RULE_IDS.map((id) => [id, requirementsFor(id).map(label)]));
  expect(tags).toEqual({
    'account.force-2fa': ['PCI DSS 4.0 8.4.1', 'PCI DSS 4.0 8.4.2', 'SOC 2 2017 TSC CC6.1'],
    'account.force-sso': ['PCI DSS 4.0 8.2.5', 'SOC 2 2017 TSC CC6.1', 'SOC 2 2017 TSC CC6.2'],
    'account.ip-allowlist': ['PCI DSS 4.0 1.3.1', 'SOC 2 2017 TSC CC6.1', 'SOC 2 2017 TSC CC6.6'],
    'account.pci': ['PCI DSS 4.0 3.2.1', 'PCI DSS 4.0 4.2.1'],
    'account.pci-passwords': ['PCI DSS 4.0 8.3.6', 'PCI DSS 4.0 8.3.9'],
    'account.owner-2fa': ['PCI DSS 4.0 8.4.1', 'SOC 2 2017 TSC CC6.1'],
    'account.security-contact': ['PCI DSS 4.0 12.10.1', 'SOC 2 2017 TSC CC2.3'],
    'user.2fa-enabled': ['PCI DSS 4.0 8.4.2', 'SOC 2 2017 TSC CC6.1'],
    'user.superuser-count': ['PCI DSS 4.0 7.2.2', 'SOC 2 2017 TSC CC6.3'],
    'user.email-domain': ['PCI DSS 4.0 8.2.1', 'SOC 2 2017 TSC CC6.2'],
    'user.inactive': ['PCI DSS 4.0 8.2.6', 'SOC 2 2017 TSC CC6.2'],
    'token.expiry': ['PCI DSS 4.0 8.6.3', 'SOC 2 2017 TSC CC6.1'],
    'token.unused': ['PCI DSS 4.0 8.2.6', 'SOC 2 2017 TSC CC6.2'],
    'token.owner': ['PCI DSS 4.0 8.2.5', 'SOC 2 2017 TSC CC6.2', 'SOC 2 2017 TSC CC6.3'],
    'invitation.stale': ['PCI DSS 4.0 8.2.4', 'SOC 2 2017 TSC CC6.2'],
  });
});

describe('requirementsFor', () => {
  it('gives the rows naming the rule, in table order', () => {
    expect(requirementsFor('account.owner-2fa')).toEqual([
      expect.objectContaining({ framework: 'PCI DSS', version: '4.0', requirement: '8.4.1', ruleIds: ['account.force-2fa', 'account.owner-2fa'] }),
      expect.objectContaining({ framework: 'SOC 2', version: '2017 TSC', requirement: 'CC6.1' }),
    ]);
  });

  it('is a pure function of the table it is given', () => {
    const table: ComplianceRequirement[] = [
      { framework: 'SOC 2', version: '2017 TSC', requirement: 'CC6.1', title: 'Logical access', ruleIds: ['user.inactive'] },
    ];
    const before = JSON.stringify(table);
    expect(requirementsFor('user.inactive', table)).toEqual(table);
    expect(requirementsFor('account.pci', table)).toEqual([]);
    expect(JSON.stringify(table)).toBe(before);
  });
});
