/** Maps a method and path to one of the Fastly API operations the simulator serves. */
import type { RouteName } from './types.js';

export interface RouteMatch {
  route: RouteName;
  /** The `{customer_id}` path segment; absent for /current_customer. */
  customerId?: string;
}

/** Every route the simulator serves; a record, so a route added to RouteName cannot be left out. */
const ROUTES: Record<RouteName, true> = {
  get_logged_in_customer: true,
  get_customer: true,
  list_users: true,
  update_customer: true,
  delete_customer: true,
  list_customer_tokens: true,
  list_automation_tokens: true,
  list_invitations: true,
  list_events: true,
};
export const ROUTE_NAMES = Object.keys(ROUTES) as readonly RouteName[];

const CUSTOMER_PATH = /^\/customer\/([^/]+)$/;
const USERS_PATH = /^\/customer\/([^/]+)\/users$/;
const TOKENS_PATH = /^\/customer\/([^/]+)\/tokens$/;
/** Reads without a customer in the path: the token's own account is meant. */
const ACCOUNT_LISTS: Record<string, RouteName> = {
  '/automation-tokens': 'list_automation_tokens',
  '/invitations': 'list_invitations',
  '/events': 'list_events',
};

/** A path segment decoded, or null when its percent-encoding is broken (no route matches then). */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function matchRoute(method: string, path: string): RouteMatch | null {
  const pathname = path.split('?')[0] ?? '';
  if (method === 'GET' && pathname === '/current_customer') return { route: 'get_logged_in_customer' };
  if (Object.hasOwn(ACCOUNT_LISTS, pathname)) return method === 'GET' ? { route: ACCOUNT_LISTS[pathname] as RouteName } : null;

  const tokens = TOKENS_PATH.exec(pathname);
  if (tokens?.[1] !== undefined) {
    const customerId = decodeSegment(tokens[1]);
    return method === 'GET' && customerId !== null ? { route: 'list_customer_tokens', customerId } : null;
  }

  const users = USERS_PATH.exec(pathname);
  if (users?.[1] !== undefined) {
    const customerId = decodeSegment(users[1]);
    return method === 'GET' && customerId !== null ? { route: 'list_users', customerId } : null;
  }

  const customer = CUSTOMER_PATH.exec(pathname);
  const customerId = customer?.[1] === undefined ? null : decodeSegment(customer[1]);
  if (customerId === null) return null;
  if (method === 'GET') return { route: 'get_customer', customerId };
  if (method === 'PUT') return { route: 'update_customer', customerId };
  if (method === 'DELETE') return { route: 'delete_customer', customerId };
  return null;
}

/** Writes spend the rate-limit budget; Fastly limits every method but GET and HEAD. */
export function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}
