/**
 * The fleet simulator: one URL for several accounts, each request passed to the account its
 * Fastly-Key belongs to (state, faults and writes stay with that account), an unknown key
 * answered 401 as Fastly does, and a client that gives up on a hanging account freeing the router.
 */
import { createFastlyClient } from '../../../lambda/fastly/client.js';
import { FastlyApiError } from '../../../lambda/fastly/errors.js';
import { demoSeed, startDemoFleet, startFleetSimulator, type FleetSimulator } from '../../../simulator/index.js';

let fleet: FleetSimulator;

function seed(id: string, name: string) {
  const demo = demoSeed();
  return { customer: { ...demo.customer, id, name }, users: demo.users.slice(0, 2) };
}

beforeAll(async () => {
  fleet = await startFleetSimulator([
    { name: 'one', token: 'token-one', options: { seed: seed('c-one', 'One Ltd') } },
    { name: 'two', token: 'token-two', options: { seed: seed('c-two', 'Two Ltd') } },
  ]);
});
afterAll(() => fleet.stop());

const client = (token: string, timeoutMs = 2_000) => createFastlyClient({ token, baseUrl: fleet.url, timeoutMs, retry: { limit: 0 } });

describe('the fleet simulator', () => {
  it("serves each token its own account, and keeps each account's writes to it", async () => {
    const one = await client('token-one').getLoggedInCustomer();
    const two = await client('token-two').getLoggedInCustomer();
    await client('token-one').updateCustomer('c-one', { has_pci: true });

    expect([one.name, two.name]).toEqual(['One Ltd', 'Two Ltd']);
    expect(fleet.account('one').customer().has_pci).toBe(true);
    expect(fleet.account('two').customer().has_pci).toBe(false);
    expect(fleet.account('two').requests.map((request) => request.route)).toEqual(['get_logged_in_customer']);
    await expect(client('token-two').listUsers('c-one')).rejects.toMatchObject({ status: 404 });
  });

  it('answers a key of no account with 401, as Fastly does', async () => {
    const error = await client('token-three').getLoggedInCustomer().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(FastlyApiError);
    expect(error).toMatchObject({ status: 401, message: expect.stringContaining('Provided credentials are missing or invalid') });
    expect(fleet.unknownKeyRequests).toBe(1);
  });

  it("passes an account's faults on: a reset resets, a hang hangs until the client gives up", async () => {
    fleet.account('one').setFault('get_logged_in_customer', { reset: true, times: 1 });
    fleet.account('two').setFault('get_logged_in_customer', { hang: true, times: 1 });

    const reset = await client('token-one').getLoggedInCustomer().catch((caught: unknown) => caught);
    const started = Date.now();
    const hung = await client('token-two', 300).getLoggedInCustomer().catch((caught: unknown) => caught);

    expect(reset).toMatchObject({ message: expect.stringMatching(/ECONNRESET|socket hang up/) });
    expect(hung).toMatchObject({ message: expect.stringContaining('no response within 300 ms') });
    expect(Date.now() - started).toBeLessThan(2_000);
    // The router is free again for both.
    await expect(client('token-two').getLoggedInCustomer()).resolves.toMatchObject({ id: 'c-two' });
  });

  it('refuses two accounts with one token', async () => {
    await expect(startFleetSimulator([{ name: 'a', token: 't' }, { name: 'b', token: 't' }])).rejects.toThrow('every account of a fleet simulator needs a token of its own');
  });

  it('serves the demo fleet: four accounts, four tokens, one whose users cannot be listed', async () => {
    const demo = await startDemoFleet('198.51.100.10');
    try {
      const names = await Promise.all(Object.values(demo.tokens).map((token) => createFastlyClient({ token, baseUrl: demo.simulator.url }).getLoggedInCustomer()));
      const legacy = createFastlyClient({ token: demo.tokens['legacy-cdn'] ?? '', baseUrl: demo.simulator.url });

      expect(names.map((customer) => customer.name)).toEqual(['Acme Streaming Ltd', 'Acme Streaming Ltd (staging)', 'Tidy Media', 'Legacy CDN Inc']);
      await expect(legacy.listUsers('lEgAcYcDn0000000000001')).rejects.toMatchObject({ status: 403 });
    } finally {
      await demo.simulator.stop();
    }
  });
});
