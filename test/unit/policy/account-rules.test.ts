import { force2faRule } from '../../../lambda/policy/rules/force-2fa.js';
import { forceSsoRule } from '../../../lambda/policy/rules/force-sso.js';
import { owner2faRule } from '../../../lambda/policy/rules/owner-2fa.js';
import { pciPasswordsRule } from '../../../lambda/policy/rules/pci-passwords.js';
import { pciRule } from '../../../lambda/policy/rules/pci.js';
import { securityContactRule } from '../../../lambda/policy/rules/security-contact.js';
import { ruleSettings } from '../../../lambda/policy/settings.js';
import type { Customer, User } from '../../../lambda/fastly/schemas.js';
import { customer, NOW, owner, policy, user, NO_TOKENS_OR_INVITATIONS } from '../../helpers/policy-fixtures.js';

const settingsOf = <Id extends 'account.force-sso' | 'account.owner-2fa'>(id: Id) => ruleSettings(policy(), id);

describe('flag rules read exactly true as compliant', () => {
  const cases = [
    { field: 'force_2fa', evaluate: (account: Customer) => force2faRule.evaluate({ customer: account, users: [], settings: ruleSettings(policy(), 'account.force-2fa'), now: NOW, ...NO_TOKENS_OR_INVITATIONS }) },
    { field: 'has_pci', evaluate: (account: Customer) => pciRule.evaluate({ customer: account, users: [], settings: ruleSettings(policy(), 'account.pci'), now: NOW, ...NO_TOKENS_OR_INVITATIONS }) },
    { field: 'has_pci_passwords', evaluate: (account: Customer) => pciPasswordsRule.evaluate({ customer: account, users: [], settings: ruleSettings(policy(), 'account.pci-passwords'), now: NOW, ...NO_TOKENS_OR_INVITATIONS }) },
  ];

  it.each(cases)('$field: true passes', ({ field, evaluate }) => {
    expect(evaluate(customer({ [field]: true }))).toEqual([
      expect.objectContaining({ status: 'PASS', message: `${field} is true.`, evidence: { [field]: true } }),
    ]);
  });

  it.each(cases)('$field: false fails and says it is false', ({ field, evaluate }) => {
    const [outcome] = evaluate(customer({ [field]: false }));
    expect(outcome).toMatchObject({ status: 'FAIL', evidence: { [field]: false } });
    expect(outcome?.message).toMatch(new RegExp(`\\(${field} is false\\)\\.$`));
  });

  it.each(cases)('$field: null or absent fails as not set', ({ field, evaluate }) => {
    for (const value of [null, undefined]) {
      const [outcome] = evaluate(customer({ [field]: value }));
      expect(outcome).toMatchObject({ status: 'FAIL', evidence: { [field]: null } });
      expect(outcome?.message).toMatch(/is not set in the API response\)\.$/);
    }
  });
});

it('account.force-sso shows whether the policy states SSO is configured', () => {
  const [outcome] = forceSsoRule.evaluate({
    customer: customer({ force_sso: false }),
    users: [],
    settings: { ...settingsOf('account.force-sso'), ssoConfigured: true },
    now: NOW,
    ...NO_TOKENS_OR_INVITATIONS,
  });
  expect(outcome).toMatchObject({ status: 'FAIL', evidence: { force_sso: false, ssoConfigured: true } });
});

describe('account.owner-2fa', () => {
  const evaluate = (account: Customer, users: User[]) =>
    owner2faRule.evaluate({ customer: account, users, settings: settingsOf('account.owner-2fa'), now: NOW, ...NO_TOKENS_OR_INVITATIONS });

  it('PASS when the owner has 2FA', () => {
    expect(evaluate(customer(), [owner()])).toEqual([
      expect.objectContaining({ status: 'PASS', evidence: expect.objectContaining({ owner_login: 'owner@example.com' }) }),
    ]);
  });

  it('FAIL when owner_id is null, saying why', () => {
    const [outcome] = evaluate(customer({ owner_id: null }), [owner()]);
    expect(outcome).toMatchObject({ status: 'FAIL', evidence: { owner_id: null, reason: 'owner_id is not set' } });
  });

  it('FAIL when the owner is not among the users, saying why', () => {
    const [outcome] = evaluate(customer({ owner_id: 'u-gone' }), [owner(), user('u-dev')]);
    expect(outcome).toMatchObject({
      status: 'FAIL',
      evidence: { owner_id: 'u-gone', reason: 'the owner is not among the account users' },
    });
    expect(outcome?.message).toContain('u-gone');
  });

  it('FAIL with an unknown state when the owner has two_factor_auth_enabled: null', () => {
    const [outcome] = evaluate(customer(), [owner({ two_factor_auth_enabled: null })]);
    expect(outcome).toMatchObject({ status: 'FAIL', evidence: { two_factor_auth_enabled: null, state: 'unknown' } });
    expect(outcome?.message).toMatch(/state is unknown/);
  });
});

describe('account.security-contact', () => {
  const evaluate = (account: Customer, users: User[]) =>
    securityContactRule.evaluate({ customer: account, users, settings: ruleSettings(policy(), 'account.security-contact'), now: NOW, ...NO_TOKENS_OR_INVITATIONS });

  it('PASS for an existing unlocked user (locked: null counts as unlocked)', () => {
    const [outcome] = evaluate(customer({ security_contact_id: 'u-sec' }), [user('u-sec', { locked: null })]);
    expect(outcome).toMatchObject({ status: 'PASS', evidence: { security_contact_id: 'u-sec', locked: null } });
  });

  it.each([
    [null, 'security_contact_id is not set'],
    ['u-unknown', 'the security contact is not among the account users'],
  ])('FAIL for %j', (id, reason) => {
    const [outcome] = evaluate(customer({ security_contact_id: id }), [user('u-sec')]);
    expect(outcome).toMatchObject({ status: 'FAIL', evidence: { reason } });
  });

  it('FAIL for a locked user', () => {
    const [outcome] = evaluate(customer({ security_contact_id: 'u-sec' }), [user('u-sec', { locked: true })]);
    expect(outcome).toMatchObject({ status: 'FAIL', evidence: { locked: true, reason: 'the security contact is locked' } });
    expect(outcome?.message).toBe('The security contact u-sec@example.com is locked.');
  });
});
