import { allowlistCovers, checkAllowlist } from '../../../lambda/policy/allowlist.js';
import { ipAllowlistRule } from '../../../lambda/policy/rules/ip-allowlist.js';
import { ruleSettings } from '../../../lambda/policy/settings.js';
import { customer, NOW, policy, NO_TOKENS_OR_INVITATIONS } from '../../helpers/policy-fixtures.js';

const defaults = { minPrefixLength: 16 };

describe('checkAllowlist', () => {
  it.each([null, undefined, '', '  ', ' , '])('%j is not set', (value) => {
    expect(checkAllowlist(value, defaults)).toEqual({ compliant: false, problems: ['the allowlist is not set'] });
  });

  it.each(['0.0.0.0/0', '203.0.113.0/24, 0.0.0.0/0', '*.*.*.*', '10.0.0.0/0'])('%s admits every address', (value) => {
    const { compliant, problems } = checkAllowlist(value, defaults);
    expect(compliant).toBe(false);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/allows every address, so the allowlist is effectively not set$/);
  });

  it('accepts addresses, CIDRs and trailing wildcards within the prefix limit', () => {
    expect(checkAllowlist('192.0.2.7, 198.51.100.0/24,203.0.113.*, 10.20.*.*', defaults)).toEqual({ compliant: true, problems: [] });
  });

  it('names each invalid entry: IPv6, garbage, loose forms, mid wildcards', () => {
    const { compliant, problems } = checkAllowlist('2001:db8::/32,example.com,10.1,192.168.*.1,203.0.113.0/24', defaults);
    expect(compliant).toBe(false);
    expect(problems).toEqual([
      'entry "2001:db8::/32" is invalid: IPv6 is not supported by the Fastly account allowlist',
      'entry "example.com" is invalid: not an IPv4 address, IPv4 CIDR or a.b.c.* wildcard',
      'entry "10.1" is invalid: not an IPv4 address, IPv4 CIDR or a.b.c.* wildcard',
      'entry "192.168.*.1" is invalid: wildcards are only supported in trailing octets (a.b.c.* or a.b.*.*)',
    ]);
  });

  it('rejects entries broader than minPrefixLength, counting a.b.*.* as /16 and a.*.*.* as /8', () => {
    expect(checkAllowlist('10.0.0.0/8', defaults).problems).toEqual([
      'entry "10.0.0.0/8" (/8) is broader than the policy allows (/16 or narrower)',
    ]);
    expect(checkAllowlist('10.*.*.*', defaults).compliant).toBe(false);
    expect(checkAllowlist('10.20.*.*', defaults).compliant).toBe(true);
    expect(checkAllowlist('10.20.*.*', { minPrefixLength: 24 }).problems).toEqual([
      'entry "10.20.*.*" (/16) is broader than the policy allows (/24 or narrower)',
    ]);
  });

  it('with allowedRanges, every entry must lie inside one of them', () => {
    const settings = { minPrefixLength: 16, allowedRanges: ['203.0.113.0/24', '198.51.100.0/25'] };
    expect(checkAllowlist('203.0.113.7, 203.0.113.128/25, 198.51.100.*', settings).problems).toEqual([
      'entry "198.51.100.*" is outside the allowed ranges (203.0.113.0/24, 198.51.100.0/25)',
    ]);
    expect(checkAllowlist('203.0.113.7,198.51.100.0/26', settings)).toEqual({ compliant: true, problems: [] });
  });
});

describe('allowlistCovers', () => {
  it('is true when some entry contains the address', () => {
    expect(allowlistCovers('198.51.100.0/24, 203.0.113.10', '203.0.113.10')).toBe(true);
    expect(allowlistCovers('203.0.113.*', '203.0.113.200')).toBe(true);
    expect(allowlistCovers('203.0.0.0/16', '203.0.113.200')).toBe(true);
  });

  it('is false when no entry contains it, for invalid entries and for invalid addresses', () => {
    expect(allowlistCovers('203.0.113.0/25', '203.0.113.200')).toBe(false);
    expect(allowlistCovers('garbage, 2001:db8::/32', '203.0.113.200')).toBe(false);
    expect(allowlistCovers('', '203.0.113.200')).toBe(false);
    expect(allowlistCovers('203.0.113.0/24', '203.0.113')).toBe(false);
  });
});

describe('account.ip-allowlist', () => {
  const evaluate = (ip_whitelist: unknown, rules: Record<string, unknown> = {}) =>
    ipAllowlistRule.evaluate({
      customer: customer({ ip_whitelist }),
      users: [],
      settings: ruleSettings(policy({ rules: { 'account.ip-allowlist': rules } }), 'account.ip-allowlist'),
      now: NOW,
      ...NO_TOKENS_OR_INVITATIONS,
    });

  it('PASS for a compliant allowlist', () => {
    expect(evaluate('203.0.113.0/24')).toEqual([
      expect.objectContaining({ status: 'PASS', evidence: { ip_whitelist: '203.0.113.0/24', minPrefixLength: 16, problems: [] } }),
    ]);
  });

  it.each([null, '', '0.0.0.0/0'])('FAIL "not set" for %j', (value) => {
    const [outcome] = evaluate(value);
    expect(outcome?.status).toBe('FAIL');
    expect(outcome?.message).toMatch(/^The IP allowlist is not set/);
    expect(outcome?.subject).toEqual({ type: 'account', id: '7hD3vZqA1n4xK2pR9sT6uW', name: 'ACME Corp' });
  });

  it('FAIL naming the offending entry and the configured ranges', () => {
    const [outcome] = evaluate('203.0.113.0/24,192.0.2.0/24', { allowedRanges: ['203.0.113.0/24'] });
    expect(outcome?.status).toBe('FAIL');
    expect(outcome?.message).toBe(
      'The IP allowlist is not compliant: entry "192.0.2.0/24" is outside the allowed ranges (203.0.113.0/24).',
    );
    expect(outcome?.evidence).toMatchObject({ allowedRanges: ['203.0.113.0/24'], ip_whitelist: '203.0.113.0/24,192.0.2.0/24' });
  });
});
