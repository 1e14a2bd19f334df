import { evaluatePolicy } from '../../../lambda/policy/evaluate.js';
import { BROWSER_SESSION_NAME } from '../../../lambda/policy/token-facts.js';
import { boundAccessReview, buildAccessReview } from '../../../lambda/report/access-review.js';
import { apiToken, automationToken, tokens } from '../../helpers/access-fixtures.js';
import { customer, daysAgo, NOW, owner, policy, user } from '../../helpers/policy-fixtures.js';
import { makeReport } from '../../helpers/report-fixtures.js';

const POLICY = policy({ rules: { 'user.email-domain': { allowedDomains: ['example.com'] } } });

function accountOf() {
  const users = [
    owner(),
    user('u-dev', { two_factor_auth_enabled: false, roles: ['engineer', 'tls_viewer'], role: null }),
    user('u-gone', { login: 'gone@gmail.com', locked: true, two_factor_auth_enabled: null, last_active_at: daysAgo(200) }),
    user('u-plain', { last_active_at: null, created_at: null }),
  ];
  const accountTokenList = tokens(
    [
      apiToken('t-dev-1', { user_id: 'u-dev' }),
      apiToken('t-dev-2', { user_id: 'u-dev', expires_at: null }),
      apiToken('t-session', { user_id: 'u-dev', name: BROWSER_SESSION_NAME }),
      apiToken('t-gone', { user_id: 'u-gone' }),
    ],
    [automationToken('t-ci', { creator_id: 'u-owner' })],
  );
  return { users, tokens: accountTokenList };
}

describe('buildAccessReview', () => {
  it('lists one plain row per user: login, name, roles, 2FA, locked, dates, API tokens held and failing rules', () => {
    // Arrange
    const account = accountOf();
    const { findings } = evaluatePolicy({ customer: customer(), ...account, invitations: [], policy: POLICY, now: NOW });

    // Act
    const review = buildAccessReview({ users: account.users, tokens: account.tokens, findings });

    // Assert
    expect(review.users).toEqual([
      expect.objectContaining({ id: 'u-owner', login: 'owner@example.com', roles: ['superuser'], twoFactor: 'enabled', tokens: 0, failingRuleIds: [] }),
      {
        id: 'u-dev',
        login: 'u-dev@example.com',
        name: 'User u-dev',
        roles: ['engineer', 'tls_viewer'],
        twoFactor: 'disabled',
        locked: null,
        lastActiveAt: daysAgo(3),
        createdAt: '2021-03-04T05:06:07Z',
        // The console session is a login, not an API token.
        tokens: 2,
        // Its own 2FA, and token.expiry of the token it holds that never expires.
        failingRuleIds: ['user.2fa-enabled', 'token.expiry'],
      },
      expect.objectContaining({
        id: 'u-gone',
        twoFactor: 'unknown',
        locked: true,
        tokens: 1,
        // token.owner: a token of a locked user.
        failingRuleIds: ['user.2fa-enabled', 'user.email-domain', 'user.inactive', 'token.owner'],
      }),
      expect.objectContaining({ id: 'u-plain', lastActiveAt: null, createdAt: null, tokens: 0, failingRuleIds: [] }),
    ]);
  });

  it('lists the API tokens with who holds (or created) them, console sessions left out', () => {
    const account = accountOf();
    const { findings } = evaluatePolicy({ customer: customer(), ...account, invitations: [], policy: POLICY, now: NOW });

    const review = buildAccessReview({ users: account.users, tokens: account.tokens, findings });

    expect(review.tokens?.map((token) => [token.id, token.kind, token.owner, token.failingRuleIds])).toEqual([
      ['t-ci', 'automation', 'owner@example.com', []],
      ['t-dev-1', 'user', 'u-dev@example.com', []],
      ['t-dev-2', 'user', 'u-dev@example.com', ['token.expiry']],
      ['t-gone', 'user', 'gone@gmail.com', ['token.owner']],
    ]);
  });

  it('says the token counts are unknown (null) and lists no tokens when the tokens were not read', () => {
    const { users } = accountOf();

    const review = buildAccessReview({ users, findings: [] });

    expect(review.users.map((row) => row.tokens)).toEqual([null, null, null, null]);
    expect(review).not.toHaveProperty('tokens');
  });

  it('ignores findings that do not fail: a muted or fixed finding is no failing rule of its user', () => {
    const account = accountOf();
    const muting = policy({
      rules: { 'user.email-domain': { allowedDomains: ['example.com'] } },
      exceptions: [{ rule: 'user.2fa-enabled', subject: 'u-dev@example.com', reason: 'service account', expires: '2030-01-01' }],
    });
    const { findings } = evaluatePolicy({ customer: customer(), ...account, invitations: [], policy: muting, now: NOW });

    const review = buildAccessReview({ users: account.users, tokens: account.tokens, findings });

    expect(review.users.find((row) => row.id === 'u-dev')?.failingRuleIds).toEqual(['token.expiry']);
  });

  it('shares one array between rows with the same roles or the same failing rules (no array per user)', () => {
    const users = Array.from({ length: 1_000 }, (_, index) => user(`u-${index}`, { two_factor_auth_enabled: false }));
    const { findings } = evaluatePolicy({ customer: customer(), users, policy: policy({ rules: { 'account.owner-2fa': { enabled: false } } }), now: NOW });

    const review = buildAccessReview({ users, findings });

    expect(new Set(review.users.map((row) => row.failingRuleIds)).size).toBe(1);
    expect(new Set(review.users.map((row) => row.roles)).size).toBe(1);
    expect(review.users[0]?.failingRuleIds).toEqual(['user.2fa-enabled']);
    expect(Object.isFrozen(review.users[0]?.failingRuleIds)).toBe(true);
  });
});

describe('boundAccessReview', () => {
  const row = (index: number) => ({
    id: `u-${index}`,
    login: `u-${index}@example.com`,
    name: '',
    roles: [],
    twoFactor: 'enabled' as const,
    locked: false,
    lastActiveAt: null,
    createdAt: null,
    tokens: null,
    failingRuleIds: [],
  });

  it('keeps at most maxRows users and tokens and counts the rest', () => {
    const report = { ...makeReport(), accessReview: { users: [0, 1, 2, 3, 4].map(row), tokens: [] } };

    const bound = boundAccessReview(report, 3);

    expect(bound.accessReview?.users.map((user) => user.id)).toEqual(['u-0', 'u-1', 'u-2']);
    expect(bound.accessReview?.truncatedUsers).toBe(2);
    expect(bound.accessReview?.tokens).toEqual([]);
    expect(bound.accessReview).not.toHaveProperty('truncatedTokens');
    expect(report.accessReview.users).toHaveLength(5);
  });

  it('returns the report itself when nothing is over the limit or there is no review', () => {
    const small = { ...makeReport(), accessReview: { users: [row(0)] } };
    expect(boundAccessReview(small, 3)).toBe(small);
    const none = makeReport();
    expect(boundAccessReview(none, 3)).toBe(none);
  });
});
