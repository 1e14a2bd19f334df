/**
 * token.expiry, token.unused and token.owner on recorded-shape tokens: browser sessions are not
 * API tokens, a far-future expiry is as bad as none, a never-used token fails once it is old, and
 * a token of a locked or removed user fails. Dead tokens (expired, deleted) are not judged.
 */
import { ruleSettings } from '../../../lambda/policy/settings.js';
import { tokenExpiryRule } from '../../../lambda/policy/rules/token-expiry.js';
import { tokenOwnerRule } from '../../../lambda/policy/rules/token-owner.js';
import { tokenUnusedRule } from '../../../lambda/policy/rules/token-unused.js';
import { accountTokens, BROWSER_SESSION_NAME } from '../../../lambda/policy/token-facts.js';
import { ApiTokenListSchema, AutomationTokenPageSchema } from '../../../lambda/fastly/access-schemas.js';
import type { User } from '../../../lambda/fastly/schemas.js';
import type { AccountToken } from '../../../lambda/policy/token-facts.js';
import { apiToken, automationToken, daysFromNow, recordedBody, tokens } from '../../helpers/access-fixtures.js';
import { customer, daysAgo, NOW, owner, policy, user } from '../../helpers/policy-fixtures.js';

const input = { customer: customer(), invitations: [], peers: { allowedDomains: [] }, now: NOW };

function expiry(list: AccountToken[], rules: Record<string, unknown> = {}) {
  const settings = ruleSettings(policy({ rules: { 'token.expiry': rules } }), 'token.expiry');
  return [...tokenExpiryRule.evaluate({ ...input, users: [], tokens: list, settings })];
}

function unused(list: AccountToken[], rules: Record<string, unknown> = {}) {
  const settings = ruleSettings(policy({ rules: { 'token.unused': rules } }), 'token.unused');
  return [...tokenUnusedRule.evaluate({ ...input, users: [], tokens: list, settings })];
}

function owners(list: AccountToken[], users: User[]) {
  return [...tokenOwnerRule.evaluate({ ...input, users, tokens: list, settings: ruleSettings(policy(), 'token.owner') })];
}

const statuses = (outcomes: { subject: { id: string }; status: string; severity?: string }[]) =>
  outcomes.map((outcome) => [outcome.subject.id, outcome.status, outcome.severity]);

describe('accountTokens', () => {
  it('merges the recorded lists, each token once, an automation token kept as one', () => {
    const own = ApiTokenListSchema.parse(JSON.parse(recordedBody('customer-tokens.json')));
    const automation = AutomationTokenPageSchema.parse(JSON.parse(recordedBody('automation-tokens.json'))).data;
    const [firstAutomation] = automation;
    const merged = accountTokens([...own, { ...own[0], id: firstAutomation?.id, user_id: 'someone' }], automation);
    expect(merged).toHaveLength(6);
    expect(merged.filter((token) => token.kind === 'automation').map((token) => token.name)).toEqual(['fastly-exporter', 'my-test-token']);
    expect(merged.filter((token) => token.browserSession).map((token) => token.name)).toEqual([BROWSER_SESSION_NAME]);
    expect(merged.find((token) => token.name === 'fastly-exporter')?.scopes).toEqual(['global:read']);
    expect(merged.find((token) => token.name === 'curl-scripts')).toMatchObject({ kind: 'user', scopes: ['global'], expiresAt: null, userId: '4tKBSuFhNEiIpNDxmmVydt' });
  });

  it('keeps a token without an id or name under a placeholder, so it is still judged', () => {
    const [token] = accountTokens([apiToken('x', { id: null, name: '' })], []);
    expect(token).toMatchObject({ id: '(user token 1 without an id)', name: '(user token 1 without an id)' });
  });
});

describe('token.expiry', () => {
  it('excludes console browser sessions: they are logins, not API tokens', () => {
    const session = apiToken('s-1', { name: 'manage.fastly.com browser session', expires_at: null });
    expect(expiry(tokens([session]))).toEqual([]);
  });

  it('a token that never expires fails: high with the global scope, medium otherwise', () => {
    const outcomes = expiry(
      tokens(
        [apiToken('global', { expires_at: null }), apiToken('read', { expires_at: null, scopes: ['global:read'], scope: 'global:read' })],
        [automationToken('auto', { expires_at: null, scopes: 'global' })],
      ),
    );
    expect(statuses(outcomes)).toEqual([
      ['auto', 'FAIL', 'high'],
      ['global', 'FAIL', 'high'],
      ['read', 'FAIL', 'medium'],
    ]);
    expect(outcomes[1]?.message).toBe('API token "token global" (global) never expires (expires_at is null).');
  });

  it('a token that expires far in the future fails maxLifetimeDays', () => {
    const [outcome] = expiry(tokens([apiToken('long', { created_at: daysAgo(10), expires_at: daysFromNow(3650) })]));
    expect(outcome).toMatchObject({ status: 'FAIL', severity: 'high', evidence: expect.objectContaining({ lifetimeDays: 3660, maxLifetimeDays: 365 }) });
    expect(outcome?.message).toMatch(/expires 3660 days after it was created .* more than the limit of 365 days\.$/);
  });

  it('passes within the limit, at the limit, and follows the policy', () => {
    const atLimit = apiToken('edge', { created_at: daysAgo(65), expires_at: daysFromNow(300) });
    expect(statuses(expiry(tokens([apiToken('t'), atLimit])))).toEqual([
      ['t', 'PASS', undefined],
      ['edge', 'PASS', undefined],
    ]);
    expect(statuses(expiry(tokens([apiToken('t')]), { maxLifetimeDays: 30 }))).toEqual([['t', 'FAIL', 'high']]);
  });

  it('does not judge dead tokens: expired or deleted', () => {
    expect(expiry(tokens([apiToken('expired', { expires_at: daysAgo(1) }), apiToken('deleted', { expires_at: null, deleted_at: daysAgo(2) })]))).toEqual([]);
  });

  it('without created_at, judges what is left of the lifetime, and says when it cannot', () => {
    const outcomes = expiry(tokens([apiToken('far', { created_at: null, expires_at: daysFromNow(400) }), apiToken('near', { created_at: null })]));
    expect(statuses(outcomes)).toEqual([
      ['far', 'FAIL', 'high'],
      ['near', 'NOT_APPLICABLE', undefined],
    ]);
    expect(outcomes[0]?.message).toMatch(/expires in 400 days/);
  });

  it('an unreadable expires_at is NOT_APPLICABLE, never a PASS', () => {
    expect(statuses(expiry(tokens([apiToken('odd', { expires_at: 'soon' })])))).toEqual([['odd', 'NOT_APPLICABLE', undefined]]);
  });
});

describe('token.unused', () => {
  it('fails a token unused for longer than maxUnusedDays, passes a recent one', () => {
    const outcomes = unused(tokens([apiToken('idle', { last_used_at: daysAgo(91) }), apiToken('busy')]));
    expect(statuses(outcomes)).toEqual([
      ['idle', 'FAIL', undefined],
      ['busy', 'PASS', undefined],
    ]);
    expect(outcomes[0]?.message).toMatch(/was last used 91 days ago .* more than the limit of 90 days\.$/);
  });

  it('a never-used token (the recording: last_used_at, ip and user_agent null) fails once older than the limit', () => {
    const neverUsed = { last_used_at: null, ip: null, user_agent: null };
    const outcomes = unused(tokens([apiToken('old', { ...neverUsed, created_at: daysAgo(120) }), apiToken('new', { ...neverUsed, created_at: daysAgo(5) })]));
    expect(statuses(outcomes)).toEqual([
      ['old', 'FAIL', undefined],
      ['new', 'PASS', undefined],
    ]);
    expect(outcomes[0]?.message).toMatch(/was never used since it was created 120 days ago/);
  });

  it('skips browser sessions and dead tokens; a never-used token without created_at cannot be judged', () => {
    const outcomes = unused(
      tokens([
        apiToken('session', { name: 'manage.fastly.com browser session', last_used_at: daysAgo(300) }),
        apiToken('expired', { last_used_at: daysAgo(300), expires_at: daysAgo(3) }),
        apiToken('undated', { last_used_at: null, created_at: null }),
      ]),
    );
    expect(statuses(outcomes)).toEqual([['undated', 'NOT_APPLICABLE', undefined]]);
  });
});

describe('token.owner', () => {
  const users = [owner(), user('u-dev'), user('u-locked', { locked: true }), user('u-deleted', { deleted_at: daysAgo(3) })];

  it('fails tokens of locked, deleted and unlisted users; passes an active owner, sessions included', () => {
    const list = tokens([
      apiToken('ok', { user_id: 'u-dev' }),
      apiToken('session', { user_id: 'u-owner', name: 'manage.fastly.com browser session' }),
      apiToken('locked', { user_id: 'u-locked' }),
      apiToken('deleted', { user_id: 'u-deleted' }),
      apiToken('gone', { user_id: 'u-gone' }),
      apiToken('nobody', { user_id: null }),
    ]);
    const outcomes = owners(list, users);
    expect(statuses(outcomes)).toEqual([
      ['ok', 'PASS', undefined],
      ['session', 'PASS', undefined],
      ['locked', 'FAIL', undefined],
      ['deleted', 'FAIL', undefined],
      ['gone', 'FAIL', undefined],
      ['nobody', 'FAIL', undefined],
    ]);
    expect(outcomes.map((outcome) => outcome.message).slice(2)).toEqual([
      'API token "token locked" (global) belongs to u-locked@example.com, a locked user.',
      'API token "token deleted" (global) belongs to u-deleted@example.com, a deleted user.',
      'API token "token gone" (global) belongs to user id u-gone, who is not a user of the account (removed?).',
      'API token "token nobody" (global) names no user (user_id is missing), so no one is known to answer for it.',
    ]);
  });

  it('does not judge automation tokens (they belong to the account) nor dead tokens', () => {
    const list = tokens([apiToken('expired', { user_id: 'u-gone', expires_at: daysAgo(1) })], [automationToken('auto', { creator_id: 'u-gone' })]);
    expect(owners(list, users)).toEqual([]);
  });

  it('shows no secret in its evidence', () => {
    const [outcome] = owners(tokens([apiToken('t', { user_id: 'u-gone' })]), users);
    expect(Object.keys(outcome?.evidence ?? {})).toEqual(['name', 'kind', 'scopes', 'user_id', 'creator_id', 'role', 'created_at', 'expires_at', 'last_used_at', 'owner']);
  });
});
