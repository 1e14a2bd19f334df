/**
 * The simulator's paged lists: /automation-tokens (page, per_page; `{data, meta}`), and the
 * JSON:API lists /invitations and /events (page[number], page[size]; `{data, links, meta}`, with
 * `links.next` absent on the last page), plus the audit log's filters and sort. Links are absolute
 * and keep their brackets unencoded, as in Fastly's recordings. Pages hold the state's own records:
 * they are only serialized, never changed.
 */
import { eventTime } from './state.js';

export const DEFAULT_PAGE_SIZE = 20;

export type Listing = { ok: true; body: unknown } | { ok: false; detail: string };

export interface ListRequest {
  /** `http://127.0.0.1:<port>`: links point back at the simulator. */
  origin: string;
  pathname: string;
  query: URLSearchParams;
  maxPageSize: number;
}

interface Paging {
  number: number;
  size: number;
}

function positiveInt(raw: string | null, fallback: number, name: string): number | string {
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) return `${name} must be a positive integer, got '${raw}'`;
  return Number(raw);
}

function paging(request: ListRequest, numberKey: string, sizeKey: string): Paging | string {
  const number = positiveInt(request.query.get(numberKey), 1, numberKey);
  if (typeof number === 'string') return number;
  const size = positiveInt(request.query.get(sizeKey), DEFAULT_PAGE_SIZE, sizeKey);
  if (typeof size === 'string') return size;
  return { number, size: Math.min(size, request.maxPageSize) };
}

function meta(total: number, page: Paging) {
  return { record_count: total, current_page: page.number, total_pages: Math.ceil(total / page.size), per_page: page.size };
}

function slice<T>(records: readonly T[], page: Paging): T[] {
  return records.slice((page.number - 1) * page.size, page.number * page.size);
}

/** GET /automation-tokens?page=N&per_page=M. */
export function automationTokenPage(records: readonly Record<string, unknown>[], request: ListRequest): Listing {
  const page = paging(request, 'page', 'per_page');
  if (typeof page === 'string') return { ok: false, detail: page };
  return { ok: true, body: { data: slice(records, page), meta: meta(records.length, page) } };
}

function pageLink(request: ListRequest, number: number): string {
  const query = new URLSearchParams(request.query);
  query.set('page[number]', String(number));
  return `${request.origin}${request.pathname}?${query.toString().replace(/%5B/g, '[').replace(/%5D/g, ']')}`;
}

function jsonApiPage(records: readonly Record<string, unknown>[], request: ListRequest): Listing {
  const page = paging(request, 'page[number]', 'page[size]');
  if (typeof page === 'string') return { ok: false, detail: page };
  const { total_pages: totalPages, ...rest } = meta(records.length, page);
  const links = {
    ...(page.number < totalPages ? { next: pageLink(request, page.number + 1) } : {}),
    last: pageLink(request, Math.max(totalPages, 1)),
  };
  return { ok: true, body: { data: slice(records, page), links, meta: { ...rest, total_pages: totalPages } } };
}

/** GET /invitations?page[number]=N&page[size]=M. */
export function invitationPage(records: readonly Record<string, unknown>[], request: ListRequest): Listing {
  return jsonApiPage(records, request);
}

const ATTRIBUTE_FILTERS = ['customer_id', 'event_type', 'user_id', 'service_id', 'token_id'] as const;
const TIME_FILTERS = { gte: (at: number, bound: number) => at >= bound, gt: (at: number, bound: number) => at > bound, lte: (at: number, bound: number) => at <= bound, lt: (at: number, bound: number) => at < bound };

/**
 * GET /events: filter[customer_id|event_type|user_id|service_id|token_id], filter[created_at][gte|gt|lte|lt]
 * (ISO 8601), sort=created_at (the default, oldest first) or -created_at, then pages.
 */
export function eventPage(newestFirst: (type?: string) => readonly Record<string, unknown>[], request: ListRequest): Listing {
  const checks: ((event: Record<string, unknown>) => boolean)[] = [];
  // The type picks the list to scan; the other filters test each event of it.
  const type = request.query.get('filter[event_type]') ?? undefined;
  for (const name of ATTRIBUTE_FILTERS) {
    if (name === 'event_type') continue;
    const wanted = request.query.get(`filter[${name}]`);
    if (wanted !== null) checks.push((event) => (event.attributes as Record<string, unknown> | undefined)?.[name] === wanted);
  }
  for (const [operator, compare] of Object.entries(TIME_FILTERS)) {
    const raw = request.query.get(`filter[created_at][${operator}]`);
    if (raw === null) continue;
    const bound = Date.parse(raw);
    if (Number.isNaN(bound)) return { ok: false, detail: `filter[created_at][${operator}] must be an ISO 8601 time, got '${raw}'` };
    checks.push((event) => compare(eventTime(event), bound));
  }
  const sort = request.query.get('sort') ?? 'created_at';
  if (sort !== 'created_at' && sort !== '-created_at') return { ok: false, detail: `sort must be created_at or -created_at, got '${sort}'` };
  const matching = newestFirst(type).filter((event) => checks.every((check) => check(event)));
  return jsonApiPage(sort === '-created_at' ? matching : matching.reverse(), request);
}
