/**
 * Wire parity with the official `fastly` client: for the same update, our PUT body (and method,
 * path and content type) equals the official client's byte for byte, as the simulator records it.
 */
import { createFastlyClient } from '../../../lambda/fastly/client.js';
import type { CustomerUpdate } from '../../../lambda/fastly/schemas.js';
import { startSimulator, type RecordedRequest, type Simulator } from '../../../simulator/index.js';
import { officialCustomerApi } from '../../helpers/official-fastly.js';

const token = 'wire-parity-token';
let sim: Simulator;
let customerId: string;

beforeAll(async () => {
  // Inside every allowlist written below, so no update locks the test out.
  sim = await startSimulator({ token, clientAddress: '198.51.100.7' });
  customerId = String(sim.customer().id);
});

afterAll(async () => {
  await sim.stop();
});

function wire(request: RecordedRequest | undefined) {
  return request && { method: request.method, path: request.path, contentType: request.contentType, body: request.body };
}

const updates: [string, CustomerUpdate][] = [
  ['booleans', { force_2fa: true, force_sso: false, has_pci: true }],
  ['a CIDR list with commas and slashes', { ip_whitelist: '192.0.2.0/24,198.51.100.7,203.0.113.*' }],
  ['a name with & and spaces', { name: 'A&B Co  Streaming + Media' }],
  ['an empty string', { billing_ref: '' }],
  ['null and undefined left out', { phone_number: null, postal_address: undefined, has_pci: false }],
  ['non-ASCII and reserved characters', { postal_address: "1 Rue de l'Église, 75001 Paris; ☎ #3 = ok?" }],
  [
    'all of it, given out of order',
    { name: 'A&B Co', ip_whitelist: '192.0.2.0/24,198.51.100.7', force_sso: false, billing_ref: '', force_2fa: true },
  ],
];

describe('wire parity with the official fastly client', () => {
  it.each(updates)('sends the same PUT for %s', async (_label, update) => {
    sim.clearRequests();
    await createFastlyClient({ token, baseUrl: sim.url }).updateCustomer(customerId, update);
    await officialCustomerApi(sim.url, token).updateCustomer(customerId, update);

    const [ours, official] = sim.requests;
    expect(sim.requests).toHaveLength(2);
    expect(ours?.status).toBe(200);
    expect(official?.status).toBe(200);
    expect(wire(ours)).toEqual(wire(official));
  });

  it('matches the documented example body', async () => {
    sim.clearRequests();
    await createFastlyClient({ token, baseUrl: sim.url }).updateCustomer(customerId, {
      name: 'A&B Co',
      ip_whitelist: '192.0.2.0/24,198.51.100.7',
      force_sso: false,
      force_2fa: true,
    });
    expect(sim.requests[0]?.body).toBe(
      'force_2fa=true&force_sso=false&ip_whitelist=192.0.2.0%2F24%2C198.51.100.7&name=A%26B%20Co',
    );
  });
});
