/** Hand-built inputs for the remediation tests: a failing account, users, findings and settings. */
import type { Customer, User } from '../../lambda/fastly/schemas.js';
import type { Finding, FindingStatus } from '../../lambda/report/model.js';
import type { PlanInput } from '../../lambda/remediation/planner.js';
import type { RemediationSettings } from '../../lambda/remediation/types.js';

export const CUSTOMER_ID = 'cust-acme-1';

/** An account failing every rule that has an automatic fix. */
export function failingCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: CUSTOMER_ID,
    name: 'Acme Streaming Ltd',
    force_2fa: false,
    force_sso: false,
    has_pci: false,
    has_pci_passwords: false,
    ip_whitelist: '0.0.0.0/0',
    owner_id: 'u-owner',
    ...overrides,
  };
}

export function user(id: string, login: string, twoFactor: boolean | null, overrides: Partial<User> = {}): User {
  return { id, customer_id: CUSTOMER_ID, login, name: login, role: 'engineer', two_factor_auth_enabled: twoFactor, ...overrides };
}

/** Everyone has 2FA on: forcing it logs nobody out. */
export function usersAllWith2fa(): User[] {
  return [
    user('u-owner', 'owner@acme.example', true, { role: 'superuser' }),
    user('u-dev', 'dev@acme.example', true),
  ];
}

export function finding(ruleId: string, status: Exclude<FindingStatus, 'PASS'> = 'FAIL'): Finding {
  return {
    id: `${ruleId}-finding`,
    ruleId,
    title: ruleId,
    severity: 'high',
    status,
    subject: { type: 'account', id: CUSTOMER_ID, name: 'Acme Streaming Ltd' },
    message: `${ruleId} is ${status}`,
    evidence: {},
    risk: `${ruleId} failing is a risk`,
    remediation: { guidance: 'fix it API: PUT it', console: 'fix it', api: 'PUT it', automatic: true },
    references: [],
  };
}

export const FIXABLE_RULES = ['account.force-2fa', 'account.force-sso', 'account.ip-allowlist', 'account.pci'] as const;

export function failingFindings(): Finding[] {
  return FIXABLE_RULES.map((ruleId) => finding(ruleId));
}

/** Every fixable rule on `auto`, with settings every guardrail accepts for the failing customer. */
export function autoSettings(): RemediationSettings {
  return {
    'account.force-2fa': { enabled: true, remediate: 'auto', maxUsersLoggedOut: 0 },
    'account.force-sso': { enabled: true, remediate: 'auto', ssoConfigured: true },
    'account.ip-allowlist': {
      enabled: true,
      remediate: 'auto',
      minPrefixLength: 16,
      allowedRanges: ['203.0.113.0/24'],
      desired: '203.0.113.0/24',
      auditorEgress: ['203.0.113.10'],
    },
    'account.pci': { enabled: true, remediate: 'auto' },
  };
}

export function planInput(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    customer: failingCustomer(),
    users: usersAllWith2fa(),
    findings: failingFindings(),
    settings: autoSettings(),
    mode: 'apply',
    dataComplete: true,
    rateLimit: {},
    ...overrides,
  };
}
