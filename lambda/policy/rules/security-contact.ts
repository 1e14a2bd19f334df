/** account.security-contact: the security contact is an existing, unlocked user of the account. */
import { settingChanged } from '../../attribution/matchers.js';
import { defineRule } from '../define-rule.js';
import { accountSubject } from '../subjects.js';
import type { RuleOutcome } from '../types.js';
import { findUser } from '../user-facts.js';
import { DOCS } from './references.js';

export const securityContactRule = defineRule({
  id: 'account.security-contact',
  title: 'A security contact is assigned to an active user',
  severity: 'low',
  risk: 'Security notices from Fastly go unanswered when the security contact is missing, unknown or locked.',
  remediation: {
    console:
      'Control panel (superuser): Account > Company settings > Company contacts, add a Security contact for an active user.',
    api: 'PUT /customer/{customer_id} with security_contact_id=<user id>.',
    automatic: false,
  },
  references: [DOCS.companyProfile, DOCS.customerApi, DOCS.contactApi],
  needs: ['customer', 'users'],
  attribution: settingChanged('security_contact_id'),
  evaluate: ({ customer, users }) => {
    const subject = accountSubject(customer);
    const contactId = customer.security_contact_id;
    const fail = (message: string, evidence: Record<string, unknown>): RuleOutcome[] => [
      { status: 'FAIL', subject, message, evidence },
    ];
    if (!contactId) {
      return fail('No security contact is set (security_contact_id is empty).', {
        security_contact_id: contactId ?? null,
        reason: 'security_contact_id is not set',
      });
    }
    const contact = findUser(users, contactId);
    if (!contact) {
      return fail(`The security contact (user id ${contactId}) is not among the account's users.`, {
        security_contact_id: contactId,
        reason: 'the security contact is not among the account users',
      });
    }
    const login = contact.login ?? contactId;
    const evidence = { security_contact_id: contactId, login, locked: contact.locked ?? null };
    if (contact.locked === true) {
      return fail(`The security contact ${login} is locked.`, { ...evidence, reason: 'the security contact is locked' });
    }
    return [{ status: 'PASS', subject, message: `The security contact is ${login}.`, evidence }];
  },
});
