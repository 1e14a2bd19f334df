import type { ComplianceRequirement } from '../../../lambda/policy/compliance.js';
import { COMPLIANCE } from '../../../lambda/policy/compliance.js';
import { RULE_IDS } from '../../../lambda/policy/catalog.js';
import { complianceLine, complianceSummary, tallyByFramework } from '../../../lambda/report/compliance-summary.js';
import type { FindingStatus } from '../../../lambda/report/model.js';

const TABLE: ComplianceRequirement[] = [
  { framework: 'PCI DSS', version: '4.0', requirement: '8.4.2', title: 'MFA for all access', ruleIds: ['account.force-2fa', 'user.2fa-enabled'] },
  { framework: 'PCI DSS', version: '4.0', requirement: '8.2.6', title: 'Inactive accounts removed', ruleIds: ['user.inactive', 'token.unused'] },
  { framework: 'SOC 2', version: '2017 TSC', requirement: 'CC6.3', title: 'Least privilege', ruleIds: ['user.superuser-count'] },
];

function rows(statuses: Record<string, FindingStatus>) {
  return Object.entries(statuses).map(([ruleId, status]) => ({ ruleId, status }));
}

function statusOf(requirementRules: Record<string, FindingStatus>): FindingStatus | undefined {
  const table: ComplianceRequirement[] = [{ ...TABLE[0]!, ruleIds: Object.keys(requirementRules) as ComplianceRequirement['ruleIds'] }];
  return complianceSummary(rows(requirementRules), table)[0]?.status;
}

describe('complianceSummary', () => {
  it('gives one row per requirement, in table order, with its framework, edition, title and rules', () => {
    // Arrange
    const rules = rows({ 'account.force-2fa': 'PASS', 'user.2fa-enabled': 'FAIL', 'user.inactive': 'PASS', 'token.unused': 'PASS', 'user.superuser-count': 'PASS' });

    // Act
    const summary = complianceSummary(rules, TABLE);

    // Assert
    expect(summary).toEqual([
      { framework: 'PCI DSS', version: '4.0', requirement: '8.4.2', title: 'MFA for all access', rules: ['account.force-2fa', 'user.2fa-enabled'], status: 'FAIL' },
      { framework: 'PCI DSS', version: '4.0', requirement: '8.2.6', title: 'Inactive accounts removed', rules: ['user.inactive', 'token.unused'], status: 'PASS' },
      { framework: 'SOC 2', version: '2017 TSC', requirement: 'CC6.3', title: 'Least privilege', rules: ['user.superuser-count'], status: 'PASS' },
    ]);
  });

  it('takes the worst status of the rules: ERROR > FAIL > MUTED > FIXED > PASS', () => {
    expect(statusOf({ 'account.force-2fa': 'FAIL', 'user.2fa-enabled': 'ERROR' })).toBe('ERROR');
    expect(statusOf({ 'account.force-2fa': 'MUTED', 'user.2fa-enabled': 'FAIL' })).toBe('FAIL');
    expect(statusOf({ 'account.force-2fa': 'FIXED', 'user.2fa-enabled': 'MUTED' })).toBe('MUTED');
    expect(statusOf({ 'account.force-2fa': 'PASS', 'user.2fa-enabled': 'FIXED' })).toBe('FIXED');
    expect(statusOf({ 'account.force-2fa': 'PASS', 'user.2fa-enabled': 'PASS' })).toBe('PASS');
  });

  it('leaves out rules that did not run: a requirement is judged by the rest, and not assessed when none ran', () => {
    expect(statusOf({ 'account.force-2fa': 'NOT_APPLICABLE', 'user.2fa-enabled': 'PASS' })).toBe('PASS');
    expect(statusOf({ 'account.force-2fa': 'NOT_APPLICABLE', 'user.2fa-enabled': 'FAIL' })).toBe('FAIL');
    expect(statusOf({ 'account.force-2fa': 'NOT_APPLICABLE', 'user.2fa-enabled': 'NOT_APPLICABLE' })).toBe('NOT_APPLICABLE');
  });

  it('never passes a requirement whose rule has no row in the report: not checked is ERROR', () => {
    const summary = complianceSummary(rows({ 'account.force-2fa': 'PASS' }), TABLE);
    expect(summary.map((row) => [row.requirement, row.status])).toEqual([
      ['8.4.2', 'ERROR'],
      ['8.2.6', 'ERROR'],
      ['CC6.3', 'ERROR'],
    ]);
  });

  it('assesses nothing for a report without rule rows (a run that failed before it judged anything)', () => {
    expect(complianceSummary([], TABLE)).toEqual([]);
  });

  it('covers the whole compliance table by default, every requirement judged when every rule passed', () => {
    const summary = complianceSummary(RULE_IDS.map((ruleId) => ({ ruleId, status: 'PASS' as const })));
    expect(summary).toHaveLength(COMPLIANCE.length);
    expect(new Set(summary.map((row) => row.status))).toEqual(new Set(['PASS']));
  });
});

describe('tallyByFramework and complianceLine', () => {
  it('counts each framework: met (PASS, FIXED), by exception, not met, not checked, not assessed', () => {
    // Arrange
    const table: ComplianceRequirement[] = [
      ...TABLE,
      { framework: 'PCI DSS', version: '4.0', requirement: '1.3.1', title: 'Inbound traffic restricted', ruleIds: ['account.ip-allowlist'] },
      { framework: 'PCI DSS', version: '4.0', requirement: '3.2.1', title: 'Storage minimised', ruleIds: ['account.pci'] },
      { framework: 'PCI DSS', version: '4.0', requirement: '8.3.6', title: 'Passwords', ruleIds: ['account.pci-passwords'] },
    ];
    const rules = rows({
      'account.force-2fa': 'FAIL',
      'user.2fa-enabled': 'PASS',
      'user.inactive': 'FIXED',
      'token.unused': 'PASS',
      'user.superuser-count': 'MUTED',
      'account.ip-allowlist': 'ERROR',
      'account.pci': 'NOT_APPLICABLE',
      'account.pci-passwords': 'PASS',
    });
    const report = { compliance: complianceSummary(rules, table) };

    // Act
    const tallies = tallyByFramework(report.compliance);
    const line = complianceLine(report);

    // Assert
    expect(tallies.map(({ framework, met, byException, notMet, notChecked, notAssessed }) => ({ framework, met, byException, notMet, notChecked, notAssessed }))).toEqual([
      { framework: 'PCI DSS 4.0', met: 2, byException: 0, notMet: 1, notChecked: 1, notAssessed: 1 },
      { framework: 'SOC 2 2017 TSC', met: 0, byException: 1, notMet: 0, notChecked: 0, notAssessed: 0 },
    ]);
    expect(line).toBe(
      'Compliance: PCI DSS 4.0: 2 of 5 requirements met, 1 not met, 1 not checked, 1 not assessed; SOC 2 2017 TSC: 0 of 1 requirements met, 1 by exception',
    );
  });

  it('has no line for a report that assesses nothing, or one written before the summary existed', () => {
    expect(complianceLine({ compliance: [] })).toBeUndefined();
    expect(complianceLine({})).toBeUndefined();
  });
});
