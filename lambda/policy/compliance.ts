/**
 * Compliance mapping, kept outside the rules as a table (as Prowler's compliance/*.json files are):
 * one row per framework requirement, naming the rules that provide evidence for it. A rule says
 * what it checks; this table says what that is worth to an auditor. A report's compliance summary
 * is then a pure function of this table and the report's rule rows.
 */
import type { RuleId } from './catalog.js';

export type Framework = 'PCI DSS' | 'SOC 2';

export interface ComplianceRequirement {
  framework: Framework;
  /** The framework's edition, e.g. '4.0' for PCI DSS, '2017 TSC' for SOC 2. */
  version: string;
  /** The requirement's number in that edition, e.g. '8.4.2', 'CC6.1'. */
  requirement: string;
  /** The requirement, in short. */
  title: string;
  /** The rules whose results are evidence for it. */
  ruleIds: readonly RuleId[];
}

const PCI = { framework: 'PCI DSS', version: '4.0' } as const;
const SOC2 = { framework: 'SOC 2', version: '2017 TSC' } as const;

export const COMPLIANCE: readonly ComplianceRequirement[] = [
  { ...PCI, requirement: '1.3.1', title: 'Inbound traffic to the cardholder data environment is restricted to what is necessary', ruleIds: ['account.ip-allowlist'] },
  { ...PCI, requirement: '3.2.1', title: 'Storage of account data is kept to a minimum', ruleIds: ['account.pci'] },
  { ...PCI, requirement: '4.2.1', title: 'Strong cryptography protects cardholder data in transit over open, public networks', ruleIds: ['account.pci'] },
  { ...PCI, requirement: '7.2.2', title: 'Access is assigned by job function, with the least privileges necessary', ruleIds: ['user.superuser-count'] },
  { ...PCI, requirement: '8.2.1', title: 'Every user is assigned a unique ID', ruleIds: ['user.email-domain'] },
  { ...PCI, requirement: '8.2.4', title: 'Addition, deletion and modification of user IDs are authorised and managed', ruleIds: ['invitation.stale'] },
  { ...PCI, requirement: '8.2.5', title: 'Access of terminated users is revoked immediately', ruleIds: ['account.force-sso', 'token.owner'] },
  { ...PCI, requirement: '8.2.6', title: 'Inactive user accounts are removed or disabled within 90 days', ruleIds: ['user.inactive', 'token.unused'] },
  { ...PCI, requirement: '8.3.6', title: 'Passwords meet minimum length and complexity', ruleIds: ['account.pci-passwords'] },
  { ...PCI, requirement: '8.3.9', title: 'Passwords used as the only factor are changed at least every 90 days', ruleIds: ['account.pci-passwords'] },
  { ...PCI, requirement: '8.4.1', title: 'MFA is implemented for administrative access', ruleIds: ['account.force-2fa', 'account.owner-2fa'] },
  { ...PCI, requirement: '8.4.2', title: 'MFA is implemented for all access into the cardholder data environment', ruleIds: ['account.force-2fa', 'user.2fa-enabled'] },
  {
    ...PCI,
    requirement: '8.6.3',
    title: 'Credentials of application and system accounts are protected against misuse and changed periodically',
    ruleIds: ['token.expiry'],
  },
  { ...PCI, requirement: '12.10.1', title: 'An incident response plan exists and is ready to be activated', ruleIds: ['account.security-contact'] },
  { ...SOC2, requirement: 'CC2.3', title: 'The entity communicates with external parties on matters affecting internal control', ruleIds: ['account.security-contact'] },
  {
    ...SOC2,
    requirement: 'CC6.1',
    title: 'Logical access security protects information assets',
    ruleIds: ['account.force-2fa', 'account.force-sso', 'account.ip-allowlist', 'account.owner-2fa', 'user.2fa-enabled', 'token.expiry'],
  },
  {
    ...SOC2,
    requirement: 'CC6.2',
    title: 'Users are registered and authorised before access is granted, and removed when it is no longer authorised',
    ruleIds: ['account.force-sso', 'user.email-domain', 'user.inactive', 'token.unused', 'token.owner', 'invitation.stale'],
  },
  {
    ...SOC2,
    requirement: 'CC6.3',
    title: 'Access is authorised, changed or removed by role, with least privilege',
    ruleIds: ['user.superuser-count', 'token.owner'],
  },
  { ...SOC2, requirement: 'CC6.6', title: 'Logical access is protected against threats from outside the system boundaries', ruleIds: ['account.ip-allowlist'] },
];

/** Rules deliberately mapped to no requirement (each with its reason in a comment). None today. */
export const UNMAPPED_RULE_IDS: readonly RuleId[] = [];

/** The requirements a rule provides evidence for, in table order. */
export function requirementsFor(
  ruleId: RuleId,
  table: readonly ComplianceRequirement[] = COMPLIANCE,
): ComplianceRequirement[] {
  return table.filter((row) => row.ruleIds.includes(ruleId));
}

