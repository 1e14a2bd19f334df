/**
 * Inputs and results shared by the remediation planner, guardrails and executor.
 */
import type { RemediableRuleId } from '../policy/catalog.js';
import type { FixableSettings, ResolvedSettings } from '../policy/settings.js';

export type { RemediableRuleId } from '../policy/catalog.js';

/** Resolved settings of the rules that declare an automatic fix (from the policy). */
// `& FixableSettings` restates nothing: it lets the planner read `remediate` for any of these ids.
export type RemediationSettings = { [Id in RemediableRuleId]: ResolvedSettings[Id] & FixableSettings };

/** The answer of one guardrail: go ahead, or say no with a reason a person can act on. */
export type GuardrailResult = { ok: true } | { ok: false; reason: string; details?: Record<string, unknown> };
