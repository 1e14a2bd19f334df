import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiTokenListSchema, AutomationTokenPageSchema, EventPageSchema, InvitationPageSchema } from '../../../lambda/fastly/access-schemas.js';
import { CustomerSchema, UserListSchema } from '../../../lambda/fastly/schemas.js';
import { accountTokens } from '../../../lambda/policy/token-facts.js';
import { demoSeed, generateAccess, generateSeed, loadSeedFile, shiftTimestamps } from '../../../simulator/index.js';

const DAY_MS = 86_400_000;

describe('demoSeed', () => {
  const { customer, users } = demoSeed();
  const byLogin = (login: string) => users.find((user) => user.login === login);

  it('parses with the auditor’s response schemas, as a real response would', () => {
    expect(CustomerSchema.safeParse(customer).success).toBe(true);
    expect(UserListSchema.safeParse(users).success).toBe(true);
  });

  it('is a believable company with its users on its domain', () => {
    expect(customer.name).toBe('Acme Streaming Ltd');
    expect(users.length).toBeGreaterThanOrEqual(8);
    expect(users.every((user) => user.customer_id === customer.id)).toBe(true);
    expect(new Set(users.map((user) => user.id)).size).toBe(users.length);
  });

  it('has the account-level violations the demo shows', () => {
    expect(customer).toMatchObject({ force_2fa: false, force_sso: false, has_pci: false, ip_whitelist: '0.0.0.0/0' });
  });

  it('owner has 2FA and the security contact names a user', () => {
    const owner = users.find((user) => user.id === customer.owner_id);
    expect(owner?.two_factor_auth_enabled).toBe(true);
    expect(users.some((user) => user.id === customer.security_contact_id)).toBe(true);
  });

  it('has users without 2FA (null and false), three superusers, an outside domain and an unknown role', () => {
    const twoFactor = users.map((user) => user.two_factor_auth_enabled);
    expect(twoFactor.filter((value) => value === null).length).toBeGreaterThanOrEqual(2);
    expect(twoFactor.filter((value) => value === false).length).toBeGreaterThanOrEqual(2);
    expect(users.filter((user) => user.role === 'superuser')).toHaveLength(3);
    expect(users.filter((user) => !String(user.login).endsWith('@acme.example'))).toEqual([
      expect.objectContaining({ login: expect.stringMatching(/@gmail\.com$/) }),
    ]);
    expect(users.some((user) => user.role === 'tls_viewer')).toBe(true);
  });

  it('has real-response nulls and absent keys', () => {
    expect(users.some((user) => user.locked === null && user.require_new_password === null)).toBe(true);
    expect(users.some((user) => !('email_hash' in user))).toBe(true);
    expect(users.some((user) => !('last_active_at' in user))).toBe(true);
  });

  it('one user has been inactive for at least 200 days by 2026-11-29', () => {
    const cutoff = Date.parse('2026-11-29T00:00:00Z') - 200 * DAY_MS;
    const inactive = users.filter(
      (user) => typeof user.last_active_at === 'string' && Date.parse(user.last_active_at) < cutoff,
    );
    expect(inactive).toEqual([byLogin('greta.lindqvist@acme.example')]);
  });

  it('its tokens, invitations and events parse with the auditor’s schemas', () => {
    const seed = demoSeed();
    expect(ApiTokenListSchema.safeParse(seed.tokens).success).toBe(true);
    expect(AutomationTokenPageSchema.safeParse({ data: seed.automationTokens }).success).toBe(true);
    expect(InvitationPageSchema.safeParse({ data: seed.invitations }).success).toBe(true);
    expect(EventPageSchema.safeParse({ data: seed.events }).success).toBe(true);
  });

  it('has tokens shaped like the recordings: console sessions, never used, never expiring, of a locked and of a removed user', () => {
    const seed = demoSeed();
    const list = accountTokens(ApiTokenListSchema.parse(seed.tokens), AutomationTokenPageSchema.parse({ data: seed.automationTokens }).data);
    const userIds = new Set(users.map((user) => user.id));
    const locked = new Set(users.filter((user) => user.locked === true).map((user) => user.id));
    expect(list.filter((token) => token.browserSession).map((token) => token.expiresAt)).toEqual([null, null]);
    expect(list.some((token) => token.lastUsedAt === null && token.kind === 'user')).toBe(true);
    expect(list.some((token) => token.expiresAt === null && !token.browserSession)).toBe(true);
    expect(list.some((token) => token.userId !== null && locked.has(token.userId))).toBe(true);
    expect(list.some((token) => token.kind === 'user' && token.userId !== null && !userIds.has(token.userId))).toBe(true);
    expect(list.filter((token) => token.kind === 'automation')).toHaveLength(3);
  });

  it('has events of every security type, a force_2fa turned off and a 2FA disabled', () => {
    const events = EventPageSchema.parse({ data: demoSeed().events }).data.map((event) => event.attributes);
    const types = new Set(events.map((event) => event.event_type));
    for (const type of [
      'customer.update', 'user.create', 'user.destroy', 'user.update', 'user.lock', 'user.unlock', 'user.login', 'user.login_failure',
      'user.logout', 'user.password_update', 'user.promote', 'user.sudo', 'two_factor_auth.enable', 'two_factor_auth.disable',
      'token.create', 'token.destroy', 'invitation.sent', 'invitation.accept', 'saml.create', 'saml.update', 'saml.delete',
    ]) {
      expect([type, types.has(type)]).toEqual([type, true]);
    }
    expect(events).toContainEqual(expect.objectContaining({ event_type: 'customer.update', metadata: { old: { force_2fa: true }, new: { force_2fa: false } } }));
    expect(events.every((event) => event.customer_id === customer.id)).toBe(true);
  });

  it('has a pending, an expired and an outside-domain invitation', () => {
    const invitations = InvitationPageSchema.parse({ data: demoSeed().invitations }).data.map((invitation) => invitation.attributes);
    expect(invitations.map((invitation) => [invitation.email, invitation.status_code])).toEqual([
      ['jonas.keller@acme.example', 1],
      ['n.ortiz@acme.example', 0],
      ['freelancer.dev@outlook.com', 1],
    ]);
  });

  it('asOf moves every date by the same amount, so the demo reads the same any day', () => {
    const asOf = new Date('2027-03-01T00:00:00Z');
    const moved = demoSeed({ asOf });
    const shift = asOf.getTime() - Date.parse('2026-11-29T00:00:00Z');
    const original = demoSeed();
    expect(Date.parse(String(moved.users[0]?.last_active_at)) - Date.parse(String(original.users[0]?.last_active_at))).toBe(shift);
    expect(Date.parse(String(moved.tokens?.[2]?.created_at)) - Date.parse(String(original.tokens?.[2]?.created_at))).toBe(shift);
    expect(moved.tokens?.[0]?.expires_at).toBeNull();
    expect(moved.customer.name).toBe(original.customer.name);
  });

  it('every call returns a fresh deep copy', () => {
    const first = demoSeed();
    first.customer.name = 'changed';
    (first.users[0] as Record<string, unknown>).role = 'changed';

    expect(demoSeed().customer.name).toBe('Acme Streaming Ltd');
    expect(demoSeed().users[0]?.role).toBe('superuser');
  });
});

describe('generateSeed', () => {
  it('is deterministic for a seed number and differs between seed numbers', () => {
    expect(generateSeed({ users: 50, seed: 7 })).toEqual(generateSeed({ users: 50, seed: 7 }));
    expect(generateSeed({ users: 50, seed: 7 })).not.toEqual(generateSeed({ users: 50, seed: 8 }));
  });

  it('makes realistic users that parse with the auditor’s schemas', () => {
    const { customer, users } = generateSeed({ users: 400, seed: 3 });
    const share = (predicate: (user: Record<string, unknown>) => boolean) =>
      users.filter(predicate).length / users.length;

    expect(users).toHaveLength(400);
    expect(CustomerSchema.safeParse(customer).success).toBe(true);
    expect(UserListSchema.safeParse(users).success).toBe(true);
    expect(new Set(users.map((user) => user.id)).size).toBe(400);
    expect(new Set(users.map((user) => user.login)).size).toBe(400);
    expect(users.every((user) => user.customer_id === customer.id)).toBe(true);
    expect(share((user) => user.two_factor_auth_enabled === null)).toBeGreaterThan(0.02);
    expect(share((user) => user.two_factor_auth_enabled === null)).toBeLessThan(0.1);
    expect(share((user) => user.two_factor_auth_enabled === false)).toBeGreaterThan(0.05);
    expect(share((user) => !('last_active_at' in user))).toBeGreaterThan(0.02);
    const roles = new Set(users.map((user) => user.role));
    expect(roles).toEqual(new Set(['user', 'engineer', 'billing', 'superuser', 'tls_viewer', 'tls_admin']));
  });

  it('the owner is a superuser with 2FA and the customer overrides apply', () => {
    const { customer, users } = generateSeed({ users: 5, seed: 1, customer: { id: 'CUST', force_2fa: true } });

    expect(customer).toMatchObject({ id: 'CUST', force_2fa: true, owner_id: users[0]?.id });
    expect(users[0]).toMatchObject({ role: 'superuser', two_factor_auth_enabled: true, customer_id: 'CUST' });
  });

  it('zero users is allowed; a negative count is not', () => {
    expect(generateSeed({ users: 0 }).users).toEqual([]);
    expect(() => generateSeed({ users: -1 })).toThrow(RangeError);
  });
});

describe('shiftTimestamps', () => {
  it('moves Fastly timestamps at any depth, keeping their precision, and nothing else', () => {
    const value = { a: '2026-01-01T00:00:00Z', b: ['2026-01-01T00:00:00.250Z', { c: '2026-01-01' }], d: 7, e: null, f: 'not 2026-01-01T00:00:00Z' };
    expect(shiftTimestamps(value, 86_400_000)).toEqual({ a: '2026-01-02T00:00:00Z', b: ['2026-01-02T00:00:00.250Z', { c: '2026-01-01' }], d: 7, e: null, f: 'not 2026-01-01T00:00:00Z' });
  });
});

describe('generateAccess', () => {
  const account = generateSeed({ users: 50, seed: 4 });
  const access = generateAccess(account, { tokens: 300, automationTokens: 40, invitations: 10, events: 2000, seed: 5 });

  it('is deterministic and parses with the auditor’s schemas', () => {
    expect(generateAccess(account, { tokens: 300, automationTokens: 40, invitations: 10, events: 2000, seed: 5 })).toEqual(access);
    expect(ApiTokenListSchema.safeParse(access.tokens).success).toBe(true);
    expect(AutomationTokenPageSchema.safeParse({ data: access.automationTokens }).success).toBe(true);
    expect(InvitationPageSchema.safeParse({ data: access.invitations }).success).toBe(true);
    expect(EventPageSchema.safeParse({ data: access.events }).success).toBe(true);
  });

  it('has the realistic mixes: sessions, never-used and never-expiring tokens, a year of mostly routine events', () => {
    const tokens = accountTokens(ApiTokenListSchema.parse(access.tokens), []);
    expect(tokens.filter((token) => token.browserSession).length).toBeGreaterThan(5);
    expect(tokens.filter((token) => token.lastUsedAt === null).length).toBeGreaterThan(10);
    expect(tokens.filter((token) => token.expiresAt === null && !token.browserSession).length).toBeGreaterThan(50);
    const types = access.events.map((event) => (event.attributes as Record<string, unknown>).event_type);
    expect(types.filter((type) => type === 'customer.update').length).toBeGreaterThan(5);
    expect(types.filter((type) => type === 'customer.update').length).toBeLessThan(100);
    expect(() => generateAccess(account, { tokens: -1, events: 0 })).toThrow(RangeError);
  });
});

describe('loadSeedFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-seed-'));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a valid file', () => {
    const path = file('ok.json', JSON.stringify({ customer: { id: 'c1' }, users: [{ id: 'u1' }] }));

    expect(loadSeedFile(path)).toEqual({ customer: { id: 'c1' }, users: [{ id: 'u1' }] });
  });

  it('loads the optional lists', () => {
    const lists = { tokens: [{ id: 't1' }], automationTokens: [], invitations: [{ id: 'i1', attributes: {} }], events: [] };
    const path = file('lists.json', JSON.stringify({ customer: { id: 'c1' }, users: [], ...lists }));

    expect(loadSeedFile(path)).toEqual({ customer: { id: 'c1' }, users: [], ...lists });
  });

  it.each([
    ['broken.json', '{"customer": ', /^Invalid seed file .*broken\.json: /],
    ['no-id.json', '{"customer": {}, "users": []}', /no-id\.json: "customer\.id" must be a non-empty string/],
    ['users.json', '{"customer": {"id": "c"}, "users": {}}', /users\.json: "users" must be an array/],
    ['user.json', '{"customer": {"id": "c"}, "users": [1]}', /user\.json: "users\[0\]" must be an object/],
    ['tokens.json', '{"customer": {"id": "c"}, "users": [], "tokens": {}}', /tokens\.json: "tokens" must be an array/],
    ['events.json', '{"customer": {"id": "c"}, "users": [], "events": [{"id": "e"}]}', /events\.json: "events\[0\]\.attributes" must be an object/],
  ])('%s is refused with an error naming the file', (name, text, message) => {
    const path = file(name, text);

    expect(() => loadSeedFile(path)).toThrow(message);
  });

  it('a missing file is refused with an error naming it', () => {
    expect(() => loadSeedFile(join(dir, 'missing.json'))).toThrow(/^Cannot read seed file .*missing\.json/);
  });
});
