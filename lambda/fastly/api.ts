/**
 * The contract between the auditor and the Fastly CustomerApi. The got implementation lives in
 * client.ts; anything else that speaks this interface (a test double is not one: tests use the
 * simulator) can be handed to runAudit().
 */
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
  | 'update_customer';

export interface CustomerApi {
  /** GET /current_customer: the account that owns the token. */
  getLoggedInCustomer(): Promise<Customer>;
  /** GET /customer/{id}. */
  getCustomer(customerId: string): Promise<Customer>;
  /** GET /customer/{id}/users: a bare array, no pagination. */
  listUsers(customerId: string): Promise<User[]>;
  /** PUT /customer/{id}, form-encoded; returns the updated customer. Read-only fields are refused. */
  updateCustomer(customerId: string, update: CustomerUpdate): Promise<Customer>;
  /** Rate-limit state from the most recent write response. */
  readonly rateLimit: RateLimitState;
}
