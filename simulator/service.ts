/**
 * The simulated CustomerApi without the transport: auth, IP allowlist, rate limit, routes and
 * state changes, in the order Fastly applies them. Pure apart from the state it owns.
 */
import { isAddressAllowed } from './allowlist.js';
import { parseCustomerForm } from './customer-form.js';
import { errorResponse } from './error-bodies.js';
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
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

function error(status: number, detail?: string, headers: Record<string, string> = {}): Answer {
  const response = errorResponse(status, 'legacy', detail);
  return { status, headers: { 'Content-Type': response.contentType, ...headers }, body: response.body };
}

/** What a route answers on success, before any state change: the payload faults distort. */
export function successPayload(state: AccountState, route: RouteName): unknown {
  if (route === 'list_users') return state.users();
  if (route === 'delete_customer') return { status: 'ok' };
  return state.customer();
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

  if (match.customerId !== undefined && match.customerId !== state.customerId) {
    return error(404, undefined, rateHeaders);
  }

  switch (match.route) {
    case 'get_logged_in_customer':
    case 'get_customer':
    case 'list_users':
      return json(200, successPayload(state, match.route));
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
