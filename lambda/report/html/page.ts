/**
 * The report as one self-contained HTML page for people who look rather than parse: the status,
 * failing findings by severity as a chart, each failing rule with its fix and references, who
 * made the change when known, the users (the access review) and tokens, what remediation did,
 * what changed since the previous run, what could not be checked, and the compliance summary.
 *
 * Self-contained and inert: the style sheet and the chart are inline, nothing is loaded, nothing
 * runs (no script, no event handler; a Content-Security-Policy that allows only the page's own
 * style sheet), and every value from the API is escaped where it is placed (markup.ts). The only
 * URLs are the rules' references, plain http(s) links. Printable, and readable on a phone.
 */
import { describeTally, tallyByFramework } from '../compliance-summary.js';
import { escapeHtml } from '../escape.js';
import { cut, failingTotal, fixedTotal, formatCount, mutedTotal, plural, severityBreakdown, uncheckedTotal } from '../facts.js';
import { FINDING_STATUSES, type Report } from '../model.js';
import { summaryLine } from '../text.js';
import { tokensSection, usersSection } from './access.js';
import { severityChart } from './chart.js';
import { failingSection, fixedSection, mutedSection, uncheckedSection } from './findings.js';
import { Html, html, join, table } from './markup.js';
import { complianceSection, deltaSection, problemsSections, remediationSection, rulesSection } from './run.js';
import { CONTENT_SECURITY_POLICY, STYLE } from './styles.js';

export interface HtmlOptions {
  /** Users and tokens listed before "and N more" (the archive's page of a very large account). */
  maxAccessRows?: number;
  /** Where every user is listed when the page cuts the list. */
  fullListAt?: string;
}

const MAX_TITLE = 70;

const NAV = [
  ['summary', 'Summary'],
  ['findings', 'Failing findings'],
  ['compliance', 'Compliance'],
  ['users', 'Users'],
  ['tokens', 'API tokens'],
  ['remediation', 'Remediation'],
  ['delta', 'Since the previous run'],
  ['rules', 'Rules'],
] as const;

/** The name cut so that, as written in the page (entities, controls shown escaped), it takes at most `max` characters. */
function titleName(name: string, max: number): string {
  // Escaping never shortens: start from `max` characters at most.
  let length = Math.min(name.length, max);
  while (length > 0 && escapeHtml(cut(name, length)).length > max) length -= 1;
  return cut(name, length);
}

function header(report: Report): Html {
  const customer = report.customer.name || report.customer.id;
  return html`<header>
<p class="meta">Fastly compliance audit${report.demo ? ' (DEMO: the built-in simulator\u2019s demo account)' : ''}</p>
<h1>${customer} <span class="badge s-${report.status}">${report.status}</span></h1>
<p class="summary">${summaryLine(report, undefined, (text) => text)}</p>
<p class="meta">Customer id <code>${report.customer.id}</code> \u00b7 run <code>${report.runId}</code> \u00b7 ${report.startedAt} to ${report.finishedAt} \u00b7 ${report.tool.name} ${report.tool.version} \u00b7 remediation mode ${report.remediation.mode}</p>
</header>`;
}

function nav(report: Report): Html {
  const present = NAV.filter(([id]) => id !== 'tokens' || report.accessReview?.tokens !== undefined);
  const items = [
    ...present.map(([id, label]) => html`<li><a href="#${id}">${label}</a></li>`),
    ...(report.errors.length > 0 ? [html`<li><a href="#errors">Errors</a></li>`] : []),
  ];
  return html`<nav aria-label="Sections"><ul>${join(items)}</ul></nav>`;
}

function overview(report: Report): Html {
  const breakdown = severityBreakdown(report);
  const counts = FINDING_STATUSES.map((status) => [status, formatCount(report.summary.byStatus[status])]);
  const checked = [
    ['Users checked', formatCount(report.summary.usersChecked)],
    ['API tokens checked', formatCount(report.summary.tokensChecked)],
    ['Invitations checked', formatCount(report.summary.invitationsChecked)],
  ];
  return html`<section id="summary"><h2>Summary</h2>
<p>${plural(failingTotal(report), 'failing finding')}${breakdown ? ` (${breakdown})` : ''}; ${formatCount(uncheckedTotal(report))} not checked; ${formatCount(fixedTotal(report))} fixed in this run; ${formatCount(mutedTotal(report))} muted.</p>
${join(tallyByFramework(report.compliance ?? []).map((tally) => html`<p><a href="#compliance">${describeTally(tally)}</a></p>`))}
<div class="overview">
${severityChart(report)}
${table(['Results by status', 'Count'], counts)}
${table(['Read', 'Count'], checked)}
</div>
</section>`;
}

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const prefix = `Fastly audit${report.demo ? ' (DEMO)' : ''}: `;
  const status = ` - ${report.status}`;
  // Browsers show about 70 characters of a title (and the validator holds it to that).
  const title = `${prefix}${titleName(report.customer.name || report.customer.id, MAX_TITLE - prefix.length - status.length)}${status}`;
  const access = {
    maxRows: options.maxAccessRows ?? Number.POSITIVE_INFINITY,
    fullListAt: options.fullListAt ?? 'the JSON report (--format json) or the CSV (--format csv)',
  };
  const body = [
    header(report),
    html`<main>`,
    nav(report),
    overview(report),
    failingSection(report),
    uncheckedSection(report),
    fixedSection(report),
    mutedSection(report),
    complianceSection(report),
    usersSection(report, access),
    tokensSection(report, access),
    remediationSection(report),
    deltaSection(report),
    problemsSections(report),
    rulesSection(report),
    html`</main>`,
    html`<footer><p>Generated by ${report.tool.name} ${report.tool.version} at ${report.finishedAt}. This page loads and runs nothing; the JSON report holds every value as Fastly returned it.</p></footer>`,
  ];
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${new Html(CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
${join(body, '\n')}
</body>
</html>
`;
  return page.markup;
}
