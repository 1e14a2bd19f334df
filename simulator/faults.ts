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

/** The route's success payload with fields of the wrong type. */
function withWrongTypes(route: RouteName, payload: unknown): unknown {
  if (route === 'list_users' && Array.isArray(payload)) {
    return payload.map((user: Record<string, unknown>) => ({ ...user, two_factor_auth_enabled: 'no' }));
  }
  if (route === 'delete_customer') return { status: true };
  return { ...(payload as Record<string, unknown>), force_2fa: 'yes' };
}

/** The route's success payload in the wrong shape: users as an object, everything else as an array. */
function withWrongShape(route: RouteName, payload: unknown): unknown {
  return route === 'list_users' ? { data: payload } : [payload];
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
