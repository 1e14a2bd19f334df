/**
 * The report's compliance summary: for each framework requirement of the compliance table
 * (lambda/policy/compliance.ts), the worst status of the rules that give evidence for it, as this
 * run judged them. A pure function of the table and the report's rule rows.
 *
 * How statuses count (worst first, as a rule row counts its subjects): ERROR (a rule could not be
 * checked: never a pass), FAIL, MUTED (a failure accepted by an exception: met only by
 * exception), FIXED (this run fixed it: met now), PASS. A rule that did not run (disabled, or not
 * applicable to the account) says nothing either way: it is left out, and a requirement none of
 * whose rules ran is NOT_APPLICABLE, shown as "not assessed".
 */
import { COMPLIANCE, type ComplianceRequirement } from '../policy/compliance.js';
import { formatCount } from './facts.js';
import { STATUS_WEIGHT, type ComplianceRow, type FindingStatus, type Report, type RuleRow } from './model.js';

/**
 * One row per requirement, in table order. A report without rule rows (a run that failed before
 * it could judge anything) assesses nothing: the summary is empty. A rule the table names that the
 * report has no row for was not checked: ERROR, never a pass.
 */
export function complianceSummary(rules: readonly Pick<RuleRow, 'ruleId' | 'status'>[], table: readonly ComplianceRequirement[] = COMPLIANCE): ComplianceRow[] {
  if (rules.length === 0) return [];
  const statusOf = new Map(rules.map((rule) => [rule.ruleId, rule.status]));
  return table.map((row) => ({
    framework: row.framework,
    version: row.version,
    requirement: row.requirement,
    title: row.title,
    rules: [...row.ruleIds],
    status: row.ruleIds.reduce<FindingStatus>((worst, ruleId) => {
      const status = statusOf.get(ruleId) ?? 'ERROR';
      return STATUS_WEIGHT[status] > STATUS_WEIGHT[worst] ? status : worst;
    }, 'NOT_APPLICABLE'),
  }));
}

/** What a requirement's status means, in the words every human rendering uses. */
export const COMPLIANCE_LABELS: Record<FindingStatus, string> = {
  PASS: 'met',
  FIXED: 'met (fixed in this run)',
  MUTED: 'met by exception',
  FAIL: 'not met',
  ERROR: 'not checked',
  NOT_APPLICABLE: 'not assessed',
};

/** "PCI DSS 4.0": a framework and its edition. */
export function frameworkLabel(row: Pick<ComplianceRow, 'framework' | 'version'>): string {
  return `${row.framework} ${row.version}`;
}

export interface FrameworkTally {
  framework: string;
  rows: ComplianceRow[];
  /** PASS or FIXED. */
  met: number;
  /** MUTED. */
  byException: number;
  /** FAIL. */
  notMet: number;
  /** ERROR. */
  notChecked: number;
  /** NOT_APPLICABLE. */
  notAssessed: number;
}

/** The summary's rows by framework and edition, in table order, with their counts. */
export function tallyByFramework(compliance: readonly ComplianceRow[]): FrameworkTally[] {
  const tallies = new Map<string, FrameworkTally>();
  for (const row of compliance) {
    const framework = frameworkLabel(row);
    const tally = tallies.get(framework) ?? { framework, rows: [], met: 0, byException: 0, notMet: 0, notChecked: 0, notAssessed: 0 };
    tally.rows.push(row);
    if (row.status === 'PASS' || row.status === 'FIXED') tally.met += 1;
    else if (row.status === 'MUTED') tally.byException += 1;
    else if (row.status === 'FAIL') tally.notMet += 1;
    else if (row.status === 'ERROR') tally.notChecked += 1;
    else tally.notAssessed += 1;
    tallies.set(framework, tally);
  }
  return [...tallies.values()];
}

/** "PCI DSS 4.0: 6 of 14 requirements met, 7 not met, 1 not checked". */
export function describeTally(tally: FrameworkTally): string {
  const parts = [`${formatCount(tally.met)} of ${formatCount(tally.rows.length)} requirements met`];
  if (tally.byException > 0) parts.push(`${formatCount(tally.byException)} by exception`);
  if (tally.notMet > 0) parts.push(`${formatCount(tally.notMet)} not met`);
  if (tally.notChecked > 0) parts.push(`${formatCount(tally.notChecked)} not checked`);
  if (tally.notAssessed > 0) parts.push(`${formatCount(tally.notAssessed)} not assessed`);
  return `${tally.framework}: ${parts.join(', ')}`;
}

/**
 * The whole summary in one line, for the email and Slack: "Compliance: PCI DSS 4.0: 6 of 14
 * requirements met, 7 not met; SOC 2 2017 TSC: 1 of 5 requirements met, 4 not met". Undefined
 * when the report assesses no requirement.
 */
export function complianceLine(report: Pick<Report, 'compliance'>): string | undefined {
  const tallies = tallyByFramework(report.compliance ?? []);
  return tallies.length === 0 ? undefined : `Compliance: ${tallies.map(describeTally).join('; ')}`;
}
