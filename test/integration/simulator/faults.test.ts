import { demoSeed, startSimulator, type Simulator } from '../../../simulator/index.js';
import { json, putForm, send, TOKEN } from '../../helpers/simulator-request.js';

const seed = demoSeed();
const customerId = String(seed.customer.id);
let sim: Simulator;

beforeEach(async () => {
  sim = await startSimulator({ token: TOKEN });
});
afterEach(() => sim.stop());

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('error statuses', () => {
  it('status: a legacy body by default, and the request is still recorded', async () => {
    sim.setFault('get_logged_in_customer', { status: 503 });

    const reply = await send(sim, 'GET', '/current_customer');

    expect(reply.status).toBe(503);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(json(reply)).toEqual({ msg: 'Service Unavailable' });
    expect(sim.requests).toEqual([
      expect.objectContaining({ route: 'get_logged_in_customer', status: 503, authenticated: true }),
    ]);
  });

  it('errorStyle jsonapi: {errors: [{title, detail, code}]}', async () => {
    sim.setFault('list_users', { status: 500, errorStyle: 'jsonapi' });

    const reply = await send(sim, 'GET', `/customer/${customerId}/users`);

    expect(reply.status).toBe(500);
    expect(reply.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(json(reply)).toEqual({
      errors: [{ title: 'Internal Server Error', detail: 'Internal Server Error', code: '500' }],
    });
  });

  it('errorStyle problem: application/problem+json', async () => {
    sim.setFault('get_customer', { status: 502, errorStyle: 'problem' });

    const reply = await send(sim, 'GET', `/customer/${customerId}`);

    expect(reply.status).toBe(502);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(json(reply)).toMatchObject({ title: 'Bad Gateway', status: 502, detail: 'Bad Gateway' });
  });

  it('status with body and headers: a plain-text 502 from an edge', async () => {
    sim.setFault('get_logged_in_customer', {
      status: 502,
      body: '<html><body>Bad gateway</body></html>',
      headers: { 'Content-Type': 'text/html' },
    });

    const reply = await send(sim, 'GET', '/current_customer');

    expect(reply.status).toBe(502);
    expect(reply.headers.get('content-type')).toBe('text/html');
    expect(reply.text).toBe('<html><body>Bad gateway</body></html>');
  });

  it('a 429 with the rate-limit headers given in the fault', async () => {
    sim.setFault('update_customer', {
      status: 429,
      headers: { 'Fastly-RateLimit-Remaining': '0', 'Fastly-RateLimit-Reset': '1795964400' },
    });

    const reply = await putForm(sim, customerId, 'force_2fa=true');

    expect(reply.status).toBe(429);
    expect(json(reply)).toEqual({ msg: expect.stringContaining('hourly rate limit') });
    expect(reply.headers.get('fastly-ratelimit-reset')).toBe('1795964400');
    expect(sim.customer().force_2fa).toBe(false);
  });

  it('a fault answers before authentication: it models the network, not the API', async () => {
    sim.setFault('get_logged_in_customer', { status: 500 });

    const reply = await send(sim, 'GET', '/current_customer', { token: null });

    expect(reply.status).toBe(500);
    expect(sim.requests[0]?.authenticated).toBe(false);
  });
});

describe('bad payloads with status 200', () => {
  it('body: a raw body override', async () => {
    sim.setFault('get_logged_in_customer', { body: '{"id": 42}' });

    const reply = await send(sim, 'GET', '/current_customer');

    expect(reply.status).toBe(200);
    expect(reply.text).toBe('{"id": 42}');
  });

  it('malformedJson: a truncated body that does not parse', async () => {
    sim.setFault('list_users', { malformedJson: true });

    const reply = await send(sim, 'GET', `/customer/${customerId}/users`);

    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.text.length).toBeGreaterThan(0);
    expect(JSON.stringify(seed.users).startsWith(reply.text)).toBe(true);
    expect(() => JSON.parse(reply.text)).toThrow(SyntaxError);
  });

  it('wrongTypes on the customer: force_2fa is "yes"', async () => {
    sim.setFault('get_logged_in_customer', { wrongTypes: true });

    const reply = await send(sim, 'GET', '/current_customer');

    expect(json(reply)).toEqual({ ...seed.customer, force_2fa: 'yes' });
  });

  it('wrongTypes on the users: two_factor_auth_enabled is "no"', async () => {
    sim.setFault('list_users', { wrongTypes: true });

    const users = json(await send(sim, 'GET', `/customer/${customerId}/users`)) as Record<string, unknown>[];

    expect(users).toHaveLength(seed.users.length);
    expect(users.every((user) => user.two_factor_auth_enabled === 'no')).toBe(true);
  });

  it('wrongShape: users as an object, the customer as an array', async () => {
    sim.setFault('list_users', { wrongShape: true });
    sim.setFault('get_customer', { wrongShape: true });

    const users = json(await send(sim, 'GET', `/customer/${customerId}/users`));
    const customer = json(await send(sim, 'GET', `/customer/${customerId}`));

    expect(Array.isArray(users)).toBe(false);
    expect(users).toEqual({ data: seed.users });
    expect(customer).toEqual([seed.customer]);
  });

  it('a faulted PUT changes nothing and spends no budget', async () => {
    sim.setFault('update_customer', { malformedJson: true, times: 1 });

    await putForm(sim, customerId, 'force_2fa=true');
    const next = await putForm(sim, customerId, 'has_pci=true');

    expect(sim.customer()).toMatchObject({ force_2fa: false, has_pci: true });
    expect(next.headers.get('fastly-ratelimit-remaining')).toBe('999');
  });
});

describe('timing and connection faults', () => {
  it('latencyMs delays the normal answer', async () => {
    sim.setFault('get_logged_in_customer', { latencyMs: 150 });
    const started = Date.now();

    const reply = await send(sim, 'GET', '/current_customer');

    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(reply.status).toBe(200);
    expect(json(reply)).toEqual(seed.customer);
  });

  it('headers alone decorate the normal answer', async () => {
    sim.setFault('get_logged_in_customer', { headers: { 'X-Trace': 'abc' } });

    const reply = await send(sim, 'GET', '/current_customer');

    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-trace')).toBe('abc');
  });

  it('reset destroys the socket without an answer; recorded with status 0', async () => {
    sim.setFault('list_users', { reset: true });

    await expect(send(sim, 'GET', `/customer/${customerId}/users`)).rejects.toThrow();
    expect(sim.requests).toEqual([expect.objectContaining({ route: 'list_users', status: 0 })]);
  });

  it('hang never answers; stop() destroys the socket and resolves', async () => {
    sim.setFault('get_logged_in_customer', { hang: true });
    const pending = send(sim, 'GET', '/current_customer').then(
      () => 'answered',
      () => 'failed',
    );
    await until(() => sim.requests.length === 1);

    await sim.stop();

    await expect(pending).resolves.toBe('failed');
    expect(sim.requests[0]?.status).toBe(0);
  });

  it('stop() does not wait for a long latency fault', async () => {
    sim.setFault('get_logged_in_customer', { latencyMs: 60_000 });
    const pending = send(sim, 'GET', '/current_customer').then(
      () => 'answered',
      () => 'failed',
    );
    await until(() => sim.requests.length === 1);
    const started = Date.now();

    await sim.stop();

    expect(Date.now() - started).toBeLessThan(5000);
    await expect(pending).resolves.toBe('failed');
  });
});

describe('fault lifecycle', () => {
  it('times: applies to the next N requests on that route, then clears', async () => {
    sim.setFault('get_logged_in_customer', { status: 500, times: 2 });

    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await send(sim, 'GET', '/current_customer')).status);

    expect(statuses).toEqual([500, 500, 200]);
  });

  it('a fault without times applies to every request, only on its route', async () => {
    sim.setFault('get_customer', { status: 500 });

    const first = await send(sim, 'GET', `/customer/${customerId}`);
    const second = await send(sim, 'GET', `/customer/${customerId}`);
    const other = await send(sim, 'GET', '/current_customer');

    expect([first.status, second.status, other.status]).toEqual([500, 500, 200]);
  });

  it('setFault(route, null) and clearFaults() remove faults', async () => {
    sim.setFault('get_customer', { status: 500 });
    sim.setFault('list_users', { status: 500 });

    sim.setFault('get_customer', null);
    expect((await send(sim, 'GET', `/customer/${customerId}`)).status).toBe(200);
    expect((await send(sim, 'GET', `/customer/${customerId}/users`)).status).toBe(500);

    sim.clearFaults();
    expect((await send(sim, 'GET', `/customer/${customerId}/users`)).status).toBe(200);
  });

  it.each([0, -1, 1.5])('times %p is refused', (times) => {
    expect(() => sim.setFault('get_customer', { status: 500, times })).toThrow(RangeError);
  });
});
