/** Fault injection: which fault applies to a request, and the answer it makes. */
import { errorResponse } from './error-bodies.js';
import type { Fault, RouteName } from './types.js';

export type FaultAnswer =
  | { kind: 'respond'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'reset' }
  | { kind: 'hang' }
  /** Carry on with the normal handling, adding these headers. */
  | { kind: 'normal'; headers: Record<string, string> };

export class FaultTable {
  private readonly faults = new Map<RouteName, Fault>();

  set(route: RouteName, fault: Fault | null): void {
    if (fault === null) {
      this.faults.delete(route);
      return;
    }
    if (fault.times !== undefined && !(Number.isInteger(fault.times) && fault.times >= 1)) {
      throw new RangeError(`Fault.times must be a positive integer, got ${fault.times}`);
    }
    this.faults.set(route, { ...fault });
  }

  clear(): void {
    this.faults.clear();
  }

  /** The fault for this request, counting it against `times`. */
  take(route: RouteName): Fault | undefined {
    const fault = this.faults.get(route);
    if (fault?.times !== undefined) {
      if (fault.times <= 1) this.faults.delete(route);
      else this.faults.set(route, { ...fault, times: fault.times - 1 });
    }
    return fault;
  }
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** The paged lists: `{data: [...], ...}` envelopes. */
const ENVELOPE_ROUTES: ReadonlySet<RouteName> = new Set(['list_automation_tokens', 'list_invitations', 'list_events']);
/** JSON:API lists, whose items keep their fields in `attributes`. */
const JSON_API_ROUTES: ReadonlySet<RouteName> = new Set(['list_invitations', 'list_events']);

/** A created_at that is a number, not an ISO string, in an item of a list. */
function wrongCreatedAt(route: RouteName, item: Record<string, unknown>): Record<string, unknown> {
  if (!JSON_API_ROUTES.has(route)) return { ...item, created_at: 1610623573 };
  return { ...item, attributes: { ...(item.attributes as Record<string, unknown>), created_at: 1610623573 } };
}

/** The route's success payload with fields of the wrong type. */
function withWrongTypes(route: RouteName, payload: unknown): unknown {
  if (route === 'list_users' && Array.isArray(payload)) {
    return payload.map((user: Record<string, unknown>) => ({ ...user, two_factor_auth_enabled: 'no' }));
  }
  // A list of nothing has no field to get wrong: one item is made up.
  if (route === 'list_customer_tokens' && Array.isArray(payload)) {
    const tokens = payload.length > 0 ? payload : [{ id: 'wrong-types-token' }];
    return tokens.map((token: Record<string, unknown>) => wrongCreatedAt(route, token));
  }
  if (ENVELOPE_ROUTES.has(route)) {
    const envelope = payload as { data?: Record<string, unknown>[] };
    const items = envelope.data !== undefined && envelope.data.length > 0 ? envelope.data : [{ id: 'wrong-types', attributes: {} }];
    return { ...envelope, data: items.map((item) => wrongCreatedAt(route, item)) };
  }
  if (route === 'delete_customer') return { status: true };
  return { ...(payload as Record<string, unknown>), force_2fa: 'yes' };
}

/** The route's success payload in the wrong shape: bare lists as an object, envelopes as a bare list, the customer as an array. */
function withWrongShape(route: RouteName, payload: unknown): unknown {
  if (route === 'list_users' || route === 'list_customer_tokens') return { data: payload };
  if (ENVELOPE_ROUTES.has(route)) return (payload as { data?: unknown }).data ?? [];
  return [payload];
}

/**
 * What a fault does to a request whose normal success payload `payload()` gives (called only
 * when the fault distorts it). Precedence, when several are set: reset, hang, status, body,
 * malformedJson, wrongShape, wrongTypes.
 */
export function faultAnswer(fault: Fault, route: RouteName, payload: () => unknown): FaultAnswer {
  const extraHeaders = fault.headers ?? {};
  const respond = (status: number, headers: Record<string, string>, body: string): FaultAnswer => ({
    kind: 'respond',
    status,
    headers: { ...headers, ...extraHeaders },
    body,
  });

  if (fault.reset === true) return { kind: 'reset' };
  if (fault.hang === true) return { kind: 'hang' };
  if (fault.status !== undefined) {
    const error = errorResponse(fault.status, fault.errorStyle);
    return respond(fault.status, { 'Content-Type': error.contentType }, fault.body ?? error.body);
  }
  if (fault.body !== undefined) return respond(200, JSON_HEADERS, fault.body);
  if (fault.malformedJson === true) {
    const text = JSON.stringify(payload());
    // A proper prefix of a JSON object or array never parses.
    return respond(200, JSON_HEADERS, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
  }
  if (fault.wrongShape === true) return respond(200, JSON_HEADERS, JSON.stringify(withWrongShape(route, payload())));
  if (fault.wrongTypes === true) return respond(200, JSON_HEADERS, JSON.stringify(withWrongTypes(route, payload())));
  return { kind: 'normal', headers: extraHeaders };
}
