import { emailDomainRule } from '../../../lambda/policy/rules/email-domain.js';
import { inactiveUserRule } from '../../../lambda/policy/rules/inactive.js';
import { superuserCountRule } from '../../../lambda/policy/rules/superuser-count.js';
import { userTwoFactorRule } from '../../../lambda/policy/rules/user-2fa.js';
import { ruleSettings } from '../../../lambda/policy/settings.js';
import type { User } from '../../../lambda/fastly/schemas.js';
import { customer, daysAgo, NOW, policy, user, NO_TOKENS_OR_INVITATIONS } from '../../helpers/policy-fixtures.js';

const settings = <Id extends 'user.2fa-enabled' | 'user.superuser-count' | 'user.email-domain' | 'user.inactive'>(
  id: Id,
  block: Record<string, unknown> = {},
) => ruleSettings(policy({ rules: { [id]: block } }), id);

describe('user.2fa-enabled', () => {
  const evaluate = (users: User[]) => [...userTwoFactorRule.evaluate({ customer: customer(), users, settings: settings('user.2fa-enabled'), now: NOW, ...NO_TOKENS_OR_INVITATIONS })];

  it('one outcome per user: only true passes', () => {
    const outcomes = evaluate([
      user('u-on'),
      user('u-off', { two_factor_auth_enabled: false }),
      user('u-null', { two_factor_auth_enabled: null }),
    ]);
    expect(outcomes.map((outcome) => [outcome.subject.id, outcome.status])).toEqual([
      ['u-on', 'PASS'],
      ['u-off', 'FAIL'],
      ['u-null', 'FAIL'],
    ]);
  });

  it('null fails with evidence and a message saying the state is unknown', () => {
    const [outcome] = evaluate([user('u-null', { two_factor_auth_enabled: null })]);
    expect(outcome?.evidence).toMatchObject({ two_factor_auth_enabled: null, state: 'unknown' });
    expect(outcome?.message).toMatch(/the state is unknown \(two_factor_auth_enabled is null\)/);
  });

  it('a user without the key at all is unknown too', () => {
    const bare = user('u-bare');
    delete bare.two_factor_auth_enabled;
    const [outcome] = evaluate([bare]);
    expect(outcome).toMatchObject({ status: 'FAIL', evidence: { two_factor_auth_enabled: null, state: 'unknown' } });
  });

  it('critical for superusers by role or by roles, not for other roles', () => {
    const outcomes = evaluate([
      user('u-role', { role: 'superuser', two_factor_auth_enabled: false }),
      user('u-roles', { role: 'engineer', roles: ['engineer', 'superuser'], two_factor_auth_enabled: false }),
      user('u-tls', { role: 'tls_viewer', two_factor_auth_enabled: false }),
    ]);
    expect(outcomes.map((outcome) => outcome.severity)).toEqual(['critical', 'critical', undefined]);
    expect(outcomes[0]?.message).toBe('Superuser u-role@example.com has not enabled two-factor authentication.');
  });
});

describe('user.superuser-count', () => {
  const evaluate = (users: User[], block: Record<string, unknown>) =>
    [...superuserCountRule.evaluate({ customer: customer(), users, settings: settings('user.superuser-count', block), now: NOW, ...NO_TOKENS_OR_INVITATIONS })];
  const supers = (count: number) => Array.from({ length: count }, (_, index) => user(`su-${index}`, { role: 'superuser' }));

  it('PASS at the limit, FAIL above it, one outcome for the account', () => {
    expect(evaluate(supers(3), {})).toEqual([expect.objectContaining({ status: 'PASS', evidence: expect.objectContaining({ count: 3, max: 3 }) })]);
    const [outcome] = evaluate(supers(4), {});
    expect(outcome).toMatchObject({ status: 'FAIL', subject: { type: 'account' }, evidence: { count: 4, max: 3 } });
  });

  it('break-glass logins are not counted, compared case-insensitively', () => {
    const users = [...supers(2), user('u-bg', { login: 'BreakGlass@Example.com', role: 'superuser' })];
    const [outcome] = evaluate(users, { max: 2, breakGlass: ['breakglass@example.com'] });
    expect(outcome).toMatchObject({
      status: 'PASS',
      evidence: { count: 2, breakGlass: ['BreakGlass@Example.com'], superusers: ['su-0@example.com', 'su-1@example.com'] },
    });
  });

  it('counts superusers by roles too, and ignores unknown roles', () => {
    const users = [
      user('u-a', { role: 'superuser' }),
      user('u-b', { role: 'user', roles: ['superuser'] }),
      user('u-c', { role: 'tls_admin' }),
      user('u-d', { role: 'edge-wizard', roles: ['edge-wizard'] }),
      user('u-e', { role: null }),
    ];
    const [outcome] = evaluate(users, { max: 1 });
    expect(outcome).toMatchObject({ status: 'FAIL', evidence: { count: 2, superusers: ['u-a@example.com', 'u-b@example.com'] } });
  });

  it('a long list is cut in the message but kept whole in the evidence', () => {
    const [outcome] = evaluate(supers(15), { max: 0 });
    expect(outcome?.message).toMatch(/su-9@example\.com and 5 more\.$/);
    expect((outcome?.evidence.superusers as string[]).length).toBe(15);
  });
});

describe('user.email-domain', () => {
  const evaluate = (users: User[], block: Record<string, unknown>) =>
    [...emailDomainRule.evaluate({ customer: customer(), users, settings: settings('user.email-domain', block), now: NOW, ...NO_TOKENS_OR_INVITATIONS })];

  it('NOT_APPLICABLE, once for the account, when no domains are configured', () => {
    const outcomes = evaluate([user('u-1'), user('u-2', { login: 'x@gmail.com' })], {});
    expect(outcomes).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', subject: expect.objectContaining({ type: 'account' }) })]);
  });

  it('compares domains case-insensitively, per user', () => {
    const outcomes = evaluate(
      [user('u-1', { login: 'Ann@EXAMPLE.com' }), user('u-2', { login: 'bob@gmail.com' }), user('u-3', { login: 'eve@sub.example.com' })],
      { allowedDomains: ['Example.com'] },
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['PASS', 'FAIL', 'FAIL']);
    expect(outcomes[1]?.message).toBe('bob@gmail.com logs in with the domain gmail.com, which is not an allowed domain (example.com).');
    expect(outcomes[1]?.evidence).toEqual({ login: 'bob@gmail.com', domain: 'gmail.com' });
  });

  it('compares internationalised domains in their IDNA form, whichever form the login and the policy use', () => {
    const outcomes = evaluate(
      [
        user('u-1', { login: 'jörg@münchen.example' }),
        user('u-2', { login: 'ana@xn--mnchen-3ya.example' }),
        user('u-3', { login: 'li@MÜNCHEN.example' }),
        user('u-4', { login: 'bo@munchen.example' }),
      ],
      { allowedDomains: ['münchen.example'] },
    );

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['PASS', 'PASS', 'PASS', 'FAIL']);
    expect(evaluate([user('u-1', { login: 'jörg@münchen.example' })], { allowedDomains: ['xn--mnchen-3ya.example'] })[0]?.status).toBe('PASS');
    expect(outcomes[3]?.message).toBe('bo@munchen.example logs in with the domain munchen.example, which is not an allowed domain (münchen.example).');
  });

  it('a login without a domain fails', () => {
    const [outcome] = evaluate([user('u-1', { login: 'service-account' })], { allowedDomains: ['example.com'] });
    expect(outcome).toMatchObject({ status: 'FAIL', evidence: { domain: null } });
  });
});

describe('user.inactive', () => {
  const evaluate = (users: User[], block: Record<string, unknown> = {}) =>
    [...inactiveUserRule.evaluate({ customer: customer(), users, settings: settings('user.inactive', block), now: NOW, ...NO_TOKENS_OR_INVITATIONS })];

  it('FAIL only when older than maxInactiveDays', () => {
    const outcomes = evaluate([
      user('u-recent', { last_active_at: daysAgo(10) }),
      user('u-edge', { last_active_at: daysAgo(90) }),
      user('u-old', { last_active_at: daysAgo(91) }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['PASS', 'PASS', 'FAIL']);
    expect(outcomes[2]?.evidence).toMatchObject({ inactiveDays: 91, maxInactiveDays: 90 });
  });

  it('honours a policy limit', () => {
    expect(evaluate([user('u-1', { last_active_at: daysAgo(31) })], { maxInactiveDays: 30 })[0]?.status).toBe('FAIL');
  });

  it('NOT_APPLICABLE per user without last_active_at, or with an unreadable one', () => {
    const absent = user('u-absent');
    delete absent.last_active_at;
    const outcomes = evaluate([absent, user('u-null', { last_active_at: null }), user('u-bad', { last_active_at: 'yesterday-ish' })]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['NOT_APPLICABLE', 'NOT_APPLICABLE', 'NOT_APPLICABLE']);
    expect(outcomes[2]?.message).toBe('u-bad@example.com has an unreadable last_active_at ("yesterday-ish"), so inactivity cannot be judged.');
  });
});
