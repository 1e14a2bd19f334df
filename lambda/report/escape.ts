/**
 * API data made inert for each kind of output people read. A customer name, a login, a message
 * that quotes them or an error text a server sent can hold line breaks, terminal escapes,
 * markdown or HTML: no such value may add a line, a heading, a link or a terminal sequence to a
 * report. Renderers pass every value they interpolate through the function of their output kind.
 *
 * Control characters are never dropped silently: they are shown escaped (`\n`, `\x1b`, `\u202e`)
 * so a person can see that the data held them.
 */

/**
 * C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional
 * formatting characters (which can make text read differently from what it is).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED_CONTROLS: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(char: string): string {
  const named = NAMED_CONTROLS[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Every control character shown escaped: the text stays on one line and drives no terminal. */
function showControls(text: string): string {
  return text.replace(CONTROL, visible);
}

/** Text for a terminal (the text report, the CLI's messages on stderr). */
export function escapeTerminal(text: string): string {
  return showControls(text);
}

/**
 * Text for the email notification: plain text, so what matters is that no value adds a line
 * (which could forge a heading or a "what to do") or carries an escape a terminal mail reader obeys.
 */
export function escapeEmail(text: string): string {
  return showControls(text);
}

/**
 * Characters with a meaning anywhere in a markdown line: emphasis, code, links, HTML, entities,
 * tables, headings' closing marks, math. `_` only at a word's edge: inside a word (force_2fa) it
 * emphasises nothing.
 */
const MARKDOWN_INLINE = /[\\`*[\]<&|~$#]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
/** What opens a block when it starts the text (a quote, list item, setext line or indented code). */
const MARKDOWN_BLOCK_START = /^(?:[ \t]+|[>+=-]|\d{1,9}(?=[.)]))/;

/**
 * Text for markdown (CommonMark and GitHub's flavour): on one line, every markdown and HTML
 * character backslash-escaped, so it renders as the same text and nothing else, wherever it
 * is placed in a line (a heading, a list item, a table cell).
 */
export function escapeMarkdown(text: string): string {
  const escaped = showControls(text).replace(MARKDOWN_INLINE, '\\$&');
  return escaped.replace(MARKDOWN_BLOCK_START, (start) =>
    /^\d/.test(start) ? `${start}\\` : /^[ \t]/.test(start) ? '' : `\\${start}`,
  );
}

/**
 * A markdown code span holding `text` as it is: backslashes do not escape inside code, so the
 * fence is one backtick longer than the longest run of backticks in the text.
 */
export function markdownCode(text: string): string {
  const shown = showControls(text);
  const longest = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = shown.startsWith('`') || shown.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/**
 * Text for Slack through AWS Chatbot ("client-markdown", Slack's mrkdwn): on one line; angle
 * brackets, which Slack reads as mentions and links (<!channel>, <url|text>), swapped for
 * look-alikes; no backticks, which would end a code span; and the emphasis marks (* ~, and _ at
 * a word's edge) swapped for look-alikes, since mrkdwn has no backslash escape.
 */
export function escapeChat(text: string): string {
  return showControls(text)
    .replace(/->/g, '\u2192')
    .replace(/</g, '\u2039')
    .replace(/>/g, '\u203a')
    .replace(/`/g, '')
    .replace(/\*/g, '\u2217')
    .replace(/~/g, '\u223c')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\u02cd');
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for HTML, in element content and in quoted attribute values alike: the five characters
 * with a meaning in markup become entities, and control characters are shown escaped (\n, \x1b,
 * \u202e) as in the other outputs, so no value can open a tag, end an attribute or reorder what
 * is read. lambda/report/html/markup.ts applies it to every value a page interpolates.
 */
export function escapeHtml(text: string): string {
  return showControls(text).replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

/** Controls but the tab and the line breaks, which a quoted CSV field holds as they are. */
// eslint-disable-next-line no-control-regex
const CSV_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/**
 * What makes a spreadsheet read a cell as a formula (CSV injection): =, +, -, @ (and their
 * full-width forms, which some spreadsheets accept), also after leading blanks, and a leading tab
 * or carriage return.
 */
const CSV_FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uff1d\uff0b\uff0d\uff20])/;

/**
 * A CSV cell's text (the access review): a value that would start a formula gets a leading `'`,
 * which spreadsheets show as text; terminal escapes and bidirectional overrides are shown escaped
 * as in the other outputs. Tabs and line breaks stay: quoting (lambda/report/csv.ts) keeps them
 * inside their field.
 */
export function escapeCsvCell(text: string): string {
  const shown = text.replace(CSV_CONTROL, visible);
  return CSV_FORMULA_START.test(shown) ? `'${shown}` : shown;
}
