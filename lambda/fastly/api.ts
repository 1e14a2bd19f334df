/**
 * The contract between the auditor and the Fastly API it reads: the CustomerApi, and the
 * account's tokens, invitations and audit log (all GET). The got implementation lives in
 * client.ts; anything else that speaks this interface (a test double is not one: tests use the
 * simulator) can be handed to runAudit().
 */
import type { ApiToken, AuditEvent, AutomationToken, Invitation } from './access-schemas.js';
import type { Customer, CustomerUpdate, User } from './schemas.js';

/** Rate-limit headers seen on the last write response (Fastly only sends them on non-GET). */
export interface RateLimitState {
  /** `Fastly-RateLimit-Remaining`, when seen. */
  remaining?: number;
  /** `Fastly-RateLimit-Reset`, epoch seconds, when seen. */
  resetEpochSeconds?: number;
}

export type FastlyOperation =
  | 'get_logged_in_customer'
  | 'get_customer'
  | 'list_users'
  | 'update_customer'
  | 'list_customer_tokens'
  | 'list_automation_tokens'
  | 'list_invitations'
  | 'list_events';

/** Which audit-log events to read: newest first, from `since` on. */
export interface EventQuery {
  customerId: string;
  /** The oldest time of interest (filter[created_at][gte]). */
  since: Date;
  /** Event types, e.g. customer.update; Fastly filters one type per query, so each is a query of its own. */
  types: readonly string[];
  /** Pages read per type at most (100 events a page); older events are left unread. */
  maxPages: number;
}

export interface EventList {
  /** Newest first. */
  events: AuditEvent[];
  /** Some type had more pages than maxPages: older events were not read. */
  truncated: boolean;
}

export interface CustomerApi {
  /** GET /current_customer: the account that owns the token. */
  getLoggedInCustomer(): Promise<Customer>;
  /** GET /customer/{id}. */
  getCustomer(customerId: string): Promise<Customer>;
  /** GET /customer/{id}/users: a bare array, no pagination. */
  listUsers(customerId: string): Promise<User[]>;
  /** PUT /customer/{id}, form-encoded; returns the updated customer. Read-only fields are refused. */
  updateCustomer(customerId: string, update: CustomerUpdate): Promise<Customer>;
  /** GET /customer/{id}/tokens: every token of the account's users (a bare array), browser sessions included. */
  listCustomerTokens(customerId: string): Promise<ApiToken[]>;
  /** GET /automation-tokens, every page. */
  listAutomationTokens(): Promise<AutomationToken[]>;
  /** GET /invitations, every page. */
  listInvitations(): Promise<Invitation[]>;
  /** GET /events, filtered by customer, time and type, newest first, at most maxPages per type. */
  listEvents(query: EventQuery): Promise<EventList>;
  /** Rate-limit state from the most recent write response. */
  readonly rateLimit: RateLimitState;
}
