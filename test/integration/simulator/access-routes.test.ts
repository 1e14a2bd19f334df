/**
 * The simulator's tokens, automation tokens, invitations and audit log: paging as Fastly pages
 * (meta, absolute links.next with brackets, no next on the last page), the audit log's filters
 * and sort, 403 unless the token's user is a superuser, and every fault mode on these routes.
 */
import { demoSeed, startSimulator, type RouteName, type Simulator } from '../../../simulator/index.js';
import { automationTokenRecord, eventResource, invitationResource } from '../../helpers/access-fixtures.js';
import { json, send, TOKEN } from '../../helpers/simulator-request.js';

const seed = demoSeed();
const customerId = String(seed.customer.id);
const NON_SUPERUSER = 'fVzUrrrUaR46drUvLinbJC';
let sim: Simulator;

afterEach(() => sim.stop());

async function start(options: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator> {
  sim = await startSimulator({ token: TOKEN, seed, ...options });
  return sim;
}

type Page = { data: { id: string; attributes?: Record<string, unknown> }[]; links?: { next?: string; last?: string }; meta: Record<string, number> };
const page = async (path: string): Promise<Page> => json(await send(sim, 'GET', path)) as Page;
const ids = (body: Page) => body.data.map((item) => item.id);

const ROUTES: [RouteName, string][] = [
  ['list_customer_tokens', `/customer/${customerId}/tokens`],
  ['list_automation_tokens', '/automation-tokens'],
  ['list_invitations', '/invitations'],
  ['list_events', '/events'],
];

it('serves the seed: tokens as a bare array, the lists in their envelopes', async () => {
  await start();
  expect(json(await send(sim, 'GET', `/customer/${customerId}/tokens`))).toEqual(seed.tokens);
  expect(await page('/automation-tokens?page=1&per_page=100')).toEqual({
    data: seed.automationTokens,
    meta: { record_count: 3, current_page: 1, total_pages: 1, per_page: 100 },
  });
  const invitations = await send(sim, 'GET', '/invitations');
  expect(invitations.headers.get('content-type')).toBe('application/vnd.api+json');
  expect((json(invitations) as Page).data).toEqual(seed.invitations);
  expect((await send(sim, 'GET', '/customer/someone-else/tokens')).status).toBe(404);
});

describe('403 unless the token belongs to a superuser', () => {
  it.each(ROUTES)('%s', async (route, path) => {
    await start({ tokenUserId: NON_SUPERUSER });
    const refused = await send(sim, 'GET', path);
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/superuser/);
    expect(sim.requests.at(-1)).toMatchObject({ route, status: 403 });

    sim.setTokenUser(String(seed.customer.owner_id));
    expect((await send(sim, 'GET', path)).status).toBe(200);
  });

  it('the customer and the users stay readable', async () => {
    await start({ tokenUserId: NON_SUPERUSER });
    expect((await send(sim, 'GET', '/current_customer')).status).toBe(200);
    expect((await send(sim, 'GET', `/customer/${customerId}/users`)).status).toBe(200);
  });
});

describe('paging', () => {
  const automation = Array.from({ length: 5 }, (_, i) => automationTokenRecord(`a${i}`));
  const invitations = Array.from({ length: 5 }, (_, i) => invitationResource(`i${i}`));

  it('automation tokens: page and per_page, capped at the largest page, meta counting pages', async () => {
    await start({ seed: { ...seed, automationTokens: automation }, maxPageSize: 2 });
    const first = await page('/automation-tokens?page=1&per_page=100');
    expect([ids(first), first.meta]).toEqual([['a0', 'a1'], { record_count: 5, current_page: 1, total_pages: 3, per_page: 2 }]);
    expect(ids(await page('/automation-tokens?page=3&per_page=100'))).toEqual(['a4']);
    expect(ids(await page('/automation-tokens?page=4&per_page=100'))).toEqual([]);
    expect((await send(sim, 'GET', '/automation-tokens?page=0')).status).toBe(400);
  });

  it('JSON:API lists: absolute links.next with its brackets, none on the last page', async () => {
    await start({ seed: { ...seed, invitations } });
    const first = await page('/invitations?page%5Bnumber%5D=1&page%5Bsize%5D=2');
    expect(ids(first)).toEqual(['i0', 'i1']);
    expect(first.links).toEqual({
      next: `${sim.url}/invitations?page[number]=2&page[size]=2`,
      last: `${sim.url}/invitations?page[number]=3&page[size]=2`,
    });
    const last = await page(new URL(String(first.links?.last)).pathname + new URL(String(first.links?.last)).search);
    expect(ids(last)).toEqual(['i4']);
    expect(last.links?.next).toBeUndefined();
    expect((await send(sim, 'GET', '/invitations?page[size]=abc')).status).toBe(400);
  });
});

describe('the audit log', () => {
  const events = [
    eventResource('e1', { event_type: 'customer.update', created_at: '2026-11-01T10:00:00Z', user_id: 'u1' }),
    eventResource('e2', { event_type: 'user.login', created_at: '2026-11-10T10:00:00Z', user_id: 'u2' }),
    eventResource('e3', { event_type: 'customer.update', created_at: '2026-11-20T10:00:00Z', user_id: 'u2' }),
    eventResource('e4', { event_type: 'customer.update', created_at: '2026-11-25T10:00:00Z', user_id: 'u1', customer_id: 'other' }),
  ];
  const query = (params: Record<string, string>) => `/events?${new URLSearchParams(params)}`;

  beforeEach(async () => {
    await start({ seed: { ...seed, events } });
  });

  it('oldest first by default; -created_at newest first', async () => {
    expect(ids(await page('/events'))).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(ids(await page(query({ sort: '-created_at' })))).toEqual(['e4', 'e3', 'e2', 'e1']);
  });

  it('filters by type, customer, user and time, and pages what is left', async () => {
    expect(ids(await page(query({ 'filter[event_type]': 'customer.update', 'filter[customer_id]': 'cust-1' })))).toEqual([]);
    const customerId = String((events[0]?.attributes as Record<string, unknown>).customer_id);
    expect(ids(await page(query({ 'filter[event_type]': 'customer.update', 'filter[customer_id]': customerId, sort: '-created_at' })))).toEqual(['e3', 'e1']);
    expect(ids(await page(query({ 'filter[user_id]': 'u2' })))).toEqual(['e2', 'e3']);
    expect(ids(await page(query({ 'filter[created_at][gte]': '2026-11-10T10:00:00Z', 'filter[created_at][lt]': '2026-11-25T10:00:00Z' })))).toEqual(['e2', 'e3']);
    expect(ids(await page(query({ 'filter[created_at][gt]': '2026-11-10T10:00:00Z', 'filter[created_at][lte]': '2026-11-25T10:00:00Z' })))).toEqual(['e3', 'e4']);
    const paged = await page(query({ sort: '-created_at', 'page[size]': '3', 'page[number]': '2' }));
    expect([ids(paged), paged.meta.total_pages, paged.links?.next]).toEqual([['e1'], 2, undefined]);
  });

  it('refuses a bad time or sort with a 400 naming it', async () => {
    const badTime = await send(sim, 'GET', query({ 'filter[created_at][gte]': 'last week' }));
    expect([badTime.status, badTime.text]).toEqual([400, expect.stringContaining('filter[created_at][gte]')]);
    expect((await send(sim, 'GET', query({ sort: 'name' }))).status).toBe(400);
  });
});

describe('every fault mode on the new routes', () => {
  it.each(ROUTES)('%s: status, malformed JSON, wrong types, wrong shape, reset', async (route, path) => {
    await start();
    sim.setFault(route, { status: 503, times: 1 });
    expect((await send(sim, 'GET', path)).status).toBe(503);

    sim.setFault(route, { malformedJson: true, times: 1 });
    const malformed = await send(sim, 'GET', path);
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.text)).toThrow();

    sim.setFault(route, { wrongTypes: true, times: 1 });
    const wrongTypes = JSON.stringify(json(await send(sim, 'GET', path)));
    expect(wrongTypes).toContain('"created_at":1610623573');

    sim.setFault(route, { wrongShape: true, times: 1 });
    const wrongShape = json(await send(sim, 'GET', path));
    expect(Array.isArray(wrongShape)).toBe(route !== 'list_customer_tokens');

    sim.setFault(route, { reset: true, times: 1 });
    await expect(send(sim, 'GET', path)).rejects.toThrow();
    expect((await send(sim, 'GET', path)).status).toBe(200);
  });

  it('latency delays a list route like the others', async () => {
    await start();
    sim.setFault('list_events', { latencyMs: 120, times: 1 });
    const started = Date.now();
    expect((await send(sim, 'GET', '/events')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});
