/**
 * Inputs and results shared by the remediation planner, guardrails and executor.
 */

/** Resolved per-rule settings for the rules that have an automatic fix (from the policy). */
export interface RemediationSettings {
  'account.force-2fa': { enabled: boolean; remediate: 'off' | 'auto'; maxUsersLoggedOut: number };
  'account.force-sso': { enabled: boolean; remediate: 'off' | 'auto'; ssoConfigured: boolean };
  'account.ip-allowlist': {
    enabled: boolean;
    remediate: 'off' | 'auto';
    minPrefixLength: number;
    allowedRanges?: string[];
    desired?: string;
    auditorEgress?: string[];
  };
  'account.pci': { enabled: boolean; remediate: 'off' | 'auto' };
}

export type RemediableRuleId = keyof RemediationSettings;

/** The answer of one guardrail: go ahead, or say no with a reason a person can act on. */
export type GuardrailResult = { ok: true } | { ok: false; reason: string; details?: Record<string, unknown> };
