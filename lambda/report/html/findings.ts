/**
 * The page's findings: what fails (by severity, then by rule: its risk, its fix in the control
 * panel and by API, its references, then each subject with who made the change when known), what
 * could not be checked, what this run fixed, and what is muted by exception.
 */
import {
  describeAttribution,
  formatCount,
  formatValue,
  groupFailing,
  groupMuted,
  mutedTotal,
  newFindingIds,
  plural,
  sharedRemediation,
  subjectLabel,
  uncheckedTotal,
  type RuleGroup,
} from '../facts.js';
import type { Finding, Report } from '../model.js';
import { groupUnchecked } from '../unchecked.js';
import { html, join, link, table, type Html } from './markup.js';

function fix(remediation: Finding['remediation']): Html {
  return html`<p><span class="label">Fix in the control panel:</span> ${remediation.console}</p>
${remediation.api !== undefined ? html`<p><span class="label">Fix by API:</span> <code>${remediation.api}</code></p>` : ''}`;
}

function references(rule: RuleGroup): Html {
  if (rule.references.length === 0) return html``;
  return html`<p><span class="label">References:</span></p>
<ul class="plain">${join(rule.references.map((reference) => html`<li>${link(reference.url, reference.title)}</li>`))}</ul>`;
}

function findingCell(finding: Finding, fresh: Set<string>, withFix: boolean): Html {
  const expired = finding.exception?.expired ? html`<br><span class="note">exception expired ${finding.exception.expires}: ${finding.exception.reason}</span>` : '';
  const attribution = finding.attribution ? html`<br><span class="note">${describeAttribution(finding.attribution)}</span>` : '';
  const ownFix = withFix ? html`<br><span class="label">fix:</span> ${finding.remediation.console}${finding.remediation.api !== undefined ? html` <code>${finding.remediation.api}</code>` : ''}` : '';
  const isNew = fresh.has(finding.id) ? html` <span class="new">new</span>` : '';
  return html`${finding.message}${isNew}${expired}${attribution}${ownFix}`;
}

/** A rule whose rows were cut from an archived report (lambda/report/bound.ts) says how many. */
function cutNote(report: Report, ruleId: string): Html {
  const truncated = report.rules.find((rule) => rule.ruleId === ruleId)?.truncated;
  if (!truncated) return html``;
  return html`<p class="note">and ${formatCount(truncated)} more of this rule's findings, not listed in the archived report (the notification and the delta count them all)</p>`;
}

function ruleBlock(report: Report, rule: RuleGroup, severity: string, fresh: Set<string>): Html {
  const shared = sharedRemediation(rule);
  const rows = rule.findings.map((finding) => [finding.subject.type, finding.subject.name || finding.subject.id, findingCell(finding, fresh, !shared)]);
  return html`<div class="rule rule-${severity}">
<h4><code>${rule.ruleId}</code> ${rule.title} <span class="meta">(${formatCount(rule.findings.length)} failing)</span></h4>
<p><span class="label">Risk:</span> ${rule.risk}</p>
${shared ? fix(shared) : ''}
${references(rule)}
${table(['Subject', 'Name', 'What is wrong'], rows)}
${cutNote(report, rule.ruleId)}
</div>`;
}

export function failingSection(report: Report): Html {
  const groups = groupFailing(report);
  if (groups.length === 0) return html`<section id="findings"><h2>Failing findings</h2><p>Nothing fails.</p></section>`;
  const fresh = newFindingIds(report);
  const blocks = groups.map(
    (group) => html`<h3><span class="sev sev-${group.severity}">${group.severity}</span> (${formatCount(group.count)})</h3>
${join(group.rules.map((rule) => ruleBlock(report, rule, group.severity, fresh)), '\n')}`,
  );
  return html`<section id="findings"><h2>Failing findings</h2>
${join(blocks, '\n')}
</section>`;
}

/** Rules that could not be checked: not known to fail, never a pass; and what to do about them. */
export function uncheckedSection(report: Report): Html {
  const groups = groupUnchecked(report);
  if (groups.length === 0) return html``;
  const blocks = groups.map(
    (group) => html`${table(
      ['Rule', 'Severity', 'Why not checked'],
      group.findings.map((finding) => [html`<code>${finding.ruleId}</code>`, finding.severity, finding.message]),
    )}
${group.action ? html`<p><span class="label">What to do about ${group.findings.map((finding) => finding.ruleId).join(', ')}:</span> ${group.action}</p>` : ''}`,
  );
  return html`<section id="not-checked"><h2>Not checked (${formatCount(uncheckedTotal(report))})</h2>
<p>The data these rules need could not be read: they are not known to pass.</p>
${join(blocks, '\n')}
</section>`;
}

/** What this run fixed and verified: the value found and the value read back. */
export function fixedSection(report: Report): Html {
  const findings = groupFailing(report, 'FIXED').flatMap((group) => group.rules.flatMap((rule) => rule.findings));
  if (findings.length === 0) return html``;
  const rows = findings.map((finding) => [
    html`<code>${finding.ruleId}</code>`,
    subjectLabel(finding),
    finding.fix ? finding.fix.field : '',
    finding.fix ? formatValue(finding.fix.before) : '',
    finding.fix ? formatValue(finding.fix.after) : '',
    finding.message,
  ]);
  return html`<section id="fixed"><h2>Fixed in this run (${formatCount(findings.length)})</h2>
<p>Each fix was written to the account and read back equal.</p>
${table(['Rule', 'Subject', 'Field', 'Before', 'After (read back)', 'What was wrong'], rows)}
</section>`;
}

export function mutedSection(report: Report): Html {
  const groups = groupMuted(report);
  if (groups.length === 0) return html``;
  return html`<section id="muted"><h2>Muted by exception (${plural(mutedTotal(report), 'finding')})</h2>
${table(
  ['Rule', 'Findings', 'Reason', 'Expires', 'Ticket'],
  groups.map((group) => [html`<code>${group.ruleId}</code>`, formatCount(group.count), group.reason, group.expires, group.ticket ?? '']),
)}
</section>`;
}
