/**
 * Resolved rule settings: the policy's rule block over the defaults of design.md. Every rule is
 * on by default; a rule block only overrides.
 */
import type { Severity } from '../report/model.js';
import type { Policy } from './schema.js';
import type { RuleId } from './types.js';

export type RemediateSetting = 'off' | 'auto';

export interface CommonSettings {
  enabled: boolean;
  severity?: Severity;
}

/** Rules with an automatic fix also carry the per-rule remediation switch. */
export interface FixableSettings extends CommonSettings {
  remediate: RemediateSetting;
}

export interface AllowlistSettings extends FixableSettings {
  minPrefixLength: number;
  allowedRanges?: string[];
  desired?: string;
  auditorEgress?: string[];
}

export interface ResolvedSettings {
  'account.force-2fa': FixableSettings & { maxUsersLoggedOut: number };
  'account.force-sso': FixableSettings & { ssoConfigured: boolean };
  'account.ip-allowlist': AllowlistSettings;
  'account.pci': FixableSettings;
  'account.pci-passwords': CommonSettings;
  'account.owner-2fa': CommonSettings;
  'account.security-contact': CommonSettings;
  'user.2fa-enabled': CommonSettings;
  'user.superuser-count': CommonSettings & { max: number; breakGlass: string[] };
  'user.email-domain': CommonSettings & { allowedDomains: string[] };
  'user.inactive': CommonSettings & { maxInactiveDays: number };
}

const fixable = { enabled: true, remediate: 'off' } as const;
const plain = { enabled: true } as const;

export const DEFAULT_SETTINGS: { readonly [Id in RuleId]: Readonly<ResolvedSettings[Id]> } = {
  'account.force-2fa': { ...fixable, maxUsersLoggedOut: 0 },
  'account.force-sso': { ...fixable, ssoConfigured: false },
  'account.ip-allowlist': { ...fixable, minPrefixLength: 16 },
  'account.pci': fixable,
  'account.pci-passwords': plain,
  'account.owner-2fa': plain,
  'account.security-contact': plain,
  'user.2fa-enabled': plain,
  'user.superuser-count': { ...plain, max: 3, breakGlass: [] },
  'user.email-domain': { ...plain, allowedDomains: [] },
  'user.inactive': { ...plain, maxInactiveDays: 90 },
};

export function ruleSettings<Id extends RuleId>(policy: Policy, id: Id): ResolvedSettings[Id] {
  const block: Record<string, unknown> = policy.rules?.[id] ?? {};
  // Keys set to undefined (possible in hand-built policies) must not erase a default.
  const overrides = Object.fromEntries(Object.entries(block).filter(([, value]) => value !== undefined));
  // A fresh copy: callers may not change the shared defaults (their arrays included). Defaults
  // hold only scalars and string arrays, so copying the arrays is enough, and far cheaper than
  // structuredClone, which showed in the audit's time.
  const defaults = Object.fromEntries(
    Object.entries(DEFAULT_SETTINGS[id]).map(([key, value]) => [key, Array.isArray(value) ? [...value] : value]),
  );
  return { ...defaults, ...overrides } as ResolvedSettings[Id];
}
