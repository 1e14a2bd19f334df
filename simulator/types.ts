/** The simulator's public types: other helpers code against these names. */

export type RouteName =
  | 'get_logged_in_customer'
  | 'get_customer'
  | 'list_users'
  | 'update_customer'
  | 'delete_customer';

export interface SimulatorSeed {
  customer: Record<string, unknown>;
  users: Record<string, unknown>[];
}

/**
 * A misbehaviour injected on one route. A fault that produces its own answer (status, body,
 * malformedJson, wrongTypes, wrongShape, reset, hang) replaces the normal handling: no state
 * change, no write budget spent. latencyMs and headers alone delay or decorate the normal answer.
 */
export interface Fault {
  /** Delay before answering (combines with the others). */
  latencyMs?: number;
  /** Answer with this status and a realistic error body for it. */
  status?: number;
  /** Body shape for `status` (default legacy {msg, detail}). */
  errorStyle?: 'legacy' | 'jsonapi' | 'problem';
  /** Raw body override (status 200 unless `status` is given). */
  body?: string;
  /** Extra response headers (e.g. Fastly-RateLimit-Reset on a 429); they override the defaults. */
  headers?: Record<string, string>;
  /** 200 with a truncated, invalid JSON body. */
  malformedJson?: boolean;
  /** 200 with wrongly typed fields (force_2fa: "yes"; users: two_factor_auth_enabled: "no"). */
  wrongTypes?: boolean;
  /** 200 with the wrong shape (users: an object instead of an array; customer: an array). */
  wrongShape?: boolean;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Never answer (until stop()). */
  hang?: boolean;
  /** Apply to the next N matching requests only, then clear (default: every request). */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path with the query string, as received. */
  path: string;
  route: RouteName | null;
  /** Status answered; 0 while unanswered and for reset or hanging requests. */
  status: number;
  body: string;
  contentType?: string;
  userAgent?: string;
  /** A correct Fastly-Key was sent (the key itself is never recorded). */
  authenticated: boolean;
  /** Date.now() when received. */
  at: number;
}

export interface SimulatorOptions {
  /** Default 0 (the OS picks); the host is always 127.0.0.1. */
  port?: number;
  /** Default demoSeed(). */
  seed?: SimulatorSeed;
  /** The only accepted Fastly-Key; default 'simulator-token'. */
  token?: string;
  /** IPv4 address treated as the caller's for allowlist emulation; default the socket's remote address. */
  clientAddress?: string;
  /** Non-GET requests allowed per hourly window before 429; default 1000. */
  writeBudget?: number;
  /** PUT silently ignores these fields (to test verification failures). */
  ignoreFields?: string[];
}

export interface Simulator {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Deep copy of the current customer. */
  customer(): Record<string, unknown>;
  /** Deep copy of the current users. */
  users(): Record<string, unknown>[];
  /** Merges `customer` into the current customer; replaces the user list with `users`. */
  updateState(patch: { customer?: Record<string, unknown>; users?: Record<string, unknown>[] }): void;
  setFault(route: RouteName, fault: Fault | null): void;
  clearFaults(): void;
  clearRequests(): void;
  /** Closes the server and destroys open (hanging) sockets. */
  stop(): Promise<void>;
}
