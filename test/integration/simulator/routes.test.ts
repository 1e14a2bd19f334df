import { demoSeed, startSimulator, type Simulator } from '../../../simulator/index.js';
import { matchRoute } from '../../../simulator/routes.js';
import { json, send, TOKEN } from '../../helpers/simulator-request.js';

const seed = demoSeed();
const customerId = String(seed.customer.id);
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ token: TOKEN });
});
afterAll(() => sim.stop());
beforeEach(() => sim.clearRequests());

describe('read routes', () => {
  it('GET /current_customer returns the seeded customer as JSON', async () => {
    const reply = await send(sim, 'GET', '/current_customer');

    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(json(reply)).toEqual(seed.customer);
  });

  it('GET /customer/{id} returns the same customer', async () => {
    const reply = await send(sim, 'GET', `/customer/${customerId}`);

    expect(reply.status).toBe(200);
    expect(json(reply)).toEqual(seed.customer);
  });

  it('GET /customer/{id}/users returns a bare array of the users', async () => {
    const reply = await send(sim, 'GET', `/customer/${customerId}/users`);

    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(json(reply)).toEqual(seed.users);
  });

  it('reads carry no rate-limit headers', async () => {
    const reply = await send(sim, 'GET', '/current_customer');

    expect(reply.headers.get('fastly-ratelimit-remaining')).toBeNull();
  });
});

describe('errors', () => {
  it.each([
    ['missing', null],
    ['wrong', 'not-the-token'],
  ])('a %s Fastly-Key gets 401 with the legacy body', async (_case, token) => {
    const reply = await send(sim, 'GET', '/current_customer', { token });

    expect(reply.status).toBe(401);
    expect(json(reply)).toEqual({ msg: 'Provided credentials are missing or invalid' });
  });

  it.each([
    ['GET', '/customer/unknown-id'],
    ['GET', '/customer/unknown-id/users'],
    ['DELETE', '/customer/unknown-id'],
  ])('%s %s for an unknown customer id gets 404 Record not found', async (method, path) => {
    const reply = await send(sim, method, path);

    expect(reply.status).toBe(404);
    expect(json(reply)).toEqual({ msg: 'Record not found' });
  });

  it('an unknown path gets 404 and is recorded without a route', async () => {
    const reply = await send(sim, 'GET', '/service');

    expect(reply.status).toBe(404);
    expect(json(reply)).toMatchObject({ msg: 'Record not found' });
    expect(sim.requests).toEqual([expect.objectContaining({ path: '/service', route: null, status: 404 })]);
  });

  it('a method the API does not offer on a path gets 404', async () => {
    const reply = await send(sim, 'POST', '/current_customer', { body: '' });

    expect(reply.status).toBe(404);
  });
});

describe('DELETE /customer/{id}', () => {
  it('answers {"status":"ok"}, marks the customer deleted and is recorded under its route', async () => {
    const own = await startSimulator({ token: TOKEN });
    try {
      const reply = await send(own, 'DELETE', `/customer/${customerId}`);

      expect(reply.status).toBe(200);
      expect(json(reply)).toEqual({ status: 'ok' });
      expect(reply.headers.get('fastly-ratelimit-remaining')).toBe('999');
      expect(own.customer().deleted_at).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/));
      expect(own.requests.map((r) => r.route)).toEqual(['delete_customer']);
    } finally {
      await own.stop();
    }
  });
});

describe('defaults', () => {
  it('without options: the demo seed and the token "simulator-token"', async () => {
    const own = await startSimulator();
    try {
      expect(own.url).toBe(`http://127.0.0.1:${own.port}`);
      expect((await send(own, 'GET', '/current_customer', { token: 'simulator-token' })).status).toBe(200);
      expect((await send(own, 'GET', '/current_customer', { token: TOKEN })).status).toBe(401);
      expect(own.customer()).toEqual(seed.customer);
    } finally {
      await own.stop();
    }
  });
});

describe('matchRoute', () => {
  it.each([
    ['GET', '/current_customer?x=1', { route: 'get_logged_in_customer' }],
    ['GET', '/customer/a%20b', { route: 'get_customer', customerId: 'a b' }],
    ['GET', '/customer/abc/users', { route: 'list_users', customerId: 'abc' }],
    ['PUT', '/customer/abc', { route: 'update_customer', customerId: 'abc' }],
    ['DELETE', '/customer/abc', { route: 'delete_customer', customerId: 'abc' }],
    ['POST', '/customer/abc/users', null],
    ['GET', '/customer/%E0%A4%A', null],
    ['GET', '/customer/', null],
    ['GET', '/customer/abc/users/extra', null],
  ])('%s %s -> %p', (method, path, expected) => {
    expect(matchRoute(method, path)).toEqual(expected);
  });

  it('a broken percent-encoding is a 404, not a crash', async () => {
    const reply = await send(sim, 'GET', '/customer/%E0%A4%A');

    expect(reply.status).toBe(404);
  });
});
