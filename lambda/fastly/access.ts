/**
 * The reads beyond the CustomerApi: the account's API tokens, automation tokens, invitations and
 * audit log. All GET, through the same transport (headers, timeout, retries, redaction, errors);
 * lists that page are read whole, or, for the newest-first audit log, as far back as asked.
 */
import type { EventList, EventQuery } from './api.js';
import {
  ApiTokenListSchema,
  AutomationTokenPageSchema,
  EventPageSchema,
  flattenResource,
  InvitationPageSchema,
  type ApiToken,
  type AuditEvent,
  type AutomationToken,
  type Invitation,
} from './access-schemas.js';
import { jsonApiNext, numberedNext, readPages } from './pages.js';
import type { FastlyTransport } from './request.js';
import { validated } from './validated.js';

/** Items per page asked for; Fastly documents no maximum for most lists, and a smaller page is handled. */
export const PAGE_SIZE = 100;
/** Pages of a list that must be read whole (10,000 items at 100 a page): more is an error, not a hang. */
export const MAX_LIST_PAGES = 100;

const JSON_API = 'application/vnd.api+json';

export function listCustomerTokens(transport: FastlyTransport, customerPath: string): Promise<ApiToken[]> {
  return validated(transport, { operation: 'list_customer_tokens', method: 'GET', path: `${customerPath}/tokens` }, ApiTokenListSchema);
}

export async function listAutomationTokens(transport: FastlyTransport): Promise<AutomationToken[]> {
  const path = (page: number) => `/automation-tokens?page=${page}&per_page=${PAGE_SIZE}`;
  const { pages } = await readPages(transport, {
    operation: 'list_automation_tokens',
    firstPath: path(1),
    schema: AutomationTokenPageSchema,
    maxPages: MAX_LIST_PAGES,
    whenCapped: 'error',
    next: (page, pageNumber) => numberedNext(page.meta, pageNumber, { items: page.data.length, perPage: PAGE_SIZE }, path),
  });
  return pages.flatMap((page) => page.data);
}

export async function listInvitations(transport: FastlyTransport): Promise<Invitation[]> {
  const path = (page: number) => `/invitations?${new URLSearchParams({ 'page[number]': String(page), 'page[size]': String(PAGE_SIZE) })}`;
  const { pages } = await readPages(transport, {
    operation: 'list_invitations',
    firstPath: path(1),
    schema: InvitationPageSchema,
    accept: JSON_API,
    maxPages: MAX_LIST_PAGES,
    whenCapped: 'error',
    next: (page, pageNumber) => jsonApiNext(page, pageNumber, path),
  });
  return pages.flatMap((page) => page.data.map(flattenResource));
}

/** Fastly timestamps carry no milliseconds. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function listEventsOfType(transport: FastlyTransport, query: EventQuery, type: string): Promise<EventList> {
  const path = (page: number) =>
    `/events?${new URLSearchParams({
      'filter[customer_id]': query.customerId,
      'filter[event_type]': type,
      'filter[created_at][gte]': isoSeconds(query.since),
      sort: '-created_at',
      'page[number]': String(page),
      'page[size]': String(PAGE_SIZE),
    })}`;
  const { pages, truncated } = await readPages(transport, {
    operation: 'list_events',
    firstPath: path(1),
    schema: EventPageSchema,
    accept: JSON_API,
    maxPages: query.maxPages,
    whenCapped: 'stop',
    next: (page, pageNumber) => jsonApiNext(page, pageNumber, path),
  });
  return { events: pages.flatMap((page) => page.data.map(flattenResource)), truncated };
}

/** One paged query per type, side by side, merged newest first. */
export async function listEvents(transport: FastlyTransport, query: EventQuery): Promise<EventList> {
  const types = [...new Set(query.types)];
  const lists = await Promise.all(types.map((type) => listEventsOfType(transport, query, type)));
  const events = lists.flatMap((list) => list.events);
  return { events: sortNewestFirst(events), truncated: lists.some((list) => list.truncated) };
}

/** Newest first by created_at; events without a readable time last, in the order read. */
export function sortNewestFirst(events: AuditEvent[]): AuditEvent[] {
  const time = (event: AuditEvent) => {
    const ms = event.created_at ? Date.parse(event.created_at) : Number.NaN;
    return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
  };
  return events
    .map((event, index) => ({ event, index, at: time(event) }))
    .sort((a, b) => b.at - a.at || a.index - b.index)
    .map((entry) => entry.event);
}
