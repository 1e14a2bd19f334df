/**
 * The Fastly API over got: the CustomerApi's four operations and the account's tokens,
 * invitations and audit log (access.ts), each a request through the transport (headers, timeout,
 * retries, error translation) and a zod-validated response. No delete method: the auditor never
 * deletes, and never revokes a token.
 */
import { listAutomationTokens, listCustomerTokens, listEvents, listInvitations } from './access.js';
import type { CustomerApi, FastlyOperation } from './api.js';
import { checkBaseUrl } from './base-url.js';
import { createFastlyApiError } from './errors.js';
import { encodeCustomerForm, findUpdateProblem } from './form.js';
import { createTransport, type FastlyTransport } from './request.js';
import { checkToken } from './token.js';
import { CustomerSchema, UserListSchema, type Customer, type CustomerUpdate, type User } from './schemas.js';
import { validated } from './validated.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import type * as z from '../zod.js';

export interface FastlyClientOptions {
  token: string;
  /** Default 'https://api.fastly.com'; plain http only to a loopback address (base-url.ts). */
  baseUrl?: string;
  /** Per request; default 10_000. */
  timeoutMs?: number;
  /** Defaults: limit 3 retries, baseDelayMs 250, maxTotalWaitMs 30_000. Only GET is retried. */
  retry?: { limit?: number; baseDelayMs?: number; maxTotalWaitMs?: number };
  /** Default `fastly-compliance-auditor/<version> node/<node version>`. */
  userAgent?: string;
  /**
   * Epoch milliseconds by which every call must have ended (the Lambda's run keeps time after it
   * to archive and notify): attempts are shortened to fit, no retry starts past it, and a write
   * is not sent unless its whole timeout fits. Default: none.
   */
  deadlineMs?: number;
}

/** The client's timeouts and retries when the caller sets none; the run's time budget is built on them. */
export const FASTLY_CLIENT_DEFAULTS = {
  timeoutMs: 10_000,
  retry: { limit: 3, baseDelayMs: 250, maxTotalWaitMs: 30_000 },
} as const;

export const DEFAULT_FASTLY_BASE_URL = 'https://api.fastly.com';
export const DEFAULT_USER_AGENT = `${TOOL_NAME}/${TOOL_VERSION} node/${process.versions.node}`;

export function createFastlyClient(options: FastlyClientOptions): CustomerApi {
  const transport = createTransport({
    token: checkToken(options.token),
    baseUrl: checkBaseUrl(options.baseUrl ?? DEFAULT_FASTLY_BASE_URL),
    timeoutMs: positive('timeoutMs', options.timeoutMs ?? FASTLY_CLIENT_DEFAULTS.timeoutMs),
    retry: {
      limit: Math.floor(nonNegative('retry.limit', options.retry?.limit ?? FASTLY_CLIENT_DEFAULTS.retry.limit)),
      baseDelayMs: nonNegative('retry.baseDelayMs', options.retry?.baseDelayMs ?? FASTLY_CLIENT_DEFAULTS.retry.baseDelayMs),
      maxTotalWaitMs: nonNegative('retry.maxTotalWaitMs', options.retry?.maxTotalWaitMs ?? FASTLY_CLIENT_DEFAULTS.retry.maxTotalWaitMs),
    },
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
  });

  return {
    getLoggedInCustomer: () => read(transport, 'get_logged_in_customer', '/current_customer', CustomerSchema),
    getCustomer: async (customerId) =>
      read(transport, 'get_customer', customerPath(transport, 'get_customer', customerId), CustomerSchema),
    listUsers: async (customerId): Promise<User[]> =>
      read(transport, 'list_users', `${customerPath(transport, 'list_users', customerId)}/users`, UserListSchema),
    updateCustomer: async (customerId: string, update: CustomerUpdate): Promise<Customer> => {
      const operation = 'update_customer';
      const path = customerPath(transport, operation, customerId);
      const problem = findUpdateProblem(update);
      if (problem !== undefined) {
        const subject = problem.field === undefined ? '' : `field "${problem.field}" `;
        throw invalidRequest(transport, operation, `${subject}${problem.reason}`, problem.field);
      }
      return validated(
        transport,
        { operation, method: 'PUT', path, form: encodeCustomerForm(update) },
        CustomerSchema,
      );
    },
    listCustomerTokens: async (customerId) =>
      listCustomerTokens(transport, customerPath(transport, 'list_customer_tokens', customerId)),
    listAutomationTokens: () => listAutomationTokens(transport),
    listInvitations: () => listInvitations(transport),
    listEvents: async (query) => {
      customerPath(transport, 'list_events', query.customerId);
      if (!Number.isInteger(query.maxPages) || query.maxPages < 1) {
        throw invalidRequest(transport, 'list_events', `maxPages must be a positive integer, got ${query.maxPages}`, 'maxPages');
      }
      if (Number.isNaN(query.since.getTime())) throw invalidRequest(transport, 'list_events', 'since is not a valid date', 'since');
      return listEvents(transport, query);
    },
    get rateLimit() {
      return { ...transport.rateLimit };
    },
  };
}

function read<S extends z.ZodMiniType>(
  transport: FastlyTransport,
  operation: FastlyOperation,
  path: string,
  schema: S,
): Promise<z.output<S>> {
  return validated(transport, { operation, method: 'GET', path }, schema);
}

function customerPath(transport: FastlyTransport, operation: FastlyOperation, customerId: string): string {
  if (typeof customerId !== 'string' || customerId.trim() === '') {
    throw invalidRequest(transport, operation, 'customer id is empty', 'customer_id');
  }
  return `/customer/${encodeURIComponent(customerId)}`;
}

function invalidRequest(transport: FastlyTransport, operation: FastlyOperation, reason: string, field?: string) {
  return createFastlyApiError(
    {
      operation,
      kind: 'invalid-request',
      attempts: 0,
      field,
      message: `Fastly API ${operation} refused before sending: ${reason}`,
    },
    transport.redact,
  );
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0`);
  return value;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a finite number > 0`);
  return value;
}
