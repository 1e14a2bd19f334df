/** user.superuser-count: superusers, break-glass logins not counted, stay within the policy limit. */
import { superuserGranted } from '../../attribution/matchers.js';
import * as z from '../../zod.js';
import type { User } from '../../fastly/schemas.js';
import { defineRule } from '../define-rule.js';
import { nonEmptyString, nonNegativeInt, setting } from '../setting.js';
import { accountSubject, userSubject } from '../subjects.js';
import { isSuperuser } from '../user-facts.js';
import { DOCS } from './references.js';

/** Names quoted in one message; the evidence carries the full list. */
const MESSAGE_LIST_LIMIT = 10;

function listForMessage(names: string[]): string {
  const shown = names.slice(0, MESSAGE_LIST_LIMIT).join(', ');
  const rest = names.length - MESSAGE_LIST_LIMIT;
  return rest > 0 ? `${shown} and ${rest} more` : shown;
}

function loginOf(user: User): string {
  return userSubject(user).name;
}

export const superuserCountRule = defineRule({
  id: 'user.superuser-count',
  title: 'The number of superusers stays within the policy limit',
  severity: 'medium',
  risk: 'Every superuser can change users, security settings and all services, so each extra one widens the damage a compromised login can do.',
  remediation: {
    console:
      'Control panel (superuser): Account > User management, change users who do not need full control to the engineer or user role.',
    api: 'PUT /user/{user_id} with role=engineer.',
    automatic: false,
  },
  references: [DOCS.userRoles, DOCS.userApi],
  needs: ['users'],
  attribution: superuserGranted,
  settings: {
    max: setting(nonNegativeInt, { description: 'Most superusers allowed, break-glass logins not counted.', default: 3 }),
    breakGlass: setting(z.array(nonEmptyString()), {
      description: 'Logins of emergency superusers left out of the count (compared case-insensitively).',
      default: [],
      documentDefault: false,
    }),
  },
  evaluate: ({ customer, users, settings }) => {
    const breakGlass = new Set(settings.breakGlass.map((login) => login.toLowerCase()));
    const superusers = users.filter(isSuperuser);
    const isBreakGlass = (user: User) => breakGlass.has((user.login ?? '').toLowerCase());
    const counted = superusers.filter((user) => !isBreakGlass(user)).map(loginOf);
    const excluded = superusers.filter(isBreakGlass).map(loginOf);
    const evidence = { count: counted.length, max: settings.max, superusers: counted, breakGlass: excluded };
    const subject = accountSubject(customer);
    if (counted.length <= settings.max) {
      return [{ status: 'PASS', subject, message: `${counted.length} superusers, within the limit of ${settings.max}.`, evidence }];
    }
    const message = `The account has ${counted.length} superusers (break-glass logins excluded), more than the limit of ${settings.max}: ${listForMessage(counted)}.`;
    return [{ status: 'FAIL', subject, message, evidence }];
  },
});
