import {
  checkAllowlistSafe,
  checkDataComplete,
  checkRateLimitFloor,
  checkSsoConfigured,
  checkUsersLoggedOut,
  usersWithout2fa,
} from '../../../lambda/remediation/guardrails.js';
import type { RemediationSettings } from '../../../lambda/remediation/types.js';
import { user } from '../../helpers/remediation-fixtures.js';

describe('usersWithout2fa', () => {
  it('counts false, null and absent 2FA as lacking, and falls back to the id without a login', () => {
    const users = [
      user('u1', 'on@acme.example', true),
      user('u2', 'off@acme.example', false),
      user('u3', 'null@acme.example', null),
      { id: 'u4' },
    ];

    expect(usersWithout2fa(users)).toEqual(['off@acme.example', 'null@acme.example', 'u4']);
  });
});

describe('checkUsersLoggedOut', () => {
  const users = [user('u1', 'on@acme.example', true), user('u2', 'off@acme.example', false), user('u3', 'null@acme.example', null)];

  it('accepts when the users who would be logged out are within the limit', () => {
    expect(checkUsersLoggedOut(users, 2)).toEqual({ ok: true });
    expect(checkUsersLoggedOut([user('u1', 'on@acme.example', true)], 0)).toEqual({ ok: true });
  });

  it('refuses above the limit, naming the count and listing every login', () => {
    const result = checkUsersLoggedOut(users, 1);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain('2 users lack 2FA');
    expect(result.reason).toContain('maxUsersLoggedOut (1)');
    expect(result.details).toEqual({ wouldBeLoggedOut: ['off@acme.example', 'null@acme.example'] });
  });

  it('uses the singular for one user', () => {
    const result = checkUsersLoggedOut([user('u2', 'off@acme.example', false)], 0);

    expect(result.ok === false && result.reason).toContain('1 user lacks 2FA');
  });
});

describe('checkSsoConfigured', () => {
  it('accepts only an explicit ssoConfigured: true', () => {
    expect(checkSsoConfigured(true)).toEqual({ ok: true });
    const refused = checkSsoConfigured(false);
    expect(refused.ok === false && refused.reason).toContain('identity provider');
  });
});

describe('checkAllowlistSafe', () => {
  const base: RemediationSettings['account.ip-allowlist'] = {
    enabled: true,
    remediate: 'auto',
    minPrefixLength: 16,
    desired: '192.0.2.0/24,198.51.100.7',
    auditorEgress: ['198.51.100.7', '192.0.2.200'],
  };
  const reasonOf = (patch: Partial<RemediationSettings['account.ip-allowlist']>): string => {
    const result = checkAllowlistSafe({ ...base, ...patch });
    if (result.ok) throw new Error('expected a refusal');
    return result.reason;
  };

  it('accepts a compliant allowlist covering every auditor address', () => {
    expect(checkAllowlistSafe(base)).toEqual({ ok: true });
  });

  it('refuses a missing or blank desired allowlist', () => {
    expect(reasonOf({ desired: undefined })).toContain('no "desired" allowlist');
    expect(reasonOf({ desired: '  ' })).toContain('no "desired" allowlist');
  });

  it('refuses a desired allowlist the rule itself would fail, passing on the rule problems', () => {
    const result = checkAllowlistSafe({ ...base, desired: '10.0.0.0/8,198.51.100.7,192.0.2.0/24' });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain('not compliant');
    expect(result.details?.problems).toEqual(expect.arrayContaining([expect.stringContaining('10.0.0.0/8')]));
  });

  it('checks allowedRanges with the same settings as the rule', () => {
    expect(checkAllowlistSafe({ ...base, allowedRanges: ['192.0.2.0/24', '198.51.100.0/24'] })).toEqual({ ok: true });
    expect(reasonOf({ allowedRanges: ['192.0.2.0/24'] })).toContain('not compliant');
  });

  it('refuses without auditor egress addresses', () => {
    expect(reasonOf({ auditorEgress: undefined })).toContain('auditorEgress');
    expect(reasonOf({ auditorEgress: [] })).toContain('auditorEgress');
  });

  it('refuses when any auditor address is outside the desired allowlist, naming it', () => {
    const result = checkAllowlistSafe({ ...base, auditorEgress: ['198.51.100.7', '198.51.100.8'] });

    expect(result).toEqual({
      ok: false,
      reason: expect.stringContaining('lock the auditor out'),
      details: { uncovered: ['198.51.100.8'] },
    });
    expect(result.ok === false && result.reason).toContain('198.51.100.8');
  });
});

describe('checkDataComplete', () => {
  it('accepts complete data and refuses partial data', () => {
    expect(checkDataComplete(true)).toEqual({ ok: true });
    expect(checkDataComplete(false).ok).toBe(false);
  });
});

describe('checkRateLimitFloor', () => {
  it('accepts an unknown budget or one at or above the floor', () => {
    expect(checkRateLimitFloor({}, 10)).toEqual({ ok: true });
    expect(checkRateLimitFloor({ remaining: 10 }, 10)).toEqual({ ok: true });
  });

  it('refuses below the floor, with the numbers', () => {
    const result = checkRateLimitFloor({ remaining: 2 }, 10);

    expect(result).toEqual({
      ok: false,
      reason: expect.stringContaining('2 write requests left, below the floor of 10'),
      details: { remaining: 2 },
    });
  });
});
