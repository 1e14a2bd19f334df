/**
 * Simulator accounts and policies for the command-line tests. The CLI judges with the real clock,
 * so activity dates are relative to now.
 */
import type { SimulatorSeed } from '../../simulator/index.js';

const DAY_MS = 86_400_000;
export const CLEAN_DOMAIN = 'tidy.example';
/** Inside the clean account's allowlist: the simulator sees the CLI calling from here. */
export const CLEAN_AUDITOR_ADDRESS = '203.0.113.10';

function daysAgo(days: number): string {
  return new Date(Date.now() - days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function member(id: string, name: string, role: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    customer_id: 'tIdYmEdIa0000000000001',
    login: `${name}@${CLEAN_DOMAIN}`,
    name,
    role,
    two_factor_auth_enabled: true,
    two_factor_setup_required: false,
    locked: false,
    require_new_password: null,
    limit_services: false,
    last_active_at: daysAgo(2),
    created_at: '2022-01-10T09:00:00Z',
    updated_at: '2025-01-10T09:00:00Z',
    deleted_at: null,
    ...extra,
  };
}

/** An account that meets every rule of CLEAN_POLICY; `customer` and `users` patch it. */
export function cleanAccount(patch: { customer?: Record<string, unknown>; users?: Record<string, unknown>[] } = {}): SimulatorSeed {
  return {
    customer: {
      id: 'tIdYmEdIa0000000000001',
      name: 'Tidy Media',
      owner_id: 'u-owner',
      security_contact_id: 'u-sec',
      billing_contact_id: null,
      force_2fa: true,
      force_sso: true,
      has_pci: true,
      has_pci_passwords: true,
      ip_whitelist: '203.0.113.0/24',
      phone_number: '+44 20 7946 0000',
      ...patch.customer,
    },
    users: [
      member('u-owner', 'olive', 'superuser'),
      member('u-sec', 'sasha', 'engineer'),
      member('u-tls', 'tariq', 'tls_viewer'),
      ...(patch.users ?? []),
    ],
  };
}

/** Only low and medium rules fail: has_pci is off (medium) and one user is long inactive (low). */
export function lowAndMediumFailing(): SimulatorSeed {
  return cleanAccount({
    customer: { has_pci: false },
    users: [member('u-idle', 'ivan', 'user', { last_active_at: daysAgo(200) })],
  });
}

export const CLEAN_POLICY = {
  version: 1,
  rules: {
    'account.ip-allowlist': { allowedRanges: ['203.0.113.0/24'], auditorEgress: [CLEAN_AUDITOR_ADDRESS] },
    'user.email-domain': { allowedDomains: [CLEAN_DOMAIN] },
  },
};

/** CLEAN_POLICY with the automatic fix of account.pci switched on. */
export const PCI_AUTO_POLICY = {
  ...CLEAN_POLICY,
  rules: { ...CLEAN_POLICY.rules, 'account.pci': { remediate: 'auto' } },
};

/** A policy file with three mistakes, each with its own path. */
export const BAD_POLICY = {
  version: 1,
  rules: {
    'account.force-3fa': { remediate: 'auto' },
    'account.ip-allowlist': { minPrefixLength: 40 },
  },
  exceptions: [{ rule: 'user.2fa-enabled', subject: 'ci-bot@example.com', expires: '2027-03-31' }],
};
