/** account.owner-2fa: the account owner, looked up among the users, has 2FA enabled. */
import { ownerLost2fa } from '../../attribution/matchers.js';
import { defineRule } from '../define-rule.js';
import { accountSubject } from '../subjects.js';
import { findUser, twoFactorState } from '../user-facts.js';
import { DOCS } from './references.js';

export const owner2faRule = defineRule({
  id: 'account.owner-2fa',
  title: 'The account owner has two-factor authentication enabled',
  severity: 'critical',
  risk: "The owner can change every setting of the account, including ownership and its security controls, so the owner's login is the most valuable target in it.",
  remediation: {
    console:
      'The owner enables 2FA under Account > Profile & security. If the owner is missing or has left, a superuser picks a new owner under Account > Company settings.',
    api: 'PUT /customer/{customer_id} with owner_id=<user id> names a new owner.',
    automatic: false,
  },
  references: [DOCS.managing2fa, DOCS.companyProfile],
  needs: ['customer', 'users'],
  attribution: ownerLost2fa,
  evaluate: ({ customer, users }) => {
    const subject = accountSubject(customer);
    const ownerId = customer.owner_id;
    if (!ownerId) {
      return [
        {
          status: 'FAIL',
          subject,
          message: 'The account has no owner (owner_id is not set), so no one is known to hold it with 2FA.',
          evidence: { owner_id: ownerId ?? null, reason: 'owner_id is not set' },
        },
      ];
    }
    const owner = findUser(users, ownerId);
    if (!owner) {
      return [
        {
          status: 'FAIL',
          subject,
          message: `The account owner (user id ${ownerId}) is not among the account's users, so their 2FA cannot be confirmed.`,
          evidence: { owner_id: ownerId, reason: 'the owner is not among the account users' },
        },
      ];
    }
    const state = twoFactorState(owner);
    const login = owner.login ?? ownerId;
    const evidence = { owner_id: ownerId, owner_login: login, two_factor_auth_enabled: owner.two_factor_auth_enabled ?? null, state };
    if (state === 'enabled') {
      return [{ status: 'PASS', subject, message: `The account owner ${login} has 2FA enabled.`, evidence }];
    }
    const message =
      state === 'disabled'
        ? `The account owner ${login} has not enabled two-factor authentication.`
        : `The account owner ${login} is not known to have two-factor authentication enabled: the state is unknown (two_factor_auth_enabled is null).`;
    return [{ status: 'FAIL', subject, message, evidence }];
  },
});
