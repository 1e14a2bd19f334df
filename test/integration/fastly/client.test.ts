import { createFastlyClient, type FastlyClientOptions } from '../../../lambda/fastly/client.js';
import { READ_ONLY_CUSTOMER_FIELDS, type CustomerUpdate } from '../../../lambda/fastly/schemas.js';
import { TokenFormatError } from '../../../lambda/fastly/token.js';
import { TOOL_NAME, TOOL_VERSION } from '../../../lambda/version.js';
import { demoSeed, startSimulator, type Simulator } from '../../../simulator/index.js';
import { closedPortUrl, rejection, scriptedServer } from '../../helpers/fastly-servers.js';

const token = 'client-test-token';
const seed = demoSeed();
const customerId = String(seed.customer.id);
let sim: Simulator;

function client(options: Partial<FastlyClientOptions> = {}) {
  return createFastlyClient({ token, baseUrl: sim.url, retry: { baseDelayMs: 5 }, ...options });
}

beforeAll(async () => {
  sim = await startSimulator({ token, seed });
});

afterAll(async () => {
  await sim.stop();
});

beforeEach(() => {
  sim.clearFaults();
  sim.clearRequests();
  sim.updateState({ customer: demoSeed().customer, users: demoSeed().users });
});

describe('operations', () => {
  it('getLoggedInCustomer reads GET /current_customer', async () => {
    const customer = await client().getLoggedInCustomer();
    expect(customer).toEqual(sim.customer());
    expect(sim.requests.map((r) => [r.method, r.path, r.status])).toEqual([['GET', '/current_customer', 200]]);
  });

  it('getCustomer reads GET /customer/{id}', async () => {
    const customer = await client().getCustomer(customerId);
    expect(customer.name).toBe('Acme Streaming Ltd');
    expect(customer).toEqual(sim.customer());
    expect(sim.requests[0]?.path).toBe(`/customer/${customerId}`);
  });

  it('listUsers reads the bare array, keeping unknown keys, unknown roles and nulls', async () => {
    const users = await client().listUsers(customerId);
    expect(users).toEqual(sim.users());
    expect(users.some((user) => user.role === 'tls_viewer')).toBe(true);
    expect(users.some((user) => user.two_factor_auth_enabled === null)).toBe(true);
    expect(users.some((user) => typeof user.last_active_at === 'string')).toBe(true);
    expect(sim.requests[0]?.path).toBe(`/customer/${customerId}/users`);
  });

  it('updateCustomer sends one form-encoded PUT and returns the updated customer', async () => {
    const updated = await client().updateCustomer(customerId, { force_2fa: true, name: 'A&B Co', has_pci: true });
    expect(updated).toMatchObject({ force_2fa: true, name: 'A&B Co', has_pci: true, id: customerId });
    expect(sim.customer()).toMatchObject({ force_2fa: true, name: 'A&B Co', has_pci: true });
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({
      method: 'PUT',
      path: `/customer/${customerId}`,
      status: 200,
      contentType: 'application/x-www-form-urlencoded',
      body: 'force_2fa=true&has_pci=true&name=A%26B%20Co',
    });
  });

  it('sends the token and a User-Agent naming the product, its version and Node', async () => {
    await client().getLoggedInCustomer();
    await client({ userAgent: 'custom-agent/1' }).getLoggedInCustomer();
    expect(sim.requests[0]?.authenticated).toBe(true);
    expect(sim.requests[0]?.userAgent).toBe(`${TOOL_NAME}/${TOOL_VERSION} node/${process.versions.node}`);
    expect(sim.requests[1]?.userAgent).toBe('custom-agent/1');
  });

  it('accepts a base URL with a trailing slash', async () => {
    await client({ baseUrl: `${sim.url}/` }).getLoggedInCustomer();
    expect(sim.requests[0]?.path).toBe('/current_customer');
  });

  it('percent-encodes the customer id in the path', async () => {
    const error = await rejection(client().getCustomer('a/b?c'));
    expect(sim.requests[0]?.path).toBe('/customer/a%2Fb%3Fc');
    expect(error.status).toBe(404);
  });

  it('has no delete method', () => {
    expect(Object.keys(client())).not.toContain('deleteCustomer');
    expect('deleteCustomer' in client()).toBe(false);
  });

  it('refuses bad options at construction', () => {
    expect(() => createFastlyClient({ token: '' })).toThrow('the Fastly API token is empty');
    expect(() => createFastlyClient({ token, baseUrl: 'not a url' })).toThrow('not a valid URL');
    expect(() => createFastlyClient({ token, baseUrl: 'ftp://example.com' })).toThrow('must be http(s)');
    expect(() => createFastlyClient({ token, baseUrl: 'http://api.fastly.com' })).toThrow('is plain http to a host that is not this machine');
    expect(() => createFastlyClient({ token, timeoutMs: 0 })).toThrow(RangeError);
    expect(() => createFastlyClient({ token, retry: { limit: -1 } })).toThrow(RangeError);
  });
});

describe('HTTP errors', () => {
  it('reads the legacy {msg} body of a real 404', async () => {
    const error = await rejection(client().getCustomer('no-such-customer'));
    expect(error).toMatchObject({ kind: 'http', operation: 'get_customer', status: 404, fastlyMessage: 'Record not found', attempts: 1 });
    expect(error.message).toBe('Fastly API get_customer failed: HTTP 404 Not Found: Record not found');
  });

  it('reads a JSON:API error body', async () => {
    sim.setFault('get_customer', { status: 400, errorStyle: 'jsonapi' });
    const error = await rejection(client().getCustomer(customerId));
    expect(error).toMatchObject({ kind: 'http', status: 400, fastlyMessage: 'Bad Request', detail: 'Bad Request' });
  });

  it('reads a problem+json error body', async () => {
    sim.setFault('list_users', { status: 403, errorStyle: 'problem' });
    const error = await rejection(client().listUsers(customerId));
    expect(error).toMatchObject({ kind: 'http', operation: 'list_users', status: 403, fastlyMessage: 'Forbidden' });
    expect(error.message).toBe('Fastly API list_users failed: HTTP 403 Forbidden: Forbidden (Forbidden)');
  });

  it('falls back to the status line for a plain-text body', async () => {
    sim.setFault('get_logged_in_customer', { status: 502, body: 'upstream connect error or disconnect/reset' });
    const error = await rejection(client({ retry: { limit: 0 } }).getLoggedInCustomer());
    expect(error.fastlyMessage).toBeUndefined();
    expect(error.message).toBe('Fastly API get_logged_in_customer failed: HTTP 502 Bad Gateway');
  });

  it('reports 401 for a wrong token, after one request', async () => {
    const error = await rejection(client({ token: 'wrong-token' }).getLoggedInCustomer());
    expect(error).toMatchObject({ kind: 'http', status: 401, fastlyMessage: 'Provided credentials are missing or invalid', attempts: 1 });
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]?.authenticated).toBe(false);
  });

  it('reports 403 when the IP allowlist locks the caller out', async () => {
    sim.updateState({ customer: { ...demoSeed().customer, ip_whitelist: '203.0.113.0/24' } });
    const error = await rejection(client().getCustomer(customerId));
    expect(error).toMatchObject({ kind: 'http', status: 403, attempts: 1 });
    expect(error.fastlyMessage).toBeDefined();
    expect(sim.requests).toHaveLength(1);
  });
});

describe('retries', () => {
  it.each([500, 502, 503, 429])('retries a GET answered with %i and succeeds', async (status) => {
    sim.setFault('get_customer', { status, times: 2 });
    const customer = await client().getCustomer(customerId);
    expect(customer.id).toBe(customerId);
    expect(sim.requests.map((r) => r.status)).toEqual([status, status, 200]);
  });

  it('retries a GET whose connection was reset', async () => {
    sim.setFault('list_users', { reset: true, times: 2 });
    const users = await client().listUsers(customerId);
    expect(users.length).toBeGreaterThan(0);
    expect(sim.requests).toHaveLength(3);
  });

  it('gives up after `limit` retries and counts every attempt', async () => {
    sim.setFault('get_customer', { status: 503 });
    const error = await rejection(client({ retry: { limit: 2, baseDelayMs: 5 } }).getCustomer(customerId));
    expect(error).toMatchObject({ kind: 'http', status: 503, attempts: 3 });
    expect(error.message).toBe('Fastly API get_customer failed: HTTP 503 Service Unavailable: Service Unavailable after 3 attempts');
    expect(sim.requests).toHaveLength(3);
  });

  it('reports a network error after retries on reset connections', async () => {
    sim.setFault('get_logged_in_customer', { reset: true });
    const error = await rejection(client({ retry: { limit: 1, baseDelayMs: 5 } }).getLoggedInCustomer());
    expect(error).toMatchObject({ kind: 'network', attempts: 2 });
    expect(error.status).toBeUndefined();
    expect(sim.requests).toHaveLength(2);
  });

  it('reports a network error when nothing listens', async () => {
    const error = await rejection(client({ baseUrl: await closedPortUrl(), retry: { limit: 1, baseDelayMs: 5 } }).getLoggedInCustomer());
    expect(error).toMatchObject({ kind: 'network', attempts: 2 });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it.each([400, 401, 403, 404])('never retries %i', async (status) => {
    sim.setFault('get_customer', { status });
    const error = await rejection(client().getCustomer(customerId));
    expect(error).toMatchObject({ status, attempts: 1 });
    expect(sim.requests).toHaveLength(1);
  });

  it.each([
    ['503', { status: 503 }, 'http'],
    ['429', { status: 429 }, 'http'],
    ['a reset connection', { reset: true }, 'network'],
  ] as const)('never retries a PUT answered with %s', async (_label, fault, kind) => {
    sim.setFault('update_customer', fault);
    const error = await rejection(client().updateCustomer(customerId, { force_2fa: true }));
    expect(error).toMatchObject({ kind, operation: 'update_customer', attempts: 1 });
    expect(sim.requests).toHaveLength(1);
  });

  it('waits until Fastly-RateLimit-Reset on a 429 when that fits in the wait budget', async () => {
    const start = Date.now();
    const reset = Math.ceil(start / 1000) + 1;
    sim.setFault('get_customer', { status: 429, headers: { 'Fastly-RateLimit-Reset': String(reset) }, times: 1 });
    await client({ retry: { baseDelayMs: 5, maxTotalWaitMs: 5_000 } }).getCustomer(customerId);
    expect(sim.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(sim.requests[1]?.at).toBeGreaterThanOrEqual(reset * 1000 - 5);
  });

  it('fails at once on a 429 whose reset is beyond the wait budget', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    sim.setFault('get_customer', { status: 429, headers: { 'Fastly-RateLimit-Reset': String(reset) } });
    const start = Date.now();
    const error = await rejection(client({ retry: { baseDelayMs: 5, maxTotalWaitMs: 30_000 } }).getCustomer(customerId));
    expect(Date.now() - start).toBeLessThan(1_000);
    expect(error).toMatchObject({ kind: 'http', status: 429, attempts: 1 });
    expect(error.message).toContain(`rate limit resets at ${new Date(reset * 1000).toISOString()}`);
    expect(sim.requests).toHaveLength(1);
  });

  it('bounds the total wait: no budget, no retry', async () => {
    sim.setFault('get_customer', { status: 503 });
    const error = await rejection(client({ retry: { limit: 5, baseDelayMs: 5, maxTotalWaitMs: 0 } }).getCustomer(customerId));
    expect(error.attempts).toBe(1);
    expect(sim.requests).toHaveLength(1);
  });

  it('bounds the total wait even when the backoff base is large', async () => {
    sim.setFault('get_customer', { status: 503 });
    const start = Date.now();
    const error = await rejection(client({ retry: { limit: 3, baseDelayMs: 60_000, maxTotalWaitMs: 150 } }).getCustomer(customerId));
    expect(Date.now() - start).toBeLessThan(2_000);
    expect(error.attempts).toBe(sim.requests.length);
  });
});

describe('timeouts', () => {
  it('times out a hanging GET, retries it, and counts both attempts', async () => {
    sim.setFault('get_customer', { hang: true });
    const error = await rejection(client({ timeoutMs: 150, retry: { limit: 1, baseDelayMs: 5 } }).getCustomer(customerId));
    expect(error).toMatchObject({ kind: 'timeout', operation: 'get_customer', attempts: 2 });
    expect(error.message).toBe('Fastly API get_customer failed: no response within 150 ms after 2 attempts');
    expect(sim.requests).toHaveLength(2);
  });

  it('does not retry a PUT that timed out, and says the outcome is unknown', async () => {
    sim.setFault('update_customer', { hang: true });
    const error = await rejection(client({ timeoutMs: 150 }).updateCustomer(customerId, { has_pci: true }));
    expect(error).toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(error.message).toContain('the update may or may not have been applied');
    expect(sim.requests).toHaveLength(1);
  });

  it('succeeds when the answer is slow but within the timeout', async () => {
    sim.setFault('get_customer', { latencyMs: 50 });
    await expect(client({ timeoutMs: 2_000 }).getCustomer(customerId)).resolves.toMatchObject({ id: customerId });
  });
});

describe("the run's deadline", () => {
  it('cuts the last attempt of a hanging GET short and retries nothing past the deadline', async () => {
    sim.setFault('get_customer', { hang: true });
    const started = Date.now();
    const error = await rejection(client({ timeoutMs: 5_000, deadlineMs: started + 300 }).getCustomer(customerId));

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ kind: 'timeout', operation: 'get_customer', attempts: 1 });
    expect(error.message).toMatch(/^Fastly API get_customer failed: no response within \d+ ms \(cut short by the run's deadline\)$/);
    expect(sim.requests).toHaveLength(1);
  });

  it('does not send a write whose whole timeout no longer fits, and says the account was not changed', async () => {
    const error = await rejection(client({ timeoutMs: 5_000, deadlineMs: Date.now() + 1_000 }).updateCustomer(customerId, { has_pci: true }));

    expect(error).toMatchObject({ kind: 'timeout', operation: 'update_customer', attempts: 0 });
    expect(error.message).toMatch(/not sent, the run had \d+ ms left before its deadline; the account was not changed$/);
    expect(sim.requests).toEqual([]);
    expect(sim.customer().has_pci).toBe(false);
  });

  it('sends nothing once the deadline has passed', async () => {
    const error = await rejection(client({ deadlineMs: Date.now() - 1 }).getLoggedInCustomer());
    expect(error).toMatchObject({ kind: 'timeout', attempts: 0 });
    expect(sim.requests).toEqual([]);
  });

  it('changes nothing while the deadline is far', async () => {
    await expect(client({ deadlineMs: Date.now() + 60_000 }).updateCustomer(customerId, { has_pci: true })).resolves.toMatchObject({ has_pci: true });
  });
});

describe('invalid responses', () => {
  it('rejects a malformed JSON body', async () => {
    sim.setFault('get_customer', { malformedJson: true });
    const error = await rejection(client().getCustomer(customerId));
    expect(error).toMatchObject({ kind: 'invalid-response', status: undefined, attempts: 1 });
    expect(error.message).toBe('Fastly API get_customer returned an invalid response: response is not JSON');
  });

  it('rejects a 200 that is not JSON at all', async () => {
    sim.setFault('get_logged_in_customer', { body: 'OK' });
    const error = await rejection(client().getLoggedInCustomer());
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('response is not JSON');
  });

  it('names the customer field of the wrong type', async () => {
    sim.setFault('get_customer', { wrongTypes: true });
    const error = await rejection(client().getCustomer(customerId));
    expect(error).toMatchObject({ kind: 'invalid-response', field: 'force_2fa' });
    expect(error.message).toMatch(/field force_2fa: .*expected boolean/);
  });

  it('names the user field of the wrong type with its index', async () => {
    sim.setFault('list_users', { wrongTypes: true });
    const error = await rejection(client().listUsers(customerId));
    expect(error).toMatchObject({ kind: 'invalid-response', operation: 'list_users', field: '[0].two_factor_auth_enabled' });
  });

  it('rejects users that are not an array', async () => {
    sim.setFault('list_users', { wrongShape: true });
    const error = await rejection(client().listUsers(customerId));
    expect(error.kind).toBe('invalid-response');
    expect(error.field).toBeUndefined();
    expect(error.message).toMatch(/response body: .*expected array/);
  });

  it('rejects a customer that is an array', async () => {
    sim.setFault('update_customer', { wrongShape: true });
    const error = await rejection(client().updateCustomer(customerId, { has_pci: true }));
    expect(error).toMatchObject({ kind: 'invalid-response', operation: 'update_customer' });
    expect(error.message).toMatch(/expected object/);
  });

  it('counts the attempts that led to an invalid response', async () => {
    const server = await scriptedServer([
      { status: 503, body: '{"msg":"Service Unavailable"}' },
      { status: 200, body: '<html>maintenance</html>' },
    ]);
    try {
      const error = await rejection(client({ baseUrl: server.url }).getCustomer(customerId));
      expect(error).toMatchObject({ kind: 'invalid-response', attempts: 2 });
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});

describe('redirects', () => {
  it('are not followed, and the error says where they pointed and what to do', async () => {
    const server = await scriptedServer([{ status: 301, body: '', headers: { Location: 'https://elsewhere.example/current_customer' } }]);
    try {
      const error = await rejection(client({ baseUrl: server.url }).getLoggedInCustomer());

      expect(error).toMatchObject({ kind: 'http', status: 301, attempts: 1 });
      expect(error.message).toBe(
        'Fastly API get_logged_in_customer failed: HTTP 301 Moved Permanently: redirected to https://elsewhere.example/current_customer (not followed: the token goes only to the API URL given)',
      );
      expect(error.action).toMatch(/^The API URL answered with a redirect, which the auditor does not follow/);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('a token that cannot go in a header', () => {
  it.each([
    [`${token}\nsecond`, 'the Fastly API token contains a line break'],
    [`${token} x`, 'the Fastly API token contains spaces, control or non-ASCII characters'],
    [`${token}\u00e9`, 'the Fastly API token contains spaces, control or non-ASCII characters'],
  ])('is refused at construction with what is wrong, never the token (%#)', (bad, message) => {
    let error: unknown;
    try {
      createFastlyClient({ token: bad, baseUrl: sim.url });
    } catch (thrown) {
      error = thrown;
    }

    expect(error).toBeInstanceOf(TokenFormatError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain(token);
    expect(sim.requests).toHaveLength(0);
  });
});

describe('requests refused before sending', () => {
  it.each(READ_ONLY_CUSTOMER_FIELDS)('refuses the read-only field %s without sending anything', async (field) => {
    const update = { force_2fa: true, [field]: 'x' } as unknown as CustomerUpdate;
    const error = await rejection(client().updateCustomer(customerId, update));
    expect(error).toMatchObject({ kind: 'invalid-request', operation: 'update_customer', field, attempts: 0 });
    expect(error.message).toBe(`Fastly API update_customer refused before sending: field "${field}" is read-only`);
    expect(sim.requests).toHaveLength(0);
  });

  it('refuses an unknown field and an empty update without sending anything', async () => {
    const unknown = await rejection(client().updateCustomer(customerId, { force2fa: true } as unknown as CustomerUpdate));
    expect(unknown).toMatchObject({ kind: 'invalid-request', field: 'force2fa' });
    const empty = await rejection(client().updateCustomer(customerId, {}));
    expect(empty).toMatchObject({ kind: 'invalid-request', attempts: 0 });
    expect(empty.message).toContain('empty');
    expect(sim.requests).toHaveLength(0);
  });

  it('refuses an empty customer id without sending anything', async () => {
    const error = await rejection(client().getCustomer(''));
    expect(error).toMatchObject({ kind: 'invalid-request', operation: 'get_customer', field: 'customer_id' });
    expect(sim.requests).toHaveLength(0);
  });
});

describe('rate-limit state', () => {
  let limited: Simulator;

  beforeAll(async () => {
    limited = await startSimulator({ token, writeBudget: 2 });
  });

  afterAll(async () => {
    await limited.stop();
  });

  it('is recorded from write responses, success and error, and not from reads', async () => {
    const api = createFastlyClient({ token, baseUrl: limited.url, retry: { baseDelayMs: 5 } });
    await api.getLoggedInCustomer();
    expect(api.rateLimit).toEqual({});

    const nextHour = (Math.floor(Date.now() / 3_600_000) + 1) * 3600;
    await api.updateCustomer(String(limited.customer().id), { has_pci: true });
    expect(api.rateLimit).toEqual({ remaining: 1, resetEpochSeconds: nextHour });

    await api.updateCustomer(String(limited.customer().id), { has_pci: false });
    expect(api.rateLimit.remaining).toBe(0);

    const error = await rejection(api.updateCustomer(String(limited.customer().id), { has_pci: true }));
    expect(error).toMatchObject({ kind: 'http', status: 429, attempts: 1 });
    expect(error.fastlyMessage).toMatch(/exceeded your hourly rate limit/);
    expect(api.rateLimit).toEqual({ remaining: 0, resetEpochSeconds: nextHour });
  });

  it('is a snapshot the caller cannot change', async () => {
    const api = createFastlyClient({ token, baseUrl: limited.url });
    const state = api.rateLimit as { remaining?: number };
    state.remaining = 99;
    expect(api.rateLimit.remaining).toBeUndefined();
  });
});
