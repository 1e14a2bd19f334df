/**
 * Checks of an HTML report page in the test suite, without a browser: a real validator
 * (html-validate, run as a library, with a strict configuration) and its parser, to read the page
 * as a browser would build it and list whatever could load or run something.
 */
import { HtmlValidate, Parser, type HtmlElement } from 'html-validate';

/** The recommended rules and more: headings in order, known elements only, no dangling references, links only to Fastly's documentation. */
export const STRICT_HTML_CONFIG = {
  extends: ['html-validate:recommended'],
  rules: {
    'heading-level': 'error',
    'missing-doctype': 'error',
    'no-missing-references': 'error',
    'no-unknown-elements': 'error',
    'require-sri': 'error',
    'allowed-links': ['error', { allowExternal: { include: ['^https://(docs|www)\\.fastly\\.com/'] }, allowRelative: false, allowAbsolute: false, allowBase: false }],
  },
} as const;

const validator = new HtmlValidate(STRICT_HTML_CONFIG as never);

/** Every problem the validator finds, as "line:column rule message". */
export async function htmlProblems(page: string): Promise<string[]> {
  const report = await validator.validateString(page, 'report.html');
  return report.results.flatMap((result) => result.messages.map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.message}`));
}

export interface PageElement {
  tagName: string;
  attributes: Record<string, string | null>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** An attribute's value as a browser reads it: the entities the page writes decoded. */
function decoded(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? '');
}

/** The page's elements in document order, as the parser builds them, attribute values decoded. */
export async function pageElements(page: string): Promise<PageElement[]> {
  const config = await validator.getConfigFor('report.html');
  const root = new Parser(config).parseHtml(page);
  return root.querySelectorAll('*').map((element: HtmlElement) => ({
    tagName: element.tagName,
    attributes: Object.fromEntries(
      element.attributes.map((attribute) => [attribute.key, attribute.value === null ? null : decoded(typeof attribute.value === 'string' ? attribute.value : String(attribute.value))]),
    ),
  }));
}

/** Elements that load, run, embed or submit something. */
const ACTIVE_ELEMENTS = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'img', 'image', 'video', 'audio', 'source', 'link', 'base', 'form', 'input', 'button', 'textarea', 'foreignobject', 'use', 'animate', 'set']);
/** Attributes that name something to load or run. */
const LOADING_ATTRIBUTES = new Set(['src', 'srcset', 'action', 'formaction', 'data', 'poster', 'background', 'xlink:href', 'ping', 'style']);

/**
 * What could load or run something, or show an unchecked link: active elements, event handler
 * attributes (on*), loading attributes, style attributes, and links that are neither a fragment
 * of the page nor an https link opened without referrer or opener. Empty for an inert page.
 */
export function activeContent(elements: readonly PageElement[]): string[] {
  const problems: string[] = [];
  let styles = 0;
  for (const { tagName, attributes } of elements) {
    if (ACTIVE_ELEMENTS.has(tagName.toLowerCase())) problems.push(`<${tagName}> element`);
    if (tagName === 'style' && ++styles > 1) problems.push('a second <style> element');
    for (const [name, value] of Object.entries(attributes)) {
      const key = name.toLowerCase();
      if (key.startsWith('on')) problems.push(`${key} attribute on <${tagName}>`);
      if (LOADING_ATTRIBUTES.has(key)) problems.push(`${key} attribute on <${tagName}>`);
      if (key === 'href') {
        const href = value ?? '';
        if (tagName !== 'a') problems.push(`href on <${tagName}>`);
        else if (href.startsWith('#')) continue;
        else if (!/^https:\/\//.test(href)) problems.push(`link to ${href}`);
        else if (attributes.rel !== 'noopener noreferrer') problems.push(`link to ${href} without rel="noopener noreferrer"`);
      }
    }
  }
  return problems;
}

/** Tag names and attribute names in order: the page's structure, whatever the text in it. */
export function shapeOf(elements: readonly PageElement[]): string[] {
  return elements.map(({ tagName, attributes }) => `${tagName}[${Object.keys(attributes).sort().join(',')}]`);
}

/** Every element the report page is made of (lambda/report/html/): anything else was injected. */
const PAGE_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'main', 'nav', 'footer', 'section', 'div',
  'h1', 'h2', 'h3', 'h4', 'p', 'ul', 'li', 'a', 'span', 'code', 'strong', 'br',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'svg', 'svg:title', 'g', 'text', 'rect',
]);
/** Every attribute the page writes. */
const PAGE_ATTRIBUTES = new Set([
  'lang', 'charset', 'http-equiv', 'content', 'name', 'class', 'id', 'href', 'rel', 'scope', 'aria-label', 'role',
  'viewbox', 'width', 'height', 'x', 'y', 'rx', 'fill', 'font-size', 'font-weight',
]);

/** Elements and attributes the page's renderer never writes: markup that came from the data. */
export function foreignMarkup(elements: readonly PageElement[]): string[] {
  return elements.flatMap(({ tagName, attributes }) => [
    ...(PAGE_TAGS.has(tagName.toLowerCase()) ? [] : [`<${tagName}>`]),
    ...Object.keys(attributes)
      .filter((name) => !PAGE_ATTRIBUTES.has(name.toLowerCase()))
      .map((name) => `${name} on <${tagName}>`),
  ]);
}
