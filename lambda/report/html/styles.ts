/**
 * The page's one style sheet, inline, and the Content-Security-Policy that allows exactly it: the
 * page loads nothing (default-src 'none'), runs nothing (no script source at all), and styles only
 * with this sheet, named by its SHA-256 hash, so even markup that slipped in could not add a
 * style. Readable on a phone (tables scroll sideways inside their box) and printable (no
 * navigation, rows kept whole, link targets written out).
 */
import { createHash } from 'node:crypto';

export const STYLE = `
:root { --ink: #1d2430; --muted: #5b6573; --line: #d8dde4; --paper: #ffffff; --wash: #f4f6f8;
  --critical: #8e1020; --high: #c2410c; --medium: #a16207; --low: #1d4ed8;
  --pass: #15803d; --fail: #b91c1c; --error: #7e22ce; --quiet: #64748b; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--wash); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main, footer { max-width: 70rem; margin: 0 auto; padding: 1rem 1.25rem; }
header { background: var(--paper); border-bottom: 1px solid var(--line); }
h1 { font-size: 1.5rem; margin: 0.25rem 0 0.5rem; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 0 0 0.75rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 0.5rem; overflow-wrap: anywhere; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin: 1rem 0; }
p { margin: 0.4rem 0; }
nav ul { list-style: none; padding: 0; margin: 0.5rem 0 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
a { color: #1d4ed8; }
code { font: 0.9em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--wash); padding: 0 0.2em; border-radius: 3px; overflow-wrap: anywhere; }
.summary { font-size: 1.05rem; }
.meta { color: var(--muted); font-size: 0.9rem; }
.badge { display: inline-block; white-space: nowrap; padding: 0.1rem 0.6rem; border-radius: 999px; color: #fff; font-weight: 700; font-size: 0.85rem; letter-spacing: 0.03em; }
.s-PASS, .s-FIXED { background: var(--pass); }
.s-FAIL { background: var(--fail); }
.s-ERROR { background: var(--error); }
.s-MUTED, .s-NOT_APPLICABLE { background: var(--quiet); }
.sev { font-weight: 700; text-transform: uppercase; font-size: 0.8rem; }
.sev-critical { color: var(--critical); } .sev-high { color: var(--high); }
.sev-medium { color: var(--medium); } .sev-low { color: var(--low); }
.overview { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
.chart { width: 100%; max-width: 26rem; height: auto; }
.scroll { overflow-x: auto; margin: 0.5rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border-bottom: 1px solid var(--line); padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
/* Logins, names and messages wrap at word ends; dates, flags and counts of the lists stay whole. */
table.access td:nth-child(n+3):nth-child(-n+8), td code { white-space: nowrap; overflow-wrap: normal; }
th { background: var(--wash); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; }
.rule { border-left: 4px solid var(--line); padding-left: 0.9rem; margin: 1rem 0; }
.rule-critical { border-color: var(--critical); } .rule-high { border-color: var(--high); }
.rule-medium { border-color: var(--medium); } .rule-low { border-color: var(--low); }
.label { color: var(--muted); font-weight: 600; }
.new { color: var(--fail); font-weight: 700; }
.note { color: var(--muted); font-style: italic; }
ul.plain { margin: 0.25rem 0; padding-left: 1.25rem; }
footer { color: var(--muted); font-size: 0.85rem; }
@media (max-width: 40rem) {
  body { font-size: 14px; }
  header, main, footer { padding: 0.75rem; }
  section { padding: 0.75rem; }
}
@media print {
  body { background: #fff; font-size: 11pt; }
  nav { display: none; }
  section { border: 0; padding: 0; margin: 0 0 1rem; break-inside: auto; }
  .scroll { overflow: visible; }
  tr, .rule { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; color: var(--muted); }
  .badge { border: 1px solid var(--ink); color: var(--ink); background: none; }
}
`;

/** 'sha256-...' of the style sheet, as CSP names an inline block it allows. */
export const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}`;

/**
 * Written into the page as it is (a double-quoted attribute: it holds no double quote).
 * Nothing is loaded or run: no scripts (no script-src, and default-src 'none'), no fetches, no
 * frames, no forms, no base URL; only this style sheet and, should one ever be added, data: images.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src '${STYLE_HASH}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
