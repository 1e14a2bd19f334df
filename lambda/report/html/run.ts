/**
 * The page's account of the run: the compliance summary, every rule's row, what remediation did
 * or would do, what changed since the previous run, and the errors and warnings with what to do.
 */
import { COMPLIANCE_LABELS, describeTally, tallyByFramework } from '../compliance-summary.js';
import { CHANGE_HEADINGS, changesByStatus, describeDetails, describeError, formatCount, formatValue, subjectLabel, type ChangeBucket } from '../facts.js';
import type { FindingStatus, Report, ReportError } from '../model.js';
import { html, join, table, type Html } from './markup.js';

/** Findings listed by id in the delta before "and N more". */
const MAX_DELTA_ITEMS = 100;

function status(value: FindingStatus, label: string = value): Html {
  return html`<span class="badge s-${value}">${label}</span>`;
}

export function complianceSection(report: Report): Html {
  const tallies = tallyByFramework(report.compliance ?? []);
  if (tallies.length === 0) return html``;
  const blocks = tallies.map(
    (tally) => html`<h3>${describeTally(tally)}</h3>
${table(
  ['Requirement', 'Status', 'Title', 'Rules'],
  tally.rows.map((row) => [row.requirement, status(row.status, COMPLIANCE_LABELS[row.status]), row.title, join(row.rules.map((id) => html`<code>${id}</code>`), ' ')]),
)}`,
  );
  return html`<section id="compliance"><h2>Compliance</h2>
<p>Each requirement takes the worst status of the rules that give evidence for it; rules that did not run are left out, and a requirement none of whose rules ran is not assessed.</p>
${join(blocks, '\n')}
</section>`;
}

export function rulesSection(report: Report): Html {
  if (report.rules.length === 0) return html``;
  return html`<section id="rules"><h2>Rules</h2>
${table(
  ['Rule', 'Title', 'Severity', 'Status', 'Checked', 'Failed', 'Muted'],
  report.rules.map((rule) => [
    html`<code>${rule.ruleId}</code>`,
    rule.title,
    html`<span class="sev sev-${rule.severity}">${rule.severity}</span>`,
    status(rule.status),
    formatCount(rule.checked),
    formatCount(rule.failed),
    formatCount(rule.muted),
  ]),
)}
</section>`;
}

export function remediationSection(report: Report): Html {
  const { mode, changes } = report.remediation;
  if (changes.length === 0) return html`<section id="remediation"><h2>Remediation (mode ${mode})</h2><p>Nothing to change.</p></section>`;
  const buckets = changesByStatus(report);
  const rows = (Object.keys(CHANGE_HEADINGS) as ChangeBucket[]).flatMap((bucket) =>
    buckets[bucket].map((change) => [
      CHANGE_HEADINGS[bucket],
      html`<code>${change.ruleId}</code>`,
      change.field,
      formatValue(change.from),
      formatValue(change.to),
      'after' in change ? formatValue(change.after) : '',
      html`${change.reason ?? ''}${join(describeDetails(change, 20).map((detail) => html`<br>${detail}`))}`,
    ]),
  );
  return html`<section id="remediation"><h2>Remediation (mode ${mode})</h2>
<p>${mode === 'plan' ? 'Plan mode: nothing was written to the account; this is what a run in apply mode would change.' : 'Apply mode: accepted changes were written in one update and read back.'}</p>
${table(['Outcome', 'Rule', 'Field', 'Before', 'To', 'Read back', 'Why'], rows)}
</section>`;
}

export function deltaSection(report: Report): Html {
  const { delta } = report;
  if (!delta) return html`<section id="delta"><h2>Since the previous run</h2><p>No previous complete report: this is the first run compared.</p></section>`;
  const byId = new Map(report.findings.map((finding) => [finding.id, finding]));
  const fresh = delta.new.slice(0, MAX_DELTA_ITEMS).map((id) => {
    const finding = byId.get(id);
    return finding ? html`<li><code>${finding.ruleId}</code> ${subjectLabel(finding)}</li>` : html`<li><code>${id}</code></li>`;
  });
  const rest = delta.new.length - fresh.length;
  return html`<section id="delta"><h2>Since the previous run</h2>
<p>Previous status ${status(delta.previousStatus)}: ${formatCount(delta.new.length)} new, ${formatCount(delta.resolved.length)} resolved, ${formatCount(delta.unchanged.length)} unchanged.</p>
${fresh.length > 0 ? html`<ul class="plain">${join(fresh)}${rest > 0 ? html`<li>and ${formatCount(rest)} more</li>` : ''}</ul>` : ''}
</section>`;
}

function problems(id: string, heading: string, list: readonly ReportError[]): Html {
  if (list.length === 0) return html``;
  const items = list.map(
    (problem) => html`<li>${describeError(problem)}${problem.action ? html`<br><span class="label">What to do:</span> ${problem.action}` : ''}</li>`,
  );
  return html`<section id="${id}"><h2>${heading} (${formatCount(list.length)})</h2><ul class="plain">${join(items)}</ul></section>`;
}

export function problemsSections(report: Report): Html {
  return html`${problems('errors', 'Errors', report.errors)}
${problems('warnings', 'Warnings', report.warnings)}`;
}
