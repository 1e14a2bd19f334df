/** user.2fa-enabled: every user has two-factor authentication enabled (critical for superusers). */
import { twoFactorDisabled } from '../../attribution/matchers.js';
import { defineRule } from '../define-rule.js';
import { userSubject } from '../subjects.js';
import type { RuleOutcome } from '../types.js';
import { isSuperuser, twoFactorState } from '../user-facts.js';
import { perUser } from './per-user.js';
import { DOCS } from './references.js';

export const userTwoFactorRule = defineRule({
  id: 'user.2fa-enabled',
  title: 'Every user has two-factor authentication enabled',
  severity: 'high',
  risk: 'A user without 2FA can be taken over with a single phished or reused password.',
  remediation: {
    console:
      'Each user enables 2FA under Account > Profile & security; Fastly does not let an administrator or the API enable it for someone else. Require it for everyone with account.force-2fa.',
    api: 'PUT /customer/{customer_id} with force_2fa=true (account.force-2fa).',
    automatic: false,
  },
  references: [DOCS.managing2fa, DOCS.administering2fa, DOCS.userApi],
  needs: ['users'],
  attribution: twoFactorDisabled,
  evaluate: ({ users }) =>
    perUser(users, (user): RuleOutcome => {
      const subject = userSubject(user);
      const state = twoFactorState(user);
      const superuser = isSuperuser(user);
      const evidence = {
        two_factor_auth_enabled: user.two_factor_auth_enabled ?? null,
        state,
        role: user.role ?? null,
        ...(user.roles ? { roles: user.roles } : {}),
      };
      const severity = superuser ? { severity: 'critical' as const } : {};
      const who = superuser ? `Superuser ${subject.name}` : subject.name;
      if (state === 'enabled') return { status: 'PASS', subject, message: `${who} has 2FA enabled.`, evidence };
      const message =
        state === 'disabled'
          ? `${who} has not enabled two-factor authentication.`
          : `${who} is not known to have two-factor authentication enabled: the state is unknown (two_factor_auth_enabled is null).`;
      return { status: 'FAIL', subject, message, evidence, ...severity };
    }),
});
