/**
 * An account already fetched: the response bodies of GET /current_customer and GET
 * /customer/{id}/users, validated with the client's own parser, served to runAudit() as a
 * read-only CustomerApi. The scale measurement uses it to time the audit without the network.
 */
import type { CustomerApi } from '../../lambda/fastly/api.js';
import { parseResponseBody } from '../../lambda/fastly/response.js';
import { CustomerSchema, UserListSchema, type Customer, type User } from '../../lambda/fastly/schemas.js';
import type * as z from '../../lambda/zod.js';

export interface ResponseBodies {
  customer: string;
  users: string;
}

function parsed<S extends z.ZodMiniType>(body: string, schema: S, what: string): z.output<S> {
  const result = parseResponseBody(body, schema);
  if (!result.ok) throw new Error(`the ${what} body is invalid: ${result.reason}`);
  return result.data;
}

export function fetchedAccountApi(bodies: ResponseBodies): CustomerApi {
  const customer: Customer = parsed(bodies.customer, CustomerSchema, 'customer');
  const users: User[] = parsed(bodies.users, UserListSchema, 'user list');
  return {
    getLoggedInCustomer: async () => customer,
    getCustomer: async () => customer,
    listUsers: async () => users,
    updateCustomer: async () => {
      throw new Error('the benchmark audits in plan mode: it never writes');
    },
    // The scale measure judges users; tokens and the audit log are timed over the network (latency.ts).
    listCustomerTokens: async () => [],
    listAutomationTokens: async () => [],
    listInvitations: async () => [],
    listEvents: async () => ({ events: [], truncated: false }),
    rateLimit: {},
  };
}
