import { demoSeed, startSimulator, type Simulator } from '../../../simulator/index.js';
import { json, putForm, send, TOKEN } from '../../helpers/simulator-request.js';

const customerId = String(demoSeed().customer.id);
let sim: Simulator;

beforeEach(async () => {
  sim = await startSimulator({ token: TOKEN });
});
afterEach(() => sim.stop());

describe('PUT /customer/{id}', () => {
  it('applies form fields, decodes them, bumps updated_at and returns the updated customer', async () => {
    const before = sim.customer();

    const reply = await putForm(
      sim,
      customerId,
      'force_2fa=true&has_pci=false&ip_whitelist=192.0.2.0%2F24%2C198.51.100.7&name=A%26B%20Co&billing_ref=',
    );

    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    const after = sim.customer();
    expect(json(reply)).toEqual(after);
    expect(after).toMatchObject({
      force_2fa: true,
      has_pci: false,
      ip_whitelist: '192.0.2.0/24,198.51.100.7',
      name: 'A&B Co',
      billing_ref: '',
      force_sso: before.force_sso,
    });
    expect(after.updated_at).not.toBe(before.updated_at);
    expect(Date.parse(String(after.updated_at))).toBeGreaterThan(Date.parse(String(before.updated_at)));
  });

  it('accepts a Content-Type with a charset parameter', async () => {
    const reply = await send(sim, 'PUT', `/customer/${customerId}`, {
      body: 'force_sso=true',
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    });

    expect(reply.status).toBe(200);
    expect(sim.customer().force_sso).toBe(true);
  });

  it.each([
    ['has_pci_passwords=true', "Field 'has_pci_passwords' is read-only"],
    ['id=other', "Field 'id' is read-only"],
    ['updated_at=2020-01-01T00:00:00Z', "Field 'updated_at' is read-only"],
    ['force_2fa=true&favourite_colour=blue', "Unknown field 'favourite_colour'"],
    ['force_2fa=yes', "Invalid value for 'force_2fa': expected true or false, got 'yes'"],
    ['force_2fa=1', "Invalid value for 'force_2fa': expected true or false, got '1'"],
    ['force_2fa=TRUE', "Invalid value for 'force_2fa': expected true or false, got 'TRUE'"],
    ['billing_network_type=secret', "Invalid value for 'billing_network_type': expected public or private, got 'secret'"],
    ['force_2fa=true&force_2fa=false', "Field 'force_2fa' was given more than once"],
  ])('%s -> 400 naming the field, nothing changed', async (form, detail) => {
    const before = sim.customer();

    const reply = await putForm(sim, customerId, form);

    expect(reply.status).toBe(400);
    expect(json(reply)).toEqual({ msg: 'Bad Request', detail });
    expect(sim.customer()).toEqual(before);
  });

  it('a JSON body is refused with 400: the endpoint only takes a form', async () => {
    const reply = await send(sim, 'PUT', `/customer/${customerId}`, {
      body: JSON.stringify({ force_2fa: true }),
      contentType: 'application/json',
    });

    expect(reply.status).toBe(400);
    expect(json(reply)).toEqual({
      msg: 'Bad Request',
      detail: "Content-Type must be application/x-www-form-urlencoded, got 'application/json'",
    });
    expect(sim.customer().force_2fa).toBe(false);
  });

  it('ignoreFields: the PUT succeeds but the ignored field keeps its value', async () => {
    const ignoring = await startSimulator({ token: TOKEN, ignoreFields: ['force_2fa'] });
    try {
      const reply = await putForm(ignoring, customerId, 'force_2fa=true&has_pci=true');

      expect(reply.status).toBe(200);
      expect(json(reply)).toMatchObject({ force_2fa: false, has_pci: true });
      expect(ignoring.customer()).toMatchObject({ force_2fa: false, has_pci: true });
    } finally {
      await ignoring.stop();
    }
  });
});

describe('write budget', () => {
  it('writes carry Fastly-RateLimit-Remaining and a Reset at the next full hour', async () => {
    const started = Math.floor(Date.now() / 1000);

    const first = await putForm(sim, customerId, 'has_pci=true');
    const second = await putForm(sim, customerId, 'has_pci=false');

    expect(first.headers.get('fastly-ratelimit-remaining')).toBe('999');
    expect(second.headers.get('fastly-ratelimit-remaining')).toBe('998');
    const reset = Number(first.headers.get('fastly-ratelimit-reset'));
    expect(reset % 3600).toBe(0);
    expect(reset).toBeGreaterThan(started);
    expect(reset).toBeLessThanOrEqual(started + 3600);
  });

  it('a failed write spends budget too and says so', async () => {
    const reply = await putForm(sim, customerId, 'has_pci_passwords=true');

    expect(reply.status).toBe(400);
    expect(reply.headers.get('fastly-ratelimit-remaining')).toBe('999');
  });

  it('once the budget is spent writes get 429 with the headers; reads still work', async () => {
    const limited = await startSimulator({ token: TOKEN, writeBudget: 2 });
    try {
      expect((await putForm(limited, customerId, 'has_pci=true')).status).toBe(200);
      expect((await putForm(limited, customerId, 'has_pci=true')).status).toBe(200);

      const refused = await putForm(limited, customerId, 'force_2fa=true');

      expect(refused.status).toBe(429);
      expect(json(refused)).toEqual({ msg: expect.stringMatching(/^You have exceeded your hourly rate limit\./) });
      expect(refused.headers.get('fastly-ratelimit-remaining')).toBe('0');
      expect(Number(refused.headers.get('fastly-ratelimit-reset')) % 3600).toBe(0);
      expect(limited.customer().force_2fa).toBe(false);
      expect((await send(limited, 'DELETE', `/customer/${customerId}`)).status).toBe(429);
      expect((await send(limited, 'GET', '/current_customer')).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});
