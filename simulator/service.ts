/**
 * The simulated Fastly API without the transport: auth, IP allowlist, rate limit, superuser-only
 * reads, routes and state changes, in the order Fastly applies them. Pure apart from the state it owns.
 */
import { isAddressAllowed } from './allowlist.js';
import { parseCustomerForm } from './customer-form.js';
import { errorResponse } from './error-bodies.js';
import { automationTokenPage, eventPage, invitationPage, type Listing } from './listing.js';
import type { WriteBudget } from './rate-limit.js';
import { isWrite, type RouteMatch } from './routes.js';
import type { AccountState } from './state.js';
import type { RouteName } from './types.js';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ServiceContext {
  state: AccountState;
  budget: WriteBudget;
  ignoreFields: ReadonlySet<string>;
  /** The user the accepted token belongs to (undefined: the customer's owner). */
  tokenUserId: string | undefined;
  maxPageSize: number;
}

export interface ServiceRequest {
  method: string;
  path: string;
  match: RouteMatch | null;
  authenticated: boolean;
  clientAddress: string;
  body: string;
  contentType: string | undefined;
  now: number;
  /** `http://host:port` the request was sent to, for page links. */
  origin: string;
}

/** Reads Fastly allows only to a superuser's token. */
const SUPERUSER_ROUTES: ReadonlySet<RouteName> = new Set(['list_customer_tokens', 'list_automation_tokens', 'list_invitations', 'list_events']);

const JSON_API_ROUTES: ReadonlySet<RouteName> = new Set(['list_invitations', 'list_events']);

function json(status: number, value: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

function error(status: number, detail?: string, headers: Record<string, string> = {}): Answer {
  const response = errorResponse(status, 'legacy', detail);
  return { status, headers: { 'Content-Type': response.contentType, ...headers }, body: response.body };
}

/** What a route answers on success, before any state change: the payload faults distort. */
export function successPayload(context: ServiceContext, route: RouteName, request: { path: string; origin: string }): unknown {
  const listing = listingFor(context, route, request);
  if (listing !== undefined) return listing.ok ? listing.body : { errors: [{ title: 'Bad Request', detail: listing.detail }] };
  const { state } = context;
  if (route === 'list_users') return state.users();
  if (route === 'list_customer_tokens') return state.listed('tokens');
  if (route === 'delete_customer') return { status: 'ok' };
  return state.customer();
}

/** The page a paged list answers, or undefined for a route that does not page. */
function listingFor(context: ServiceContext, route: RouteName, request: { path: string; origin: string }): Listing | undefined {
  const url = new URL(request.path, request.origin);
  const list = { origin: request.origin, pathname: url.pathname, query: url.searchParams, maxPageSize: context.maxPageSize };
  if (route === 'list_automation_tokens') return automationTokenPage(context.state.listed('automationTokens'), list);
  if (route === 'list_invitations') return invitationPage(context.state.listed('invitations'), list);
  if (route === 'list_events') return eventPage((type) => context.state.eventsNewestFirst(type), list);
  return undefined;
}

function tokenUser(context: ServiceContext): string | undefined {
  if (context.tokenUserId !== undefined) return context.tokenUserId;
  const owner = context.state.customer().owner_id;
  return typeof owner === 'string' ? owner : undefined;
}

export function serve(context: ServiceContext, request: ServiceRequest): Answer {
  const { state } = context;
  const { match } = request;
  if (match === null) return error(404, `No route for ${request.method} ${request.path.split('?')[0]}`);
  if (!request.authenticated) return error(401);
  if (!isAddressAllowed(state.ipAllowlist, request.clientAddress)) {
    return error(403, `IP address ${request.clientAddress} is not allowed by the account's IP allowlist`);
  }

  let rateHeaders: Record<string, string> = {};
  if (isWrite(request.method)) {
    const decision = context.budget.spend(request.now);
    if (!decision.allowed) return error(429, undefined, decision.headers);
    rateHeaders = decision.headers;
  }

  if (SUPERUSER_ROUTES.has(match.route) && !state.isSuperuser(tokenUser(context))) {
    const style = JSON_API_ROUTES.has(match.route) ? 'jsonapi' : 'legacy';
    const response = errorResponse(403, style, 'This request requires a token of a superuser.');
    return { status: 403, headers: { 'Content-Type': response.contentType }, body: response.body };
  }

  if (match.customerId !== undefined && match.customerId !== state.customerId) {
    return error(404, undefined, rateHeaders);
  }

  switch (match.route) {
    case 'get_logged_in_customer':
    case 'get_customer':
    case 'list_users':
    case 'list_customer_tokens':
      return json(200, successPayload(context, match.route, request));
    case 'list_automation_tokens':
    case 'list_invitations':
    case 'list_events': {
      const listing = listingFor(context, match.route, request);
      if (listing === undefined || !listing.ok) return error(400, listing?.ok === false ? listing.detail : undefined);
      const contentType = JSON_API_ROUTES.has(match.route) ? 'application/vnd.api+json' : 'application/json';
      return json(200, listing.body, { 'Content-Type': contentType });
    }
    case 'update_customer': {
      const form = parseCustomerForm(request.body, request.contentType);
      if (!form.ok) return error(400, form.detail, rateHeaders);
      const applied = Object.fromEntries(
        Object.entries(form.fields).filter(([field]) => !context.ignoreFields.has(field)),
      );
      state.applyCustomerUpdate(applied, new Date(request.now));
      return json(200, state.customer(), rateHeaders);
    }
    case 'delete_customer':
      state.markDeleted(new Date(request.now));
      return json(200, { status: 'ok' }, rateHeaders);
  }
}
