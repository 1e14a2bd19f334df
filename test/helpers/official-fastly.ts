/**
 * The official `fastly` npm client (CustomerApi), pointed at a loopback server: the conformance
 * peer that proves the simulator, and our own client, speak Fastly's real wire format.
 *
 * Two gotchas of the official client are handled here:
 * - every operation hard-codes https://api.fastly.com (ApiClient.basePath is ignored), so a
 *   superagent plugin rewrites each request's URL onto `baseUrl`;
 * - constructing an API class while FASTLY_API_TOKEN is set authenticates with that variable,
 *   so the given token is applied after construction, leaving the environment untouched.
 * The package is CommonJS without types: it is loaded through createRequire (works under jest
 * ESM and tsx) and typed by the small interfaces below.
 */
import { createRequire } from 'node:module';

interface SuperagentRequest {
  url: string;
}

interface OfficialApiClient {
  plugins: ((request: SuperagentRequest) => void)[] | null;
  rateLimitRemaining: number;
  rateLimitReset: number | null;
  authenticate(token: string): void;
}

interface OfficialCustomerApiClass {
  getLoggedInCustomer(): Promise<Record<string, unknown>>;
  getCustomer(options: { customer_id: string }): Promise<Record<string, unknown>>;
  listUsers(options: { customer_id: string }): Promise<Record<string, unknown>[]>;
  updateCustomer(options: Record<string, unknown>): Promise<Record<string, unknown>>;
}

interface FastlyModule {
  ApiClient: new () => OfficialApiClient;
  CustomerApi: new (apiClient: OfficialApiClient) => OfficialCustomerApiClass;
}

const fastly = createRequire(import.meta.url)('fastly') as FastlyModule;

/** A failed official-client call, reduced to status and body: nothing that could carry the token. */
export class OfficialFastlyError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly body: unknown,
    reason: string,
  ) {
    super(`official fastly client: ${reason}`);
    this.name = 'OfficialFastlyError';
  }
}

/**
 * The client rejects with `{ status, body, response, error }`, whose response holds the request
 * headers (Fastly-Key included): keep only what a test needs to assert on.
 */
function toOfficialError(rejection: unknown): OfficialFastlyError {
  if (rejection instanceof Error) return new OfficialFastlyError(undefined, undefined, rejection.message);
  const { status, body, error } = (rejection ?? {}) as { status?: number; body?: unknown; error?: { message?: string } };
  const reason = status === undefined ? (error?.message ?? 'request failed') : `HTTP ${status} ${JSON.stringify(body)}`;
  return new OfficialFastlyError(status, body, reason);
}

async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (rejection) {
    throw toOfficialError(rejection);
  }
}

/** The update_customer form fields (null and undefined are left out of the body by the client). */
export type OfficialCustomerFields = Record<string, string | boolean | null | undefined>;

export interface OfficialCustomerApi {
  /** GET /current_customer. The official model: known fields only, timestamps as Date objects. */
  getLoggedInCustomer(): Promise<Record<string, unknown>>;
  /** GET /customer/{id}. */
  getCustomer(customerId: string): Promise<Record<string, unknown>>;
  /** GET /customer/{id}/users. The official models drop fields they do not list (last_active_at, roles). */
  listUsers(customerId: string): Promise<Record<string, unknown>[]>;
  /** PUT /customer/{id}, form-encoded by the official client in its own fixed field order. */
  updateCustomer(customerId: string, fields: OfficialCustomerFields): Promise<Record<string, unknown>>;
  /** Rate-limit headers the official client read from the last write response. */
  readonly rateLimit: { remaining: number; reset: number | null };
}

export function officialCustomerApi(baseUrl: string, token: string): OfficialCustomerApi {
  const base = baseUrl.replace(/\/+$/, '');
  const apiClient = new fastly.ApiClient();
  apiClient.plugins = [
    (request) => {
      const target = new URL(request.url);
      request.url = `${base}${target.pathname}${target.search}`;
    },
  ];
  const customers = new fastly.CustomerApi(apiClient);
  // After construction: the constructor may have authenticated with FASTLY_API_TOKEN.
  apiClient.authenticate(token);

  return {
    getLoggedInCustomer: () => call(() => customers.getLoggedInCustomer()),
    getCustomer: (customerId) => call(() => customers.getCustomer({ customer_id: customerId })),
    listUsers: (customerId) => call(() => customers.listUsers({ customer_id: customerId })),
    updateCustomer: (customerId, fields) => call(() => customers.updateCustomer({ ...fields, customer_id: customerId })),
    get rateLimit() {
      return { remaining: apiClient.rateLimitRemaining, reset: apiClient.rateLimitReset };
    },
  };
}
