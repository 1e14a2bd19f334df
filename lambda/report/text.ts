/**
 * Plain-text report for terminals and email: a summary line first, then what fails (grouped by
 * severity, critical first), what is muted, what remediation did or would do, and the errors.
 */
import { painter } from './color.js';
import type { Painter, Style } from './color.js';
import {
  andMore,
  CHANGE_HEADINGS,
  describeAttribution,
  changesByStatus,
  describeChange,
  describeDetails,
  describeError,
  failingTotal,
  uncheckedTotal,
  formatCount,
  groupFailing,
  groupMuted,
  mutedTotal,
  newFindingIds,
  notApplicableRules,
  plural,
  severityBreakdown,
  sharedRemediation,
  subjectLabel,
} from './facts.js';
import type { ChangeBucket, RuleGroup } from './facts.js';
import type { Finding, Report, RunStatus, Severity } from './model.js';

export interface TextOptions {
  color?: boolean;
  /** Failing findings listed per severity; the rest are cut with "... and N more". */
  maxPerSeverity?: number;
  /** Pointer to the full report (e.g. its S3 location), printed where lists are cut and at the end. */
  reportLocation?: string;
  /**
   * Who reads it. `terminal` (default): each failing rule's risk, its fix in the control panel
   * and by API, and its references. `email`: the risk and the control-panel steps only.
   */
  audience?: TextAudience;
}

export type TextAudience = 'terminal' | 'email';

const STATUS_STYLE: Record<RunStatus, Style[]> = { PASS: ['green', 'bold'], FAIL: ['red', 'bold'], ERROR: ['magenta', 'bold'] };
const SEVERITY_STYLE: Record<Severity, Style[]> = { critical: ['red', 'bold'], high: ['red'], medium: ['yellow'], low: ['cyan'] };
/** Items listed inside a change's details (e.g. users force_2fa would log out). */
const MAX_DETAIL_ITEMS = 10;


export function renderText(report: Report, options: TextOptions = {}): string {
  const paint = painter(options.color === true);
  const sections = [
    header(report, paint),
    failingSection(report, paint, options),
    mutedSection(report),
    remediationSection(report, paint),
    errorsSection(report, paint),
    warningsSection(report),
    options.reportLocation ? [`Full report: ${options.reportLocation}`] : [],
  ].filter((lines) => lines.length > 0);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/** The one line that says it all, used as the first line of every text rendering. */
export function summaryLine(report: Report, paint: Painter = painter(false)): string {
  const failing = failingTotal(report);
  const breakdown = severityBreakdown(report);
  const parts = [`${formatCount(failing)} failing${breakdown ? ` (${breakdown})` : ''}`];
  const unchecked = uncheckedTotal(report);
  if (unchecked > 0) parts.push(`${formatCount(unchecked)} not checked`);
  const muted = mutedTotal(report);
  if (muted > 0) parts.push(`${formatCount(muted)} muted`);
  parts.push(`${plural(report.summary.usersChecked, 'user')} checked`);
  if (report.status === 'ERROR') parts.unshift(`audit incomplete, ${plural(report.errors.length, 'error')}`);
  const customer = `${report.customer.name || report.customer.id} (${report.customer.id})`;
  return `Fastly audit ${customer}: ${paint(report.status, ...STATUS_STYLE[report.status])} - ${parts.join(', ')}`;
}

function header(report: Report, paint: Painter): string[] {
  const lines = [
    summaryLine(report, paint),
    `Run ${report.runId}, ${report.startedAt} to ${report.finishedAt}, ${report.tool.name} ${report.tool.version}, remediation mode ${report.remediation.mode}`,
  ];
  if (report.delta) {
    const { delta } = report;
    lines.push(
      `Since the previous run (${delta.previousStatus}): ${formatCount(delta.new.length)} new, ` +
        `${formatCount(delta.resolved.length)} resolved, ${formatCount(delta.unchanged.length)} unchanged`,
    );
  }
  return lines;
}

function failingSection(report: Report, paint: Painter, options: TextOptions): string[] {
  const groups = groupFailing(report);
  if (groups.length === 0) return [];
  const fresh = newFindingIds(report);
  const lines = ['Failing findings'];
  for (const group of groups) {
    lines.push('', paint(`${group.severity.toUpperCase()} (${formatCount(group.count)})`, ...SEVERITY_STYLE[group.severity]));
    let budget = options.maxPerSeverity ?? Number.POSITIVE_INFINITY;
    for (const rule of group.rules) {
      lines.push(...ruleLines(rule, fresh, Math.max(budget, 0), options));
      budget -= rule.findings.length;
    }
  }
  return lines;
}

/**
 * A rule, its risk and fix (once when every finding shares the fix), its references on a
 * terminal, and up to `limit` of its findings.
 */
function ruleLines(rule: RuleGroup, fresh: Set<string>, limit: number, options: TextOptions): string[] {
  const terminal = (options.audience ?? 'terminal') === 'terminal';
  const fixLines = (remediation: Finding['remediation'], indent: string): string[] => [
    `${indent}fix: ${remediation.console}`,
    ...(terminal && remediation.api !== undefined ? [`${indent}api: ${remediation.api}`] : []),
  ];
  const sharedFix = sharedRemediation(rule);
  const lines = [`  ${rule.ruleId}: ${rule.title} (${formatCount(rule.findings.length)} failing)`, `    risk: ${rule.risk}`];
  if (sharedFix) lines.push(...fixLines(sharedFix, '    '));
  if (terminal && rule.references.length > 0) {
    lines.push(`    references: ${rule.references.map((reference) => reference.url).join(' ')}`);
  }
  const shown = rule.findings.slice(0, limit);
  for (const finding of shown) {
    lines.push(`    - ${findingLine(finding, fresh)}`);
    if (finding.attribution) lines.push(`      ${describeAttribution(finding.attribution)}`);
    if (!sharedFix) lines.push(...fixLines(finding.remediation, '      '));
  }
  const rest = rule.findings.length - shown.length;
  if (rest > 0) lines.push(`    ${andMore(rest, options.reportLocation)}`);
  return lines;
}

function findingLine(finding: Finding, fresh: Set<string>): string {
  const marks = [
    finding.status === 'ERROR' ? '[could not check] ' : '',
    `${subjectLabel(finding)}: ${finding.message}`,
    finding.exception?.expired ? ` (exception expired ${finding.exception.expires}: ${finding.exception.reason})` : '',
    fresh.has(finding.id) ? ' [new]' : '',
  ];
  return marks.join('');
}

function mutedSection(report: Report): string[] {
  const groups = groupMuted(report);
  const notApplicable = notApplicableRules(report);
  const lines: string[] = [];
  if (groups.length > 0) {
    lines.push(`Muted by exception: ${formatCount(mutedTotal(report))}`);
    for (const group of groups) {
      const ticket = group.ticket ? `; ticket ${group.ticket}` : '';
      lines.push(`  - ${group.ruleId}: ${formatCount(group.count)} (${group.reason}; expires ${group.expires}${ticket})`);
    }
  }
  if (notApplicable.length > 0) lines.push(`Not applicable: ${notApplicable.join(', ')}`);
  return lines;
}

function remediationSection(report: Report, paint: Painter): string[] {
  const { mode, changes } = report.remediation;
  if (changes.length === 0) return [`Remediation (mode ${mode}): nothing to change.`];
  const lines = [paint(`Remediation (mode ${mode})`, 'bold')];
  const buckets = changesByStatus(report);
  for (const bucket of Object.keys(CHANGE_HEADINGS) as ChangeBucket[]) {
    if (buckets[bucket].length === 0) continue;
    lines.push(`  ${CHANGE_HEADINGS[bucket]}:`);
    for (const change of buckets[bucket]) {
      lines.push(`    - ${describeChange(change)}`);
      for (const detail of describeDetails(change, MAX_DETAIL_ITEMS)) lines.push(`      ${detail}`);
    }
  }
  return lines;
}

function errorsSection(report: Report, paint: Painter): string[] {
  if (report.errors.length === 0) return [];
  const lines = [paint('Errors', 'magenta', 'bold')];
  for (const error of report.errors) {
    lines.push(`  - ${describeError(error)}`);
    if (error.action) lines.push(`    what to do: ${error.action}`);
  }
  return lines;
}

/** What the run could not do that judges nothing (e.g. attribution without the audit log). */
function warningsSection(report: Report): string[] {
  if (report.warnings.length === 0) return [];
  return [
    'Warnings',
    ...report.warnings.flatMap((warning) => [`  - ${describeError(warning)}`, ...(warning.action ? [`    what to do: ${warning.action}`] : [])]),
  ];
}
