/** account.force-2fa: two-factor authentication is forced for the whole account. */
import { settingChanged } from '../../attribution/matchers.js';
import { checkUsersLoggedOut, usersWithout2fa } from '../../remediation/guardrails.js';
import { defineRule } from '../define-rule.js';
import { nonNegativeInt, setting } from '../setting.js';
import { flagOutcome } from './flag.js';
import { DOCS } from './references.js';

export const force2faRule = defineRule({
  id: 'account.force-2fa',
  title: 'Two-factor authentication is forced for the account',
  severity: 'high',
  risk: 'Without forced 2FA a single phished or reused password is enough to take over a user and the services they manage.',
  remediation: {
    console:
      'Control panel (superuser): Account > Company settings, turn on the company-wide two-factor authentication requirement once every user has set up 2FA.',
    api: 'PUT /customer/{customer_id} with force_2fa=true; users without 2FA are logged out.',
    automatic: true,
  },
  references: [DOCS.administering2fa, DOCS.customerApi],
  needs: ['customer'],
  attribution: settingChanged('force_2fa'),
  settings: {
    maxUsersLoggedOut: setting(nonNegativeInt, {
      description: 'The fix is refused when more users than this lack 2FA (they would be logged out).',
      default: 0,
    }),
  },
  evaluate: ({ customer }) => [flagOutcome(customer, 'force_2fa', 'Two-factor authentication is not forced for the account')],
  fix: {
    field: 'force_2fa',
    target: () => true,
    // Forcing 2FA logs out every user without it.
    guardrail: ({ users, settings }) => checkUsersLoggedOut(users, settings.maxUsersLoggedOut),
    details: ({ users }) => {
      const wouldBeLoggedOut = usersWithout2fa(users);
      return wouldBeLoggedOut.length > 0 ? { wouldBeLoggedOut } : undefined;
    },
  },
});
