/** Real-shaped Fastly data for the policy tests, parsed through the client's own schemas. */
import { CustomerSchema, UserListSchema, type Customer, type User } from '../../lambda/fastly/schemas.js';
import { parsePolicy, type Policy } from '../../lambda/policy/schema.js';
import type { RuleInput } from '../../lambda/policy/types.js';

export const CUSTOMER_ID = '7hD3vZqA1n4xK2pR9sT6uW';
export const NOW = new Date('2026-06-15T12:00:00Z');

const DAY_MS = 24 * 60 * 60 * 1000;

export function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * DAY_MS).toISOString();
}

/** A compliant customer as GET /current_customer returns it, with the nulls real responses carry. */
export function customer(overrides: Record<string, unknown> = {}): Customer {
  return CustomerSchema.parse({
    id: CUSTOMER_ID,
    name: 'ACME Corp',
    force_2fa: true,
    force_sso: true,
    has_pci: true,
    has_pci_passwords: true,
    ip_whitelist: '203.0.113.0/24',
    owner_id: 'u-owner',
    security_contact_id: 'u-owner',
    billing_contact_id: null,
    technical_contact_id: null,
    legal_contact_id: null,
    pricing_plan: null,
    phone_number: '+1 555 0100',
    created_at: '2019-04-01T10:00:00Z',
    updated_at: '2026-01-02T10:00:00Z',
    deleted_at: null,
    ...overrides,
  });
}

/** A user as GET /customer/{id}/users returns it (2021 recorded shape: nulls, no email_hash). */
export function user(id: string, overrides: Record<string, unknown> = {}): User {
  const [parsed] = UserListSchema.parse([
    {
      id,
      customer_id: CUSTOMER_ID,
      login: `${id}@example.com`,
      name: `User ${id}`,
      role: 'engineer',
      two_factor_auth_enabled: true,
      locked: null,
      require_new_password: null,
      limit_services: false,
      last_active_at: daysAgo(3),
      created_at: '2021-03-04T05:06:07Z',
      updated_at: '2021-03-04T05:06:07Z',
      deleted_at: null,
      ...overrides,
    },
  ]);
  if (!parsed) throw new Error('fixture user did not parse');
  return parsed;
}

export function owner(overrides: Record<string, unknown> = {}): User {
  return user('u-owner', { login: 'owner@example.com', role: 'superuser', ...overrides });
}

/** A policy from its JSON form, validated like a policy file. */
export function policy(json: Record<string, unknown> = {}): Policy {
  const result = parsePolicy({ version: 1, ...json });
  if (!result.ok) throw new Error(result.issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'));
  return result.policy;
}

/** The rest of a rule's input, for rules that read neither tokens nor invitations. */
export const NO_TOKENS_OR_INVITATIONS: Pick<RuleInput<unknown>, 'tokens' | 'invitations' | 'peers'> = {
  tokens: [],
  invitations: [],
  peers: { allowedDomains: [] },
};
