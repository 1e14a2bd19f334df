/** user.email-domain: every login is in an approved email domain (NOT_APPLICABLE when none is set). */
import { domainToASCII } from 'node:url';
import * as z from '../../zod.js';
import { defineRule } from '../define-rule.js';
import { checkedString, setting } from '../setting.js';
import { accountSubject, userSubject } from '../subjects.js';
import type { RuleOutcome } from '../types.js';
import { loginDomain } from '../user-facts.js';
import { perUser } from './per-user.js';
import { DOCS } from './references.js';

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/**
 * A domain as DNS compares it: IDNA's ASCII form, lower-cased, so münchen.example,
 * MÜNCHEN.example and xn--mnchen-3ya.example are one domain. Empty when it is not a domain.
 */
function comparableDomain(domain: string): string {
  return domainToASCII(domain.trim()).toLowerCase();
}

const domainName = checkedString((value) => {
  if (value.includes('@')) return `${JSON.stringify(value)} must be a domain name without "@", e.g. "example.com"`;
  return DOMAIN.test(comparableDomain(value)) ? undefined : `${JSON.stringify(value)} is not a domain name such as example.com`;
}, 'Email domain, compared case-insensitively and in IDNA form (münchen.example matches xn--mnchen-3ya.example), e.g. example.com.');

export const emailDomainRule = defineRule({
  id: 'user.email-domain',
  title: 'Every user logs in with an approved email domain',
  severity: 'medium',
  risk: "Logins on personal or third-party domains escape the company's identity management and offboarding.",
  remediation: {
    console:
      'Control panel (superuser): Account > User management, remove users whose login is outside the approved domains and invite them again with a company address.',
    api: 'DELETE /user/{user_id}, by an administrator (the auditor never deletes).',
    automatic: false,
  },
  references: [DOCS.managingUsers, DOCS.userApi],
  needs: ['users'],
  settings: {
    allowedDomains: setting(z.array(domainName), {
      description: 'Approved login domains. When empty or absent the rule is NOT_APPLICABLE.',
      default: [],
      documentDefault: false,
    }),
  },
  evaluate: ({ customer, users, settings }) => {
    if (settings.allowedDomains.length === 0) {
      return [
        {
          status: 'NOT_APPLICABLE',
          subject: accountSubject(customer),
          message: 'No allowed email domains are configured (allowedDomains is empty), so logins are not checked.',
          evidence: { allowedDomains: [] },
        },
      ];
    }
    const allowed = new Set(settings.allowedDomains.map(comparableDomain));
    const allowedList = [...new Set(settings.allowedDomains.map((domain) => domain.toLowerCase()))].join(', ');
    return perUser(users, (user): RuleOutcome => {
      const subject = userSubject(user);
      const domain = loginDomain(user.login);
      const evidence = { login: user.login ?? null, domain: domain ?? null };
      if (domain === undefined) {
        return { status: 'FAIL', subject, message: `${subject.name} has no email domain in its login.`, evidence };
      }
      if (allowed.has(comparableDomain(domain))) {
        return { status: 'PASS', subject, message: `${subject.name} uses an allowed domain.`, evidence };
      }
      const message = `${subject.name} logs in with the domain ${domain}, which is not an allowed domain (${allowedList}).`;
      return { status: 'FAIL', subject, message, evidence };
    });
  },
});
