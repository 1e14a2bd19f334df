/** The simulator's public types: other helpers code against these names. */
import type { AccountChange } from './account-change.js';

export type RouteName =
  | 'get_logged_in_customer'
  | 'get_customer'
  | 'list_users'
  | 'update_customer'
  | 'delete_customer'
  | 'list_customer_tokens'
  | 'list_automation_tokens'
  | 'list_invitations'
  | 'list_events';

/** The account's records, shaped as the API returns them (go-fastly's recordings). */
export interface SimulatorSeed {
  customer: Record<string, unknown>;
  users: Record<string, unknown>[];
  /** GET /customer/{id}/tokens elements: user tokens and console browser sessions. Default none. */
  tokens?: Record<string, unknown>[];
  /** GET /automation-tokens elements. Default none. */
  automationTokens?: Record<string, unknown>[];
  /** JSON:API resources `{id, type: "invitation", attributes}`. Default none. */
  invitations?: Record<string, unknown>[];
  /** JSON:API resources `{id, type: "event", attributes}`, in any order. Default none. */
  events?: Record<string, unknown>[];
}

/** The seed's lists, each optional in a seed and in a state patch. */
export type SeedPatch = Partial<SimulatorSeed>;

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
  /** 200 with wrongly typed fields (force_2fa: "yes"; users: two_factor_auth_enabled: "no"; tokens, invitations, events: created_at a number). */
  wrongTypes?: boolean;
  /** 200 with the wrong shape (users and tokens: an object instead of an array; paged lists: a bare array; customer: an array). */
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
  /**
   * The user the accepted token belongs to; default the customer's owner. Tokens, automation
   * tokens, invitations and events answer 403 unless that user is a superuser.
   */
  tokenUserId?: string;
  /** The largest page the list endpoints serve, whatever the request asks; default 100. */
  maxPageSize?: number;
  /** Serve POST /_simulator/change (a scripted change, account-change.ts) on loopback; default false. */
  control?: boolean;
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
  /** Merges `customer` into the current customer; replaces each other list the patch gives. */
  updateState(patch: SeedPatch): void;
  /** A person's change of the customer, with its customer.update event in the audit log; returns the event. */
  recordChange(change: AccountChange): Record<string, unknown>;
  /** Changes whose token the simulator accepts as the caller's (see SimulatorOptions.tokenUserId). */
  setTokenUser(userId: string | undefined): void;
  setFault(route: RouteName, fault: Fault | null): void;
  clearFaults(): void;
  clearRequests(): void;
  /** Closes the server and destroys open (hanging) sockets. */
  stop(): Promise<void>;
}
