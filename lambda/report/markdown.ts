/**
 * Markdown report (pull requests, wikis, tickets): the text report's content with headings
 * and a table of every rule. Nothing is cut: this is the full report for people. Every value
 * that comes from the API (or any file) is escaped where it is placed (escape.ts): it renders as
 * the same text, never as a line, heading, link, HTML or table cell of its own.
 */
import { COMPLIANCE_LABELS, describeTally, tallyByFramework } from './compliance-summary.js';
import { escapeMarkdown, markdownCode } from './escape.js';
import {
  CHANGE_HEADINGS,
  changesByStatus,
  describeAttribution,
  describeChange,
  describeDetails,
  describeError,
  describeFix,
  fixedTotal,
  formatCount,
  groupFailing,
  groupMuted,
  mutedTotal,
  newFindingIds,
  sharedRemediation,
  subjectLabel,
  uncheckedTotal,
} from './facts.js';
import type { ChangeBucket } from './facts.js';
import type { Finding, Report, ReportError } from './model.js';
import { summaryLine } from './text.js';
import { groupUnchecked } from './unchecked.js';

export function renderMarkdown(report: Report): string {
  const sections = [
    [
      `# Fastly audit${report.demo ? ' (DEMO)' : ''}: ${escapeMarkdown(report.customer.name || report.customer.id)}`,
      '',
      // The summary line's own text holds no markdown; the customer's name in it is escaped here.
      summaryLine(report, undefined, escapeMarkdown),
      '',
      `Run ${markdownCode(report.runId)} from ${report.startedAt} to ${report.finishedAt} by ${report.tool.name} ${report.tool.version}; ` +
        `customer id ${markdownCode(report.customer.id)}; remediation mode \`${report.remediation.mode}\`.`,
      ...deltaLines(report),
    ],
    rulesTable(report),
    failingSection(report),
    uncheckedSection(report),
    fixedSection(report),
    mutedSection(report),
    complianceSection(report),
    remediationSection(report),
    problemsSection('Errors', report.errors),
    problemsSection('Warnings', report.warnings),
  ].filter((lines) => lines.length > 0);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function deltaLines(report: Report): string[] {
  if (!report.delta) return [];
  const { delta } = report;
  return [
    '',
    `Since the previous run (${delta.previousStatus}): ${formatCount(delta.new.length)} new, ` +
      `${formatCount(delta.resolved.length)} resolved, ${formatCount(delta.unchanged.length)} unchanged.`,
  ];
}

function rulesTable(report: Report): string[] {
  if (report.rules.length === 0) return [];
  return [
    '## Rules',
    '',
    '| Rule | Title | Severity | Status | Checked | Failed | Muted |',
    '| --- | --- | --- | --- | ---: | ---: | ---: |',
    ...report.rules.map(
      (rule) =>
        `| ${markdownCode(rule.ruleId)} | ${escapeMarkdown(rule.title)} | ${rule.severity} | ${rule.status} | ` +
        `${rule.checked} | ${rule.failed} | ${rule.muted} |`,
    ),
  ];
}

function failingSection(report: Report): string[] {
  const groups = groupFailing(report);
  if (groups.length === 0) return [];
  const fresh = newFindingIds(report);
  const lines = ['## Failing findings'];
  for (const group of groups) {
    lines.push('', `### ${capitalise(group.severity)} (${formatCount(group.count)})`);
    for (const rule of group.rules) {
      const sharedFix = sharedRemediation(rule);
      lines.push('', `**${markdownCode(rule.ruleId)}: ${escapeMarkdown(rule.title)}** (${formatCount(rule.findings.length)} failing)`, '');
      lines.push(`Risk: ${prose(rule.risk)}`, '');
      if (sharedFix) lines.push(...fixLines(sharedFix).flatMap((line) => [line, '']));
      if (rule.references.length > 0) lines.push(`References: ${rule.references.map(link).join(', ')}`, '');
      for (const finding of rule.findings) lines.push(...findingLines(finding, fresh, !sharedFix));
    }
  }
  return lines;
}

function findingLines(finding: Finding, fresh: Set<string>, withFix: boolean): string[] {
  const expired = finding.exception?.expired
    ? ` *(exception expired ${escapeMarkdown(finding.exception.expires)}: ${escapeMarkdown(finding.exception.reason)})*`
    : '';
  const isNew = fresh.has(finding.id) ? ' **new**' : '';
  return [
    `- ${escapeMarkdown(subjectLabel(finding))}: ${escapeMarkdown(finding.message)}${expired}${isNew}`,
    ...(finding.attribution ? [`  - ${escapeMarkdown(describeAttribution(finding.attribution))}`] : []),
    ...(withFix ? fixLines(finding.remediation).map((line) => `  - ${line}`) : []),
  ];
}

/** Rules that could not be checked, apart from what fails (nothing is known about them), and what to do. */
function uncheckedSection(report: Report): string[] {
  const groups = groupUnchecked(report);
  if (groups.length === 0) return [];
  const lines = [`## Not checked (${formatCount(uncheckedTotal(report))})`];
  for (const group of groups) {
    lines.push('', ...group.findings.map((finding) => `- ${markdownCode(finding.ruleId)} (${finding.severity}): ${escapeMarkdown(finding.message)}`));
    if (group.action) {
      lines.push('', `What to do about ${group.findings.map((finding) => markdownCode(finding.ruleId)).join(', ')}: ${escapeMarkdown(group.action)}`);
    }
  }
  return lines;
}

function fixedSection(report: Report): string[] {
  const findings = groupFailing(report, 'FIXED').flatMap((group) => group.rules.flatMap((rule) => rule.findings));
  if (findings.length === 0) return [];
  return [
    `## Fixed in this run (${formatCount(fixedTotal(report))})`,
    '',
    ...findings.map(
      (finding) =>
        `- ${markdownCode(finding.ruleId)} (${finding.severity}), ${escapeMarkdown(subjectLabel(finding))}: ${escapeMarkdown(describeFix(finding))}`,
    ),
  ];
}

/** The fix by channel, each labelled: the control-panel steps, then the API call. */
function fixLines(remediation: Finding['remediation']): string[] {
  return [
    `Fix in the control panel: ${prose(remediation.console)}`,
    ...(remediation.api !== undefined ? [`Fix by API: ${prose(remediation.api)}`] : []),
  ];
}

/** A markdown link: brackets in the title and parentheses or spaces in the URL cannot end it early. */
function link(reference: Finding['references'][number]): string {
  const url = reference.url.replace(/[()\s]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${prose(reference.title).replace(/[[\]]/g, '\\$&')}](${url})`;
}

function mutedSection(report: Report): string[] {
  const groups = groupMuted(report);
  if (groups.length === 0) return [];
  return [
    `## Muted by exception (${formatCount(mutedTotal(report))})`,
    '',
    ...groups.map(
      (group) =>
        `- ${markdownCode(group.ruleId)}: ${formatCount(group.count)} (${escapeMarkdown(group.reason)}; expires ${escapeMarkdown(group.expires)}` +
        `${group.ticket ? `; ticket ${escapeMarkdown(group.ticket)}` : ''})`,
    ),
  ];
}

/** Each framework's counts, then a table of its requirements (the compliance table's own text, numbers as written). */
function complianceSection(report: Report): string[] {
  const tallies = tallyByFramework(report.compliance ?? []);
  if (tallies.length === 0) return [];
  const lines = ['## Compliance'];
  for (const tally of tallies) {
    lines.push(
      '',
      `**${escapeMarkdown(describeTally(tally))}**`,
      '',
      '| Requirement | Status | Title | Rules |',
      '| --- | --- | --- | --- |',
      ...tally.rows.map(
        (row) =>
          `| ${row.requirement} | ${COMPLIANCE_LABELS[row.status]} (${row.status}) | ${escapeMarkdown(row.title)} | ` +
          `${row.rules.map(markdownCode).join(', ')} |`,
      ),
    );
  }
  return lines;
}

function remediationSection(report: Report): string[] {
  const { mode, changes } = report.remediation;
  const lines = [`## Remediation (mode \`${mode}\`)`, ''];
  if (changes.length === 0) return [...lines, 'Nothing to change.'];
  const buckets = changesByStatus(report);
  for (const bucket of Object.keys(CHANGE_HEADINGS) as ChangeBucket[]) {
    if (buckets[bucket].length === 0) continue;
    lines.push(`**${CHANGE_HEADINGS[bucket]}**`, '');
    for (const change of buckets[bucket]) {
      lines.push(`- ${escapeMarkdown(describeChange(change))}`);
      for (const detail of describeDetails(change, Number.POSITIVE_INFINITY)) lines.push(`  - ${escapeMarkdown(detail)}`);
    }
    lines.push('');
  }
  return lines.slice(0, -1);
}

/** Errors, or warnings (what the run could not do that judges nothing): each with what to do. */
function problemsSection(heading: string, problems: readonly ReportError[]): string[] {
  if (problems.length === 0) return [];
  return [
    `## ${heading}`,
    '',
    ...problems.flatMap((problem) => [
      `- ${escapeMarkdown(describeError(problem))}`,
      ...(problem.action ? [`  - What to do: ${escapeMarkdown(problem.action)}`] : []),
    ]),
  ];
}

/**
 * The rules' own text (the catalog's, not the API's), which names placeholders such as
 * <user id>: kept on one line and from reading as an HTML tag, and otherwise as written.
 */
function prose(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/</g, '\\<');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
