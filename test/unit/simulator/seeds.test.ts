import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomerSchema, UserListSchema } from '../../../lambda/fastly/schemas.js';
import { demoSeed, generateSeed, loadSeedFile } from '../../../simulator/index.js';

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

  it.each([
    ['broken.json', '{"customer": ', /^Invalid seed file .*broken\.json: /],
    ['no-id.json', '{"customer": {}, "users": []}', /no-id\.json: "customer\.id" must be a non-empty string/],
    ['users.json', '{"customer": {"id": "c"}, "users": {}}', /users\.json: "users" must be an array/],
    ['user.json', '{"customer": {"id": "c"}, "users": [1]}', /user\.json: "users\[0\]" must be an object/],
  ])('%s is refused with an error naming the file', (name, text, message) => {
    const path = file(name, text);

    expect(() => loadSeedFile(path)).toThrow(message);
  });

  it('a missing file is refused with an error naming it', () => {
    expect(() => loadSeedFile(join(dir, 'missing.json'))).toThrow(/^Cannot read seed file .*missing\.json/);
  });
});
