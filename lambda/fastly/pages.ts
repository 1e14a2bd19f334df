/**
 * Page loops that always end. A list is read page after page, each page validated, until the
 * API says there is no next page. A next link that repeats a page, leaves the API's host or
 * endpoint, or keeps going past `maxPages` ends the loop with a FastlyApiError (or, for a
 * newest-first log read only as far back as needed, with `truncated`), never with a hang and
 * never by sending the token elsewhere.
 */
import type { FastlyOperation } from './api.js';
import type { PageMeta } from './access-schemas.js';
import type { FastlyTransport } from './request.js';
import { invalidResponse, validated } from './validated.js';
import type * as z from '../zod.js';

export interface PageLoop<S extends z.ZodMiniType> {
  operation: FastlyOperation;
  /** The first page's path below the base URL, with its query. */
  firstPath: string;
  schema: S;
  accept?: string;
  /** The most pages read (at least 1). */
  maxPages: number;
  /** The next page's link (absolute, or relative to the page), or undefined on the last page. */
  next(page: z.output<S>, pageNumber: number): string | undefined;
  /**
   * `error`: the list must be read whole, so more pages than `maxPages` is an error.
   * `stop`: a newest-first log; stop there and say it was truncated.
   */
  whenCapped: 'error' | 'stop';
}

export interface PagesRead<Page> {
  pages: Page[];
  /** More pages were left unread (only with whenCapped 'stop'). */
  truncated: boolean;
}

export async function readPages<S extends z.ZodMiniType>(transport: FastlyTransport, loop: PageLoop<S>): Promise<PagesRead<z.output<S>>> {
  const pages: z.output<S>[] = [];
  const seen = new Map<string, number>();
  let path = loop.firstPath;
  for (let pageNumber = 1; ; pageNumber += 1) {
    seen.set(pageKey(path), pageNumber);
    const page = await validated(transport, { operation: loop.operation, method: 'GET', path, accept: loop.accept }, loop.schema);
    pages.push(page);
    const link = loop.next(page, pageNumber);
    if (link === undefined) return { pages, truncated: false };
    const fail = (reason: string) => invalidResponse(transport, loop.operation, reason, { attempts: pageNumber, field: 'links.next' });
    const resolved = resolveNextPage(transport.baseUrl, path, link);
    if (!resolved.ok) throw fail(`page ${pageNumber}: ${resolved.reason}`);
    const repeated = seen.get(pageKey(resolved.path));
    if (repeated !== undefined) throw fail(`page ${pageNumber}: the next page repeats page ${repeated} (${resolved.path})`);
    if (pageNumber >= loop.maxPages) {
      if (loop.whenCapped === 'stop') return { pages, truncated: true };
      throw fail(`still has a next page after ${loop.maxPages} pages, the most the auditor reads of this list`);
    }
    path = resolved.path;
  }
}

/** The same page however its query is written: parameters decoded and in order. */
function pageKey(path: string): string {
  const url = new URL(path, 'http://page.invalid');
  const query = [...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${url.pathname}?${new URLSearchParams(query).toString()}`;
}

export type ResolvedPage = { ok: true; path: string } | { ok: false; reason: string };

/**
 * A next link as a path below the base URL: it must be on the base URL's scheme, host and port,
 * and name the same endpoint as the current page (only its query may change).
 */
export function resolveNextPage(baseUrl: string, currentPath: string, link: string): ResolvedPage {
  const current = new URL(`${baseUrl}${currentPath}`);
  let next: URL;
  try {
    next = new URL(link, current);
  } catch {
    return { ok: false, reason: `links.next is not a URL (${JSON.stringify(link)})` };
  }
  if (next.origin !== current.origin) return { ok: false, reason: `links.next points to another host (${next.origin})` };
  if (next.pathname !== current.pathname) return { ok: false, reason: `links.next points to another endpoint (${next.pathname})` };
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return { ok: true, path: `${next.pathname.slice(basePath.length)}${next.search}` };
}

/**
 * The next page of a JSON:API list: `links.next` when the page has links; a page without links
 * at all falls back on `meta` (current_page < total_pages) and the numbered path.
 */
export function jsonApiNext(
  page: { links?: { next?: string | null } | null; meta?: PageMeta | null },
  pageNumber: number,
  numberedPath: (pageNumber: number) => string,
): string | undefined {
  if (page.links !== undefined && page.links !== null) return page.links.next || undefined;
  return numberedNext(page.meta, pageNumber, undefined, numberedPath);
}

/**
 * The next page of a page-numbered list: none after an empty page or the last one `meta`
 * counts; without a page count, none after a short page.
 */
export function numberedNext(
  meta: PageMeta | null | undefined,
  pageNumber: number,
  itemCount: { items: number; perPage: number } | undefined,
  numberedPath: (pageNumber: number) => string,
): string | undefined {
  if (itemCount !== undefined && itemCount.items === 0) return undefined;
  const total = meta?.total_pages;
  if (total !== undefined && total !== null) return pageNumber < total ? numberedPath(pageNumber + 1) : undefined;
  if (itemCount === undefined || itemCount.items < itemCount.perPage) return undefined;
  return numberedPath(pageNumber + 1);
}
