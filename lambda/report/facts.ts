/**
 * Small pure facts and formatting shared by the renderers and the notification, so the
 * terminal, the email, Slack and the machine summary always count the same way.
 */
import { SEVERITIES } from './model.js';
import type { Attribution, Finding, FindingStatus, RemediationChange, Report, Severity } from './model.js';

/** Failing means FAIL or ERROR and not muted: what alerts, deltas and counts are about. */
export function isFailing(finding: { status: FindingStatus }): boolean {
  return finding.status === 'FAIL' || finding.status === 'ERROR';
}

/** FAIL findings as counted by the summary (not muted, not the ones that could not be checked). */
export function failingTotal(report: Report): number {
  return SEVERITIES.reduce((total, severity) => total + report.summary.bySeverity[severity], 0);
}

/** Results that could not be checked (the data they needed was not read): never a PASS. */
export function uncheckedTotal(report: Report): number {
  return report.summary.byStatus.ERROR;
}

/** Highest severity with at least one failing finding, from the summary counts. */
export function highestFailingSeverity(report: Report): Severity | null {
  return SEVERITIES.find((severity) => report.summary.bySeverity[severity] > 0) ?? report.summary.highestFailingSeverity;
}

/** "1 critical, 2 high" (only severities that have findings), highest first. */
export function severityBreakdown(report: Report): string {
  return SEVERITIES.filter((severity) => report.summary.bySeverity[severity] > 0)
    .map((severity) => `${formatCount(report.summary.bySeverity[severity])} ${severity}`)
    .join(', ');
}

export interface RuleGroup {
  ruleId: string;
  title: string;
  /** The rule's, as its findings carry them: said once per group, not once per finding. */
  risk: string;
  references: Finding['references'];
  findings: Finding[];
}

/** The fix every finding of the rule shares, when they do (it is then said once, not per finding). */
export function sharedRemediation(rule: RuleGroup): Finding['remediation'] | undefined {
  const [first, ...rest] = rule.findings;
  if (!first) return undefined;
  const same = (other: Finding['remediation']) =>
    other === first.remediation || (other.console === first.remediation.console && other.api === first.remediation.api);
  return rest.every((finding) => same(finding.remediation)) ? first.remediation : undefined;
}

export interface SeverityGroup {
  severity: Severity;
  count: number;
  rules: RuleGroup[];
}

/**
 * FAIL findings (the default) or those of another status grouped by severity (critical first),
 * then by rule in report order. ERROR findings (rules that could not be checked) are listed
 * apart from what fails: a report that could not see must not read as one that found faults.
 */
export function groupFailing(report: Report, status: 'FAIL' | 'ERROR' | 'FIXED' = 'FAIL'): SeverityGroup[] {
  const groups: SeverityGroup[] = [];
  for (const severity of SEVERITIES) {
    const rules = new Map<string, RuleGroup>();
    for (const finding of report.findings) {
      if (finding.status !== status || finding.severity !== severity) continue;
      const group = rules.get(finding.ruleId) ?? {
        ruleId: finding.ruleId,
        title: finding.title,
        risk: finding.risk,
        references: finding.references,
        findings: [],
      };
      group.findings.push(finding);
      rules.set(finding.ruleId, group);
    }
    if (rules.size === 0) continue;
    const ruleGroups = [...rules.values()];
    groups.push({ severity, count: ruleGroups.reduce((n, rule) => n + rule.findings.length, 0), rules: ruleGroups });
  }
  return groups;
}

export interface MutedGroup {
  ruleId: string;
  reason: string;
  expires: string;
  ticket?: string;
  count: number;
}

/** Muted findings counted per rule and exception (not listed one by one: they are accepted risk). */
export function groupMuted(report: Report): MutedGroup[] {
  const groups = new Map<string, MutedGroup>();
  for (const finding of report.findings) {
    if (finding.status !== 'MUTED') continue;
    const reason = finding.exception?.reason ?? 'no reason recorded';
    const expires = finding.exception?.expires ?? 'no expiry recorded';
    const ticket = finding.exception?.ticket;
    const key = JSON.stringify([finding.ruleId, reason, expires, ticket ?? null]);
    const group = groups.get(key) ?? { ruleId: finding.ruleId, reason, expires, ...(ticket ? { ticket } : {}), count: 0 };
    group.count += 1;
    groups.set(key, group);
  }
  return [...groups.values()];
}

export function mutedTotal(report: Report): number {
  return report.findings.filter((finding) => finding.status === 'MUTED').length;
}

/** Findings whose fix this run applied and verified. */
export function fixedTotal(report: Report): number {
  return report.findings.filter((finding) => finding.status === 'FIXED').length;
}

/** "has_pci: false -> true, verified": what a FIXED finding's fix changed. */
export function describeFix(finding: Finding): string {
  const fix = finding.fix;
  if (!fix) return 'fixed in this run, verified';
  return `${fix.field}: ${formatValue(fix.before)} -> ${formatValue(fix.after)}, verified`;
}

/** Rule ids that did not apply to this account (e.g. no allowed domains configured). */
export function notApplicableRules(report: Report): string[] {
  return report.rules.filter((rule) => rule.status === 'NOT_APPLICABLE').map((rule) => rule.ruleId);
}

/** Finding ids that are new since the previous run, for "(new)" marks. */
export function newFindingIds(report: Report): Set<string> {
  return new Set(report.delta?.new ?? []);
}

/** "user alice@example.com", "account ACME Corp". */
export function subjectLabel(finding: Finding): string {
  const name = finding.subject.name.trim() || finding.subject.id;
  return `${finding.subject.type} ${name}`;
}

/**
 * Who made the change behind a finding, in the one line every renderer shows:
 * "changed by alice@example.com at 2026-11-22T09:14:03Z from 192.0.2.10 (customer.update)".
 * Renderers escape it like any other API text.
 */
export function describeAttribution(attribution: Attribution): string {
  const who = attribution.actor.login ?? attribution.actor.id ?? 'an unknown user';
  const staff = attribution.admin ? ' (Fastly staff)' : '';
  const from = attribution.ip ? ` from ${attribution.ip}` : '';
  return `changed by ${who}${staff} at ${attribution.at}${from} (${attribution.eventType})`;
}

/** A field value as people read it: strings quoted, missing values named. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return cut(JSON.stringify(value) ?? String(value), 200);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Cut text to at most `max` characters, marking the cut with "...". */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 3) return text.slice(0, max);
  return `${text.slice(0, max - 3)}...`;
}

/** "... and 12 more", with where to find the rest when known. */
export function andMore(count: number, reportLocation?: string): string {
  return `... and ${formatCount(count)} more${reportLocation ? `; full report: ${reportLocation}` : ''}`;
}

export type ChangeBucket = 'verified' | 'failed' | 'planned' | 'refused' | 'skipped';

/** Headings for each outcome, in the order they are shown. */
export const CHANGE_HEADINGS: Record<ChangeBucket, string> = {
  verified: 'Changed and verified',
  failed: 'Failed',
  planned: 'Would change',
  refused: 'Refused',
  skipped: 'Not attempted',
};

/** Remediation changes by outcome, in the order people care about: what changed first. */
export function changesByStatus(report: Report): Record<ChangeBucket, RemediationChange[]> {
  const buckets: Record<ChangeBucket, RemediationChange[]> = { verified: [], failed: [], planned: [], refused: [], skipped: [] };
  for (const change of report.remediation.changes) buckets[change.status].push(change);
  return buckets;
}

/** One line per change, e.g. "would set force_2fa: false -> true (account.force-2fa)". */
export function describeChange(change: RemediationChange): string {
  const move = `${change.field}: ${formatValue(change.from)} -> ${formatValue(change.to)}`;
  const reason = change.reason ? `: ${change.reason}` : '';
  switch (change.status) {
    case 'verified':
      return `set ${move} (${change.ruleId}), verified`;
    case 'failed':
      return `tried to set ${move} (${change.ruleId}) but found ${formatValue(change.after)}${reason}`;
    case 'planned':
      return `would set ${move} (${change.ruleId})${reason}`;
    case 'refused':
      return `refused to set ${move} (${change.ruleId})${reason}`;
    case 'skipped':
      return `did not try to set ${move} (${change.ruleId})${reason}`;
  }
}

/** Extra facts of a change ("users logged out: a, b ... and 3 more"), lists cut at `maxItems`. */
export function describeDetails(change: RemediationChange, maxItems: number): string[] {
  return Object.entries(change.details ?? {}).map(([key, value]) => {
    if (!Array.isArray(value)) return `${key}: ${formatValue(value)}`;
    const shown = value.slice(0, maxItems).map((item) => (typeof item === 'string' ? item : formatValue(item)));
    const rest = value.length - shown.length;
    return `${key}: ${shown.join(', ')}${rest > 0 ? ` ... and ${formatCount(rest)} more` : ''}`;
  });
}

/** "list_users (403): message" with what is known about an error. */
export function describeError(error: { message: string; status?: number; operation?: string }): string {
  const where = [error.operation, error.status !== undefined ? `(${error.status})` : undefined].filter(Boolean).join(' ');
  return where ? `${where}: ${error.message}` : error.message;
}
