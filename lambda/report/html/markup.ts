/**
 * Building HTML that is safe by construction: markup is an `Html` value, made only by the `html`
 * tagged template, whose literal parts are the page's own markup and whose interpolated values are
 * escaped (escapeHtml) unless they are `Html` already. A value from the API can therefore never
 * become a tag or an attribute, whichever way it is placed. Values go only into element content
 * or double-quoted attribute values; URLs only through `link`, which accepts http(s) alone.
 */
import { escapeHtml } from '../escape.js';

export class Html {
  constructor(readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

/** What a template may interpolate: text (escaped), numbers (as written), markup, lists of them, or nothing. */
export type Part = string | number | Html | readonly Part[] | null | undefined | false;

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.markup;
  // As written (coordinates, counts in attributes): formatCount for people's thousands separators.
  if (typeof part === 'number') return String(part);
  if (typeof part === 'string') return escapeHtml(part);
  return part.map(render).join('');
}

export function html(literals: TemplateStringsArray, ...parts: Part[]): Html {
  let markup = literals[0] ?? '';
  parts.forEach((part, index) => {
    markup += render(part) + (literals[index + 1] ?? '');
  });
  return new Html(markup);
}

/** Many pieces of markup as one, without building one string per level of nesting. */
export function join(parts: readonly Part[], separator = ''): Html {
  return new Html(parts.map(render).join(separator));
}

/** The URL when it is an absolute http or https URL (normalised by the URL parser), else undefined. */
export function httpUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A link to a document elsewhere (a rule's references): opened without the referrer and without
 * a handle on this page. A URL that is not http(s) (javascript:, data:, a relative path) is shown
 * as text, never linked.
 */
export function link(url: string, label: string): Html {
  const href = httpUrl(url);
  if (href === undefined) return html`${label} (${url})`;
  return html`<a href="${href}" rel="noopener noreferrer">${label}</a>`;
}

/** A table: a header row and body rows of cells (each cell's markup, or text to escape). */
export function table(headers: readonly string[], rows: readonly (readonly Part[])[], className = ''): Html {
  const head = join(headers.map((header) => html`<th scope="col">${header}</th>`));
  const body = join(rows.map((row) => html`<tr>${join(row.map((cell) => html`<td>${cell}</td>`))}</tr>`), '\n');
  return html`<div class="scroll"><table${className ? html` class="${className}"` : ''}>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table></div>`;
}
