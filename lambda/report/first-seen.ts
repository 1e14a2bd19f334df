/**
 * First-seen dates: when each open finding was first reported open. A finding open in the
 * previous complete report keeps the date that report gave it (a report written before the dates
 * were kept, or one that only counted the finding, gives its own start: the finding was open then
 * at the latest); any other was first seen by this run. Security Hub's CreatedAt and
 * FirstObservedAt are these dates, so they stay put from one run to the next.
 */
import type { FindingStatus, Report } from './model.js';
import type { DeltaBase } from './previous.js';

/** Open: failing, or failing and accepted (MUTED). What a later run can find resolved. */
export function isOpen(finding: { status: FindingStatus }): boolean {
  return finding.status === 'FAIL' || finding.status === 'ERROR' || finding.status === 'MUTED';
}

/** Every open and FIXED finding of the report with its first-seen date. */
export function withFirstSeen(report: Report, previous: Pick<DeltaBase, 'startedAt' | 'findings' | 'rules'> | undefined): Report {
  const before = new Map<string, string>();
  if (previous) {
    for (const rule of previous.rules) for (const id of rule.truncatedFailingIds ?? []) before.set(id, previous.startedAt);
    for (const finding of previous.findings) if (isOpen(finding)) before.set(finding.id, finding.firstSeenAt ?? previous.startedAt);
  }
  const findings = report.findings.map((finding) =>
    isOpen(finding) || finding.status === 'FIXED' ? { ...finding, firstSeenAt: before.get(finding.id) ?? report.startedAt } : finding,
  );
  return { ...report, findings };
}
