/**
 * Conformance: the official `fastly` npm client reads, lists and updates through the simulator,
 * so the simulator answers in the format the real API uses and accepts what real clients send.
 */
import { demoSeed, startSimulator, type Simulator } from '../../../simulator/index.js';
import { OfficialFastlyError, officialCustomerApi } from '../../helpers/official-fastly.js';

const TOKEN = 'official-conformance-token';
const seed = demoSeed();
const customerId = String(seed.customer.id);
let sim: Simulator;

beforeEach(async () => {
  sim = await startSimulator({ token: TOKEN });
});
afterEach(() => sim.stop());

it('getLoggedInCustomer reads the customer through the loopback server', async () => {
  const customer = await officialCustomerApi(sim.url, TOKEN).getLoggedInCustomer();

  expect(customer).toMatchObject({
    id: customerId,
    name: 'Acme Streaming Ltd',
    force_2fa: false,
    ip_whitelist: '0.0.0.0/0',
    owner_id: seed.customer.owner_id,
  });
  // The official model turns timestamps into Dates: proof the ISO strings are well formed.
  expect(customer.created_at).toEqual(new Date(String(seed.customer.created_at)));
  expect(sim.requests).toEqual([
    expect.objectContaining({
      method: 'GET',
      path: '/current_customer',
      route: 'get_logged_in_customer',
      status: 200,
      authenticated: true,
      userAgent: expect.stringMatching(/^fastly-js\//),
    }),
  ]);
});

it('getCustomer and listUsers read the customer and its users', async () => {
  const api = officialCustomerApi(sim.url, TOKEN);

  const customer = await api.getCustomer(customerId);
  const users = await api.listUsers(customerId);

  expect(customer.id).toBe(customerId);
  expect(users).toHaveLength(seed.users.length);
  expect(users.map((user) => user.login)).toEqual(seed.users.map((user) => user.login));
  expect(users.map((user) => user.two_factor_auth_enabled)).toEqual(
    seed.users.map((user) => user.two_factor_auth_enabled),
  );
  expect(users.map((user) => user.role)).toContain('tls_viewer');
  expect(sim.requests.map((request) => request.route)).toEqual(['get_customer', 'list_users']);
});

it('updateCustomer writes through a form body the simulator applies', async () => {
  const api = officialCustomerApi(sim.url, TOKEN);

  const updated = await api.updateCustomer(customerId, {
    force_2fa: true,
    force_sso: false,
    ip_whitelist: '192.0.2.0/24,198.51.100.7',
    name: 'A&B Co',
    billing_ref: '',
    pricing_plan: null,
  });

  expect(updated).toMatchObject({ force_2fa: true, ip_whitelist: '192.0.2.0/24,198.51.100.7', name: 'A&B Co' });
  expect(sim.customer()).toMatchObject({
    force_2fa: true,
    force_sso: false,
    ip_whitelist: '192.0.2.0/24,198.51.100.7',
    name: 'A&B Co',
    billing_ref: '',
    pricing_plan: seed.customer.pricing_plan,
  });
  const put = sim.requests.at(-1);
  expect(put).toMatchObject({ method: 'PUT', route: 'update_customer', status: 200 });
  expect(put?.contentType).toBe('application/x-www-form-urlencoded');
  expect(put?.body).toBe(
    'billing_ref=&force_2fa=true&force_sso=false&ip_whitelist=192.0.2.0%2F24%2C198.51.100.7&name=A%26B%20Co',
  );
  expect(api.rateLimit.remaining).toBe(999);
  expect(Number(api.rateLimit.reset) % 3600).toBe(0);
});

it('a read-only field sent by the official client is refused with 400 naming it', async () => {
  const api = officialCustomerApi(sim.url, TOKEN);

  const failure = api.updateCustomer(customerId, { has_pci_passwords: true });

  await expect(failure).rejects.toBeInstanceOf(OfficialFastlyError);
  await expect(failure).rejects.toMatchObject({
    status: 400,
    body: { msg: 'Bad Request', detail: "Field 'has_pci_passwords' is read-only" },
  });
});

it('the token given wins over FASTLY_API_TOKEN in the environment', async () => {
  const previous = process.env.FASTLY_API_TOKEN;
  process.env.FASTLY_API_TOKEN = 'token-from-the-environment';
  try {
    await officialCustomerApi(sim.url, TOKEN).getLoggedInCustomer();
  } finally {
    if (previous === undefined) delete process.env.FASTLY_API_TOKEN;
    else process.env.FASTLY_API_TOKEN = previous;
  }

  expect(sim.requests[0]?.authenticated).toBe(true);
});

it('a wrong token: 401 with the legacy body, and the error does not carry the token', async () => {
  const secret = 'wrong-token-sentinel-8c2e';

  const error = await officialCustomerApi(sim.url, secret)
    .getLoggedInCustomer()
    .catch((rejection: unknown) => rejection);

  expect(error).toBeInstanceOf(OfficialFastlyError);
  expect(error).toMatchObject({ status: 401, body: { msg: 'Provided credentials are missing or invalid' } });
  const text = `${String(error)} ${(error as Error).stack} ${JSON.stringify(error)}`;
  expect(text).not.toContain(secret);
});

it('a reset connection surfaces as an error without a status', async () => {
  sim.setFault('list_users', { reset: true });

  await expect(officialCustomerApi(sim.url, TOKEN).listUsers(customerId)).rejects.toMatchObject({
    name: 'OfficialFastlyError',
    status: undefined,
  });
});
