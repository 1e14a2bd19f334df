/**
 * Account-level rules read from the customer record: forced 2FA and SSO, PCI flags, and the
 * owner and security contact, which are looked up among the account's users.
 */
import type { Customer, User } from '../../fastly/schemas.js';
import type { CommonSettings, ResolvedSettings } from '../settings.js';
import { accountSubject } from '../subjects.js';
import type { RuleDefinition, RuleOutcome } from '../types.js';
import { twoFactorState } from '../user-facts.js';
import { DOCS } from './references.js';

type FlagField = 'force_2fa' | 'force_sso' | 'has_pci' | 'has_pci_passwords';

/** PASS only when the flag is exactly true; false, null and absent all fail, each said plainly. */
function flagOutcome(customer: Customer, field: FlagField, failure: string, extra: Record<string, unknown> = {}): RuleOutcome {
  const value = customer[field];
  const subject = accountSubject(customer);
  const evidence = { [field]: value ?? null, ...extra };
  if (value === true) return { status: 'PASS', subject, message: `${field} is true.`, evidence };
  const state = value === false ? 'false' : 'not set in the API response';
  return { status: 'FAIL', subject, message: `${failure} (${field} is ${state}).`, evidence };
}

function findUser(users: User[], id: string): User | undefined {
  return users.find((user) => user.id === id);
}

export const force2faRule: RuleDefinition<ResolvedSettings['account.force-2fa']> = {
  id: 'account.force-2fa',
  title: 'Two-factor authentication is forced for the account',
  severity: 'high',
  risk: 'Without forced 2FA a single phished or reused password is enough to take over a user and the services they manage.',
  remediation: {
    guidance:
      'Control panel (superuser): Account > Company settings, turn on the company-wide two-factor authentication requirement once every user has set up 2FA. API: PUT /customer/{customer_id} with force_2fa=true; users without 2FA are logged out.',
    automatic: true,
  },
  references: [DOCS.administering2fa, DOCS.customerApi],
  frameworks: ['PCI DSS 4.0 req 8.4.1', 'PCI DSS 4.0 req 8.4.2', 'SOC 2 CC6.1'],
  needs: ['customer'],
  evaluate: ({ customer }) => [flagOutcome(customer, 'force_2fa', 'Two-factor authentication is not forced for the account')],
};

export const forceSsoRule: RuleDefinition<ResolvedSettings['account.force-sso']> = {
  id: 'account.force-sso',
  title: 'Single sign-on is forced for the account',
  severity: 'high',
  risk: "Without forced SSO users keep local Fastly passwords that escape the identity provider's MFA, password policy and offboarding.",
  remediation: {
    guidance:
      'Control panel (superuser): Account > Single sign-on, configure a SAML 2.0 identity provider, test it, then turn on Force SSO. API: PUT /customer/{customer_id} with force_sso=true. Set ssoConfigured: true in the policy once the IdP works, so the auditor may apply it.',
    automatic: true,
  },
  references: [DOCS.sso, DOCS.customerApi],
  frameworks: ['PCI DSS 4.0 req 8.2.5', 'SOC 2 CC6.1', 'SOC 2 CC6.2'],
  needs: ['customer'],
  evaluate: ({ customer, settings }) => [
    flagOutcome(customer, 'force_sso', 'Single sign-on is not forced for the account', {
      ssoConfigured: settings.ssoConfigured,
    }),
  ],
};

export const pciRule: RuleDefinition<ResolvedSettings['account.pci']> = {
  id: 'account.pci',
  title: 'PCI-compliant caching is enabled for the account',
  severity: 'medium',
  risk: 'Without PCI enabled, services cannot mark cardholder data with beresp.pci to keep it off non-volatile edge storage.',
  remediation: {
    guidance:
      'Have Fastly enable PCI-Compliant Caching and Delivery for the account (contact your account manager), then mark sensitive responses with beresp.pci. API: PUT /customer/{customer_id} with has_pci=true.',
    automatic: true,
  },
  references: [DOCS.pci, DOCS.berespPci, DOCS.customerApi],
  frameworks: ['PCI DSS 4.0 req 3.2.1', 'PCI DSS 4.0 req 4.2.1'],
  needs: ['customer'],
  evaluate: ({ customer }) => [flagOutcome(customer, 'has_pci', 'PCI-compliant caching is not enabled for the account')],
};

export const pciPasswordsRule: RuleDefinition<CommonSettings> = {
  id: 'account.pci-passwords',
  title: 'PCI password requirements apply to the account',
  severity: 'medium',
  risk: 'Without the PCI password rules, Fastly passwords need not meet the PCI DSS length, complexity and change requirements.',
  remediation: {
    guidance:
      'has_pci_passwords is read-only: PUT /customer/{customer_id} cannot change it. Ask Fastly support or your account manager to apply PCI password requirements to the account, or force SSO so passwords are governed by your identity provider.',
    automatic: false,
  },
  references: [DOCS.customerApi, DOCS.pci],
  frameworks: ['PCI DSS 4.0 req 8.3.6', 'PCI DSS 4.0 req 8.3.9'],
  needs: ['customer'],
  evaluate: ({ customer }) => [
    flagOutcome(customer, 'has_pci_passwords', 'PCI password requirements do not apply to the account'),
  ],
};

export const owner2faRule: RuleDefinition<CommonSettings> = {
  id: 'account.owner-2fa',
  title: 'The account owner has two-factor authentication enabled',
  severity: 'critical',
  risk: "The owner can change every setting of the account, including ownership and its security controls, so the owner's login is the most valuable target in it.",
  remediation: {
    guidance:
      'The owner enables 2FA under Account > Profile & security. If the owner is missing or has left, a superuser picks a new owner under Account > Company settings (API: PUT /customer/{customer_id} with owner_id=<user id>).',
    automatic: false,
  },
  references: [DOCS.managing2fa, DOCS.companyProfile],
  frameworks: ['PCI DSS 4.0 req 8.4.1', 'SOC 2 CC6.1'],
  needs: ['customer', 'users'],
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
};

export const securityContactRule: RuleDefinition<CommonSettings> = {
  id: 'account.security-contact',
  title: 'A security contact is assigned to an active user',
  severity: 'low',
  risk: 'Security notices from Fastly go unanswered when the security contact is missing, unknown or locked.',
  remediation: {
    guidance:
      'Control panel (superuser): Account > Company settings > Company contacts, add a Security contact for an active user. API: PUT /customer/{customer_id} with security_contact_id=<user id>.',
    automatic: false,
  },
  references: [DOCS.companyProfile, DOCS.customerApi, DOCS.contactApi],
  frameworks: ['PCI DSS 4.0 req 12.10.1', 'SOC 2 CC2.3'],
  needs: ['customer', 'users'],
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
};
