import { demoSeed, startSimulator, type Simulator } from '../../../simulator/index.js';
import { json, putForm, send } from '../../helpers/simulator-request.js';

const SECRET = 'sentinel-token-5b1f9c';
const seed = demoSeed();
const customerId = String(seed.customer.id);
let sim: Simulator;

beforeEach(async () => {
  sim = await startSimulator({ token: SECRET, seed });
});
afterEach(() => sim.stop());

describe('request log', () => {
  it('records every request with its route, status, body and headers, never the key', async () => {
    const before = Date.now();

    await send(sim, 'GET', '/current_customer?x=1', { token: SECRET });
    await putForm(sim, customerId, 'force_2fa=true', SECRET);
    await send(sim, 'GET', '/nowhere', { token: 'wrong' });

    expect(sim.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/current_customer?x=1',
        route: 'get_logged_in_customer',
        status: 200,
        body: '',
        authenticated: true,
      }),
      expect.objectContaining({
        method: 'PUT',
        path: `/customer/${customerId}`,
        route: 'update_customer',
        status: 200,
        body: 'force_2fa=true',
        contentType: 'application/x-www-form-urlencoded',
        authenticated: true,
      }),
      expect.objectContaining({ method: 'GET', path: '/nowhere', route: null, status: 404, authenticated: false }),
    ]);
    expect(sim.requests.every((request) => request.at >= before && request.at <= Date.now())).toBe(true);
    expect(sim.requests[0]?.userAgent).toEqual(expect.any(String));
    expect(JSON.stringify(sim.requests)).not.toContain(SECRET);
  });

  it('clearRequests() empties the log', async () => {
    await send(sim, 'GET', '/current_customer', { token: SECRET });

    sim.clearRequests();

    expect(sim.requests).toEqual([]);
    await send(sim, 'GET', '/current_customer', { token: SECRET });
    expect(sim.requests).toHaveLength(1);
  });
});

describe('state', () => {
  it('customer() and users() are deep copies', () => {
    const customer = sim.customer();
    const users = sim.users();
    customer.force_2fa = true;
    (users[0] as Record<string, unknown>).role = 'billing';
    users.pop();

    expect(sim.customer().force_2fa).toBe(false);
    expect(sim.users()).toEqual(seed.users);
  });

  it('the seed given is copied, not shared', () => {
    seed.customer.name = 'Changed after start';

    expect(sim.customer().name).toBe('Acme Streaming Ltd');
    seed.customer.name = 'Acme Streaming Ltd';
  });

  it('updateState merges customer fields and replaces the users, and the API serves it', async () => {
    const users = [{ id: 'u1', login: 'solo@acme.example', role: 'superuser', two_factor_auth_enabled: true }];

    sim.updateState({ customer: { force_2fa: true, name: 'Acme Two' }, users });

    const customer = json(await send(sim, 'GET', '/current_customer', { token: SECRET }));
    const served = json(await send(sim, 'GET', `/customer/${customerId}/users`, { token: SECRET }));
    expect(customer).toEqual({ ...seed.customer, force_2fa: true, name: 'Acme Two' });
    expect(served).toEqual(users);
    users[0]!.role = 'user';
    expect(sim.users()[0]?.role).toBe('superuser');
  });

  it('a PUT is visible to the next GET', async () => {
    await putForm(sim, customerId, 'force_sso=true&security_contact_id=', SECRET);

    const customer = json(await send(sim, 'GET', `/customer/${customerId}`, { token: SECRET }));

    expect(customer).toMatchObject({ force_sso: true, security_contact_id: '' });
  });
});
