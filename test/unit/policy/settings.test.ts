import { DEFAULT_SETTINGS, ruleSettings } from '../../../lambda/policy/settings.js';
import { RULE_IDS } from '../../../lambda/policy/catalog.js';
import { policy } from '../../helpers/policy-fixtures.js';

it('every rule is on by default with the defaults of design.md', () => {
  const empty = policy();
  expect(ruleSettings(empty, 'account.force-2fa')).toEqual({ enabled: true, remediate: 'off', maxUsersLoggedOut: 0 });
  expect(ruleSettings(empty, 'account.force-sso')).toEqual({ enabled: true, remediate: 'off', ssoConfigured: false });
  expect(ruleSettings(empty, 'account.ip-allowlist')).toEqual({ enabled: true, remediate: 'off', minPrefixLength: 16 });
  expect(ruleSettings(empty, 'account.pci')).toEqual({ enabled: true, remediate: 'off' });
  expect(ruleSettings(empty, 'user.superuser-count')).toEqual({ enabled: true, max: 3, breakGlass: [] });
  expect(ruleSettings(empty, 'user.email-domain')).toEqual({ enabled: true, allowedDomains: [] });
  expect(ruleSettings(empty, 'user.inactive')).toEqual({ enabled: true, maxInactiveDays: 90 });
  for (const id of RULE_IDS) expect(ruleSettings(empty, id)).toEqual(DEFAULT_SETTINGS[id]);
});

it('a rule block overrides only the keys it sets', () => {
  const resolved = ruleSettings(
    policy({ rules: { 'account.ip-allowlist': { allowedRanges: ['203.0.113.0/24'], severity: 'critical' } } }),
    'account.ip-allowlist',
  );
  expect(resolved).toEqual({
    enabled: true,
    remediate: 'off',
    minPrefixLength: 16,
    allowedRanges: ['203.0.113.0/24'],
    severity: 'critical',
  });
});

it('an explicit undefined in a hand-built policy does not erase a default', () => {
  const resolved = ruleSettings({ version: 1, rules: { 'user.inactive': { enabled: undefined, maxInactiveDays: 30 } } }, 'user.inactive');
  expect(resolved).toEqual({ enabled: true, maxInactiveDays: 30 });
});

it('resolving does not let callers change the defaults', () => {
  const resolved = ruleSettings(policy(), 'user.inactive');
  resolved.maxInactiveDays = 1;
  ruleSettings(policy(), 'user.superuser-count').breakGlass.push('someone@example.com');
  expect(ruleSettings(policy(), 'user.inactive').maxInactiveDays).toBe(90);
  expect(ruleSettings(policy(), 'user.superuser-count').breakGlass).toEqual([]);
});
