/**
 * Failing findings by severity as an inline SVG bar chart: one bar per severity, critical first,
 * its length proportional to the count, the count written beside it. Drawn from the summary's
 * numbers only (no API text), with a title and a label for screen readers.
 */
import { formatCount, plural } from '../facts.js';
import { SEVERITIES, type Report, type Severity } from '../model.js';
import { html, join, type Html } from './markup.js';

const COLOURS: Record<Severity, string> = { critical: '#8e1020', high: '#c2410c', medium: '#a16207', low: '#1d4ed8' };
const WIDTH = 420;
const LABEL_WIDTH = 80;
const COUNT_WIDTH = 70;
const BAR_HEIGHT = 22;
const GAP = 10;

export function severityChart(report: Pick<Report, 'summary'>): Html {
  const counts = SEVERITIES.map((severity) => ({ severity, count: report.summary.bySeverity[severity] }));
  const max = Math.max(1, ...counts.map((entry) => entry.count));
  const room = WIDTH - LABEL_WIDTH - COUNT_WIDTH;
  const height = SEVERITIES.length * (BAR_HEIGHT + GAP) + GAP;
  const described = counts.map((entry) => `${formatCount(entry.count)} ${entry.severity}`).join(', ');
  const total = counts.reduce((sum, entry) => sum + entry.count, 0);
  const bars = counts.map((entry, index) => {
    const y = GAP + index * (BAR_HEIGHT + GAP);
    // A zero count still shows a sliver, so an empty row reads as "none", not as missing.
    const length = entry.count === 0 ? 2 : Math.max(4, Math.round((entry.count / max) * room));
    return html`<g>
<text x="0" y="${y + 16}" font-size="14" fill="#1d2430">${entry.severity}</text>
<rect x="${LABEL_WIDTH}" y="${y}" width="${length}" height="${BAR_HEIGHT}" rx="3" fill="${COLOURS[entry.severity]}"/>
<text x="${LABEL_WIDTH + length + 6}" y="${y + 16}" font-size="14" font-weight="700" fill="#1d2430">${formatCount(entry.count)}</text>
</g>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="Failing findings by severity: ${described}">
<title>${plural(total, 'failing finding')} by severity: ${described}</title>
${join(bars, '\n')}
</svg>`;
}
