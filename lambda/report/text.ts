/**
 * Plain-text report for terminals and email: a summary line first, then what fails (grouped by
 * severity, critical first), what could not be checked, what this run fixed, what is muted, what
 * remediation did or would do, and the errors. Every value that comes from the API (or from any
 * file) passes through the escaper of the audience: it cannot add a line or a terminal sequence.
 */
import { painter } from './color.js';
import { COMPLIANCE_LABELS, complianceLine, describeTally, tallyByFramework } from './compliance-summary.js';
import type { Painter, Style } from './color.js';
import { escapeEmail, escapeTerminal } from './escape.js';
import {
  andMore,
  CHANGE_HEADINGS,
  describeAttribution,
  changesByStatus,
  describeChange,
  describeDetails,
  describeError,
  describeFix,
  failingTotal,
  fixedTotal,
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
  uncheckedTotal,
} from './facts.js';
import type { ChangeBucket, RuleGroup } from './facts.js';
import type { Finding, Report, ReportError, RunStatus, Severity } from './model.js';
import { groupUnchecked } from './unchecked.js';

export interface TextOptions {
  color?: boolean;
  /** Failing findings listed per severity; the rest are cut with "... and N more". */
  maxPerSeverity?: number;
  /** Pointer to the full report (e.g. its S3 location), printed where lists are cut and at the end. */
  reportLocation?: string;
  /** The report's page in the S3 console (a link people can open), printed at the end. */
  reportUrl?: string;
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

/** Makes a value inert for the reader: one line, no control characters. */
type Escape = (text: string) => string;

interface Context {
  paint: Painter;
  safe: Escape;
  options: TextOptions;
}

export function renderText(report: Report, options: TextOptions = {}): string {
  const ctx: Context = { paint: painter(options.color === true), safe: options.audience === 'email' ? escapeEmail : escapeTerminal, options };
  const sections = [
    header(report, ctx),
    failingSection(report, ctx),
    uncheckedSection(report, ctx),
    fixedSection(report, ctx),
    mutedSection(report, ctx),
    complianceSection(report, ctx),
    remediationSection(report, ctx),
    problemsSection(ctx.paint('Errors', 'magenta', 'bold'), report.errors, ctx),
    problemsSection('Warnings', report.warnings, ctx),
    [
      ...(options.reportLocation ? [`Full report: ${ctx.safe(options.reportLocation)}`] : []),
      ...(options.reportUrl ? [`Open the report: ${ctx.safe(options.reportUrl)}`] : []),
    ],
  ].filter((lines) => lines.length > 0);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/**
 * The one line that says it all, used as the first line of every text rendering. The customer's
 * name comes from the API: it is escaped here, for a terminal unless `safe` says otherwise.
 */
export function summaryLine(report: Report, paint: Painter = painter(false), safe: Escape = escapeTerminal): string {
  const failing = failingTotal(report);
  const breakdown = severityBreakdown(report);
  const parts = [`${formatCount(failing)} failing${breakdown ? ` (${breakdown})` : ''}`];
  const unchecked = uncheckedTotal(report);
  if (unchecked > 0) parts.push(`${formatCount(unchecked)} not checked`);
  const fixed = fixedTotal(report);
  if (fixed > 0) parts.push(`${formatCount(fixed)} fixed`);
  const muted = mutedTotal(report);
  if (muted > 0) parts.push(`${formatCount(muted)} muted`);
  parts.push(`${plural(report.summary.usersChecked, 'user')} checked`);
  if (report.status === 'ERROR') parts.unshift(`audit incomplete, ${plural(report.errors.length, 'error')}`);
  const customer = `${safe(report.customer.name || report.customer.id)} (${safe(report.customer.id)})`;
  return `Fastly audit${report.demo ? ' (DEMO)' : ''} ${customer}: ${paint(report.status, ...STATUS_STYLE[report.status])} - ${parts.join(', ')}`;
}

function header(report: Report, { paint, safe }: Context): string[] {
  const lines = [
    summaryLine(report, paint, safe),
    `Run ${safe(report.runId)}, ${report.startedAt} to ${report.finishedAt}, ${report.tool.name} ${report.tool.version}, remediation mode ${report.remediation.mode}`,
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

function failingSection(report: Report, ctx: Context): string[] {
  const groups = groupFailing(report);
  if (groups.length === 0) return [];
  const fresh = newFindingIds(report);
  const lines = ['Failing findings'];
  for (const group of groups) {
    lines.push('', ctx.paint(`${group.severity.toUpperCase()} (${formatCount(group.count)})`, ...SEVERITY_STYLE[group.severity]));
    let budget = ctx.options.maxPerSeverity ?? Number.POSITIVE_INFINITY;
    for (const rule of group.rules) {
      lines.push(...ruleLines(rule, fresh, Math.max(budget, 0), ctx));
      budget -= rule.findings.length;
    }
  }
  return lines;
}

/**
 * A rule, its risk and fix (once when every finding shares the fix), its references on a
 * terminal, and up to `limit` of its findings.
 */
function ruleLines(rule: RuleGroup, fresh: Set<string>, limit: number, { safe, options }: Context): string[] {
  const terminal = (options.audience ?? 'terminal') === 'terminal';
  const fixLines = (remediation: Finding['remediation'], indent: string): string[] => [
    `${indent}fix: ${safe(remediation.console)}`,
    ...(terminal && remediation.api !== undefined ? [`${indent}api: ${safe(remediation.api)}`] : []),
  ];
  const sharedFix = sharedRemediation(rule);
  const lines = [`  ${safe(rule.ruleId)}: ${safe(rule.title)} (${formatCount(rule.findings.length)} failing)`, `    risk: ${safe(rule.risk)}`];
  if (sharedFix) lines.push(...fixLines(sharedFix, '    '));
  if (terminal && rule.references.length > 0) {
    lines.push(`    references: ${rule.references.map((reference) => safe(reference.url)).join(' ')}`);
  }
  const shown = rule.findings.slice(0, limit);
  for (const finding of shown) {
    lines.push(`    - ${findingLine(finding, fresh, safe)}`);
    if (finding.attribution) lines.push(`      ${safe(describeAttribution(finding.attribution))}`);
    if (!sharedFix) lines.push(...fixLines(finding.remediation, '      '));
  }
  const rest = rule.findings.length - shown.length;
  if (rest > 0) lines.push(`    ${safe(andMore(rest, options.reportLocation))}`);
  return lines;
}

function findingLine(finding: Finding, fresh: Set<string>, safe: Escape): string {
  const marks = [
    `${safe(subjectLabel(finding))}: ${safe(finding.message)}`,
    finding.exception?.expired ? ` (exception expired ${safe(finding.exception.expires)}: ${safe(finding.exception.reason)})` : '',
    fresh.has(finding.id) ? ' [new]' : '',
  ];
  return marks.join('');
}

/**
 * Rules that could not be checked: one line each, apart from the failing ones (they are not known
 * to fail), and what to do once for the rules it applies to.
 */
function uncheckedSection(report: Report, { safe }: Context): string[] {
  const groups = groupUnchecked(report);
  if (groups.length === 0) return [];
  const lines = [`Not checked (${formatCount(uncheckedTotal(report))}): the data these rules need could not be read`];
  for (const group of groups) {
    for (const finding of group.findings) lines.push(`  - ${safe(finding.ruleId)} (${finding.severity}): ${safe(finding.message)}`);
    if (group.action) lines.push(`  what to do about ${group.findings.map((finding) => safe(finding.ruleId)).join(', ')}: ${safe(group.action)}`);
  }
  return lines;
}

/** Findings this run fixed and verified: what was wrong, and the value it wrote. */
function fixedSection(report: Report, { safe }: Context): string[] {
  const rules = groupFailing(report, 'FIXED').flatMap((group) => group.rules);
  if (rules.length === 0) return [];
  const lines = [`Fixed in this run: ${formatCount(fixedTotal(report))}`];
  for (const rule of rules) {
    for (const finding of rule.findings) {
      lines.push(`  - ${safe(rule.ruleId)} (${finding.severity}), ${safe(subjectLabel(finding))}: ${safe(describeFix(finding))}`);
    }
  }
  return lines;
}

function mutedSection(report: Report, { safe }: Context): string[] {
  const groups = groupMuted(report);
  const notApplicable = notApplicableRules(report);
  const lines: string[] = [];
  if (groups.length > 0) {
    lines.push(`Muted by exception: ${formatCount(mutedTotal(report))}`);
    for (const group of groups) {
      const ticket = group.ticket ? `; ticket ${safe(group.ticket)}` : '';
      lines.push(`  - ${safe(group.ruleId)}: ${formatCount(group.count)} (${safe(group.reason)}; expires ${safe(group.expires)}${ticket})`);
    }
  }
  if (notApplicable.length > 0) lines.push(`Not applicable: ${notApplicable.map(safe).join(', ')}`);
  return lines;
}

/**
 * The requirements the rules give evidence for: every one with its status on a terminal, and
 * one line per framework's counts in the email.
 */
function complianceSection(report: Report, { safe, options }: Context): string[] {
  if ((options.audience ?? 'terminal') === 'email') {
    const line = complianceLine(report);
    return line ? [safe(line)] : [];
  }
  const tallies = tallyByFramework(report.compliance ?? []);
  if (tallies.length === 0) return [];
  const lines = ['Compliance'];
  for (const tally of tallies) {
    lines.push(`  ${safe(describeTally(tally))}`);
    const width = Math.max(...tally.rows.map((row) => row.requirement.length));
    for (const row of tally.rows) {
      lines.push(`    ${safe(row.requirement.padEnd(width))}  ${COMPLIANCE_LABELS[row.status].padEnd(12)}  ${safe(row.title)} (${row.rules.map(safe).join(', ')})`);
    }
  }
  return lines;
}

function remediationSection(report: Report, { paint, safe }: Context): string[] {
  const { mode, changes } = report.remediation;
  if (changes.length === 0) return [`Remediation (mode ${mode}): nothing to change.`];
  const lines = [paint(`Remediation (mode ${mode})`, 'bold')];
  const buckets = changesByStatus(report);
  for (const bucket of Object.keys(CHANGE_HEADINGS) as ChangeBucket[]) {
    if (buckets[bucket].length === 0) continue;
    lines.push(`  ${CHANGE_HEADINGS[bucket]}:`);
    for (const change of buckets[bucket]) {
      lines.push(`    - ${safe(describeChange(change))}`);
      for (const detail of describeDetails(change, MAX_DETAIL_ITEMS)) lines.push(`      ${safe(detail)}`);
    }
  }
  return lines;
}

/** Errors, or warnings (what the run could not do that judges nothing): each with what to do. */
function problemsSection(heading: string, problems: readonly ReportError[], { safe }: Context): string[] {
  if (problems.length === 0) return [];
  return [
    heading,
    ...problems.flatMap((problem) => [`  - ${safe(describeError(problem))}`, ...(problem.action ? [`    what to do: ${safe(problem.action)}`] : [])]),
  ];
}
