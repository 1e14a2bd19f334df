/**
 * The client's reads of tokens, invitations and the audit log over real loopback HTTP: every page
 * of a list, filters and newest-first order, the recorded shapes, and page loops that end (a last
 * page without links.next, empty pages, and an error for a next link that repeats, leaves the host
 * or never ends). GET only, retried like every read, the token in no error.
 */
import { createFastlyClient } from '../../../lambda/fastly/client.js';
import { MAX_LIST_PAGES } from '../../../lambda/fastly/access.js';
import { demoSeed, startSimulator, type Simulator } from '../../../simulator/index.js';
import { automationTokenRecord, eventResource, invitationResource, recordedBody } from '../../helpers/access-fixtures.js';
import { rejection, scriptedServer, type ScriptedResponse, type ScriptedServer } from '../../helpers/fastly-servers.js';

const token = 'access-client-sentinel-9f3a77';
const seed = demoSeed();
const customerId = String(seed.customer.id);
const since = new Date('2026-11-01T00:00:00Z');

let sim: Simulator | undefined;
let scripted: ScriptedServer | undefined;

afterEach(async () => {
  await sim?.stop();
  await scripted?.close();
  sim = undefined;
  scripted = undefined;
});

const client = (baseUrl: string) => createFastlyClient({ token, baseUrl, retry: { baseDelayMs: 1 }, timeoutMs: 2000 });

async function simulator(options: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator> {
  sim = await startSimulator({ token, seed, ...options });
  return sim;
}

/** Newest first as a real log pages: item N an hour older than item N - 1. */
const hoursAgo = (id: string) => new Date(Date.parse('2026-11-30T00:00:00Z') - Number(id.replace(/\D/g, '')) * 3_600_000).toISOString();

/** A JSON:API page whose next link (if any) is built from the request's own host. */
function jsonApiPage(ids: string[], next?: (origin: string) => string) {
  return (headers: Record<string, string | string[] | undefined>): ScriptedResponse => {
    const origin = `http://${String(headers.host)}`;
    const data = ids.map((id) => eventResource(id, { event_type: 'customer.update', created_at: hoursAgo(id) }));
    return { status: 200, body: JSON.stringify({ data, links: next ? { next: next(origin) } : {}, meta: {} }) };
  };
}

describe('against the simulator', () => {
  it('listCustomerTokens: the bare array as recorded, GET /customer/{id}/tokens', async () => {
    const sim = await simulator();
    const tokens = await client(sim.url).listCustomerTokens(customerId);
    expect(tokens.map((t) => t.name)).toEqual(seed.tokens?.map((t) => t.name));
    expect(sim.requests.map((r) => [r.method, r.path])).toEqual([['GET', `/customer/${customerId}/tokens`]]);
  });

  it('listAutomationTokens: every page (the server serves at most 2), without access_token', async () => {
    const automationTokens = Array.from({ length: 5 }, (_, i) => automationTokenRecord(`a${i}`, { access_token: 'never-kept' }));
    const sim = await simulator({ seed: { ...seed, automationTokens }, maxPageSize: 2 });
    const tokens = await client(sim.url).listAutomationTokens();
    expect(tokens.map((t) => t.id)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(tokens.every((t) => !('access_token' in t))).toBe(true);
    expect(sim.requests.map((r) => r.path)).toEqual([
      '/automation-tokens?page=1&per_page=100',
      '/automation-tokens?page=2&per_page=100',
      '/automation-tokens?page=3&per_page=100',
    ]);
  });

  it('listInvitations: follows links.next over every page, asking for JSON:API', async () => {
    const invitations = Array.from({ length: 5 }, (_, i) => invitationResource(`i${i}`));
    const sim = await simulator({ seed: { ...seed, invitations }, maxPageSize: 2 });
    const list = await client(sim.url).listInvitations();
    expect(list.map((invitation) => [invitation.id, invitation.email])).toEqual(invitations.map((i) => [i.id, `${i.id}@example.com`]));
    expect(sim.requests).toHaveLength(3);
    expect(sim.requests[0]?.path).toBe('/invitations?page%5Bnumber%5D=1&page%5Bsize%5D=100');
  });

  it('listEvents: one filtered query per type, newest first over all of them', async () => {
    const sim = await simulator();
    const { events, truncated } = await client(sim.url).listEvents({
      customerId,
      since,
      types: ['customer.update', 'two_factor_auth.disable', 'customer.update'],
      maxPages: 5,
    });
    expect(truncated).toBe(false);
    expect(events.map((event) => [event.event_type, event.created_at])).toEqual([
      ['customer.update', '2026-11-25T11:30:12Z'],
      ['two_factor_auth.disable', '2026-11-24T17:02:41Z'],
      ['customer.update', '2026-11-22T09:14:03Z'],
    ]);
    const queries = sim.requests.map((r) => Object.fromEntries(new URL(r.path, sim.url).searchParams));
    expect(queries).toEqual(
      expect.arrayContaining([
        {
          'filter[customer_id]': customerId,
          'filter[event_type]': 'customer.update',
          'filter[created_at][gte]': '2026-11-01T00:00:00Z',
          sort: '-created_at',
          'page[number]': '1',
          'page[size]': '100',
        },
        expect.objectContaining({ 'filter[event_type]': 'two_factor_auth.disable' }),
      ]),
    );
    expect(sim.requests).toHaveLength(2);
  });

  it('a 403 for a token whose user is not a superuser says to use a superuser’s token', async () => {
    const sim = await simulator({ tokenUserId: 'fVzUrrrUaR46drUvLinbJC' });
    const api = client(sim.url);
    for (const call of [api.listCustomerTokens(customerId), api.listAutomationTokens(), api.listInvitations(), api.listEvents({ customerId, since, types: ['user.promote'], maxPages: 1 })]) {
      const error = await rejection(call);
      expect(error).toMatchObject({ kind: 'http', status: 403, attempts: 1 });
      expect(error.action).toMatch(/^Only a superuser may read the account's .*: give the auditor a token of a superuser \(the global:read scope is enough to read\)/);
    }
    expect(sim.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('a 503 is retried like any read', async () => {
    const sim = await simulator();
    sim.setFault('list_invitations', { status: 503, times: 2 });
    await expect(client(sim.url).listInvitations()).resolves.toHaveLength(3);
    expect(sim.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });
});

describe('page loops end', () => {
  it('several pages, empty ones between them, and a last page without links.next', async () => {
    scripted = await scriptedServer([
      jsonApiPage(['e1', 'e2'], (origin) => `${origin}/events?page[number]=2`),
      jsonApiPage([], (origin) => `${origin}/events?page[number]=3`),
      jsonApiPage(['e3'], () => '?page%5Bnumber%5D=4'),
      jsonApiPage([]),
    ]);
    const { events, truncated } = await client(scripted.url).listEvents({ customerId, since, types: ['customer.update'], maxPages: 10 });
    expect([events.map((event) => event.id), truncated]).toEqual([['e1', 'e2', 'e3'], false]);
    expect(scripted.requests.map((r) => r.url)).toEqual([
      expect.stringMatching(/^\/events\?filter%5Bcustomer_id%5D=/),
      '/events?page[number]=2',
      '/events?page[number]=3',
      '/events?page%5Bnumber%5D=4',
    ]);
    expect(scripted.requests.every((r) => r.headers.accept === 'application/vnd.api+json')).toBe(true);
  });

  it('a next link that repeats an earlier page is an error, not a loop', async () => {
    scripted = await scriptedServer([
      jsonApiPage(['i1'], (origin) => `${origin}/invitations?page[number]=2&page[size]=100`),
      jsonApiPage(['i2'], (origin) => `${origin}/invitations?page[size]=100&page[number]=1`),
    ]);
    const error = await rejection(client(scripted.url).listInvitations());
    expect(error).toMatchObject({ kind: 'invalid-response', operation: 'list_invitations', field: 'links.next' });
    expect(error.message).toMatch(/page 2: the next page repeats page 1/);
    expect(scripted.requests).toHaveLength(2);
  });

  it('a next link to another host is an error, and the token is never sent there', async () => {
    const elsewhere = await scriptedServer([{ status: 200, body: '{"data":[]}' }]);
    try {
      scripted = await scriptedServer([jsonApiPage(['i1'], () => `${elsewhere.url}/invitations?page[number]=2`)]);
      const error = await rejection(client(scripted.url).listInvitations());
      expect(error.message).toMatch(/links\.next points to another host \(http:\/\/127\.0\.0\.1:\d+\)/);
      expect(elsewhere.requests).toEqual([]);
      expect(JSON.stringify(error)).not.toContain(token);
    } finally {
      await elsewhere.close();
    }
  });

  it('a list that never ends is an error after the most pages the auditor reads', async () => {
    let page = 0;
    scripted = await scriptedServer([
      (headers) => {
        page += 1;
        return jsonApiPage([`i${page}`], (origin) => `${origin}/invitations?page[number]=${page + 1}`)(headers);
      },
    ]);
    const error = await rejection(client(scripted.url).listInvitations());
    expect(error.message).toMatch(new RegExp(`still has a next page after ${MAX_LIST_PAGES} pages`));
    expect(scripted.requests).toHaveLength(MAX_LIST_PAGES);
  });

  it('the audit log, read newest first, stops at maxPages and says it was truncated', async () => {
    let page = 0;
    scripted = await scriptedServer([
      (headers) => {
        page += 1;
        return jsonApiPage([`e${page}`], (origin) => `${origin}/events?page[number]=${page + 1}`)(headers);
      },
    ]);
    const list = await client(scripted.url).listEvents({ customerId, since, types: ['customer.update'], maxPages: 3 });
    expect([list.events.map((event) => event.id), list.truncated]).toEqual([['e1', 'e2', 'e3'], true]);
    expect(scripted.requests).toHaveLength(3);
  });

  it('automation tokens whose server ignores the page number stop at the page count meta gives', async () => {
    const body = JSON.stringify({ data: [JSON.parse(recordedBody('automation-tokens.json')).data[0]], meta: { total_pages: 2, per_page: 1 } });
    scripted = await scriptedServer([{ status: 200, body }]);
    await expect(client(scripted.url).listAutomationTokens()).resolves.toHaveLength(2);
    expect(scripted.requests).toHaveLength(2);
  });
});

it('refuses a bad query before sending anything', async () => {
  scripted = await scriptedServer([{ status: 200, body: '{"data":[]}' }]);
  const api = client(scripted.url);
  await expect(rejection(api.listEvents({ customerId, since, types: ['x'], maxPages: 0 }))).resolves.toMatchObject({ kind: 'invalid-request', field: 'maxPages' });
  await expect(rejection(api.listEvents({ customerId: ' ', since, types: ['x'], maxPages: 1 }))).resolves.toMatchObject({ kind: 'invalid-request' });
  await expect(rejection(api.listEvents({ customerId, since: new Date('nope'), types: ['x'], maxPages: 1 }))).resolves.toMatchObject({ field: 'since' });
  expect(scripted.requests).toEqual([]);
});
