/**
 * Remediation planner (pure): turns failing findings into the changes the auditor would write,
 * and decides for each one whether it is written, only planned, refused by a guardrail or skipped.
 * Guardrails run in plan mode too, so a plan never promises a change that apply would refuse.
 */
import type { RateLimitState } from '../fastly/api.js';
import type { Customer, User, WritableCustomerField } from '../fastly/schemas.js';
import type { Finding, RemediationChange, RemediationMode } from '../report/model.js';
import {
  DEFAULT_RATE_LIMIT_FLOOR,
  checkAllowlistSafe,
  checkDataComplete,
  checkRateLimitFloor,
  checkSsoConfigured,
  checkUsersLoggedOut,
  usersWithout2fa,
} from './guardrails.js';
import type { GuardrailResult, RemediableRuleId, RemediationSettings } from './types.js';

export interface PlanInput {
  customer: Customer;
  users: User[];
  /** Findings from evaluation: only FAIL ones are fixed (never MUTED or ERROR). */
  findings: Finding[];
  settings: RemediationSettings;
  mode: RemediationMode;
  /** Every fetch succeeded and no rule errored. */
  dataComplete: boolean;
  rateLimit: RateLimitState;
  /** Remaining write requests below which nothing is written; default 10. */
  rateLimitFloor?: number;
}

export interface RemediationPlan {
  /** The changes to write (status `planned` until the executor writes and verifies them). */
  accepted: RemediationChange[];
  /** Every change, accepted or not, for the report. */
  changes: RemediationChange[];
}

export const PLAN_MODE_REASON = 'plan mode: run with --remediate / REMEDIATION=apply to apply';
export const REMEDIATE_OFF_REASON = 'rule remediate is off: set "remediate": "auto" on the rule to apply';

/** The automatic fix of one rule: which writable field gets which value, and what guards it. */
interface Fix {
  ruleId: RemediableRuleId;
  field: WritableCustomerField;
  target(input: PlanInput): string | boolean | null;
  guardrail(input: PlanInput): GuardrailResult;
  /** Facts a person should see even when the change is allowed. */
  details?(input: PlanInput): Record<string, unknown> | undefined;
}

// Read-only fields (has_pci_passwords) have no entry: they can only be reported, never written.
const FIXES: readonly Fix[] = [
  {
    ruleId: 'account.force-2fa',
    field: 'force_2fa',
    target: () => true,
    guardrail: (input) => checkUsersLoggedOut(input.users, input.settings['account.force-2fa'].maxUsersLoggedOut),
    details: (input) => {
      const wouldBeLoggedOut = usersWithout2fa(input.users);
      return wouldBeLoggedOut.length > 0 ? { wouldBeLoggedOut } : undefined;
    },
  },
  {
    ruleId: 'account.force-sso',
    field: 'force_sso',
    target: () => true,
    guardrail: (input) => checkSsoConfigured(input.settings['account.force-sso'].ssoConfigured),
  },
  {
    ruleId: 'account.ip-allowlist',
    field: 'ip_whitelist',
    target: (input) => input.settings['account.ip-allowlist'].desired ?? null,
    guardrail: (input) => checkAllowlistSafe(input.settings['account.ip-allowlist']),
  },
  {
    ruleId: 'account.pci',
    field: 'has_pci',
    target: () => true,
    guardrail: () => ({ ok: true }),
  },
];

interface Decision {
  change: RemediationChange;
  accepted: boolean;
}

function decide(fix: Fix, input: PlanInput): Decision {
  const details = fix.details?.(input);
  const base: RemediationChange = {
    ruleId: fix.ruleId,
    field: fix.field,
    from: input.customer[fix.field] ?? null,
    to: fix.target(input),
    status: 'planned',
    ...(details === undefined ? {} : { details }),
  };
  const declineWhen = (status: 'refused' | 'skipped', result: GuardrailResult): Decision | undefined =>
    result.ok
      ? undefined
      : {
          change: { ...base, status, reason: result.reason, ...(result.details ? { details: result.details } : {}) },
          accepted: false,
        };

  const partial = declineWhen('skipped', checkDataComplete(input.dataComplete));
  if (partial) return partial;
  const refused = declineWhen('refused', fix.guardrail(input));
  if (refused) return refused;
  if (input.settings[fix.ruleId].remediate !== 'auto') {
    return { change: { ...base, reason: REMEDIATE_OFF_REASON }, accepted: false };
  }
  if (input.mode !== 'apply') return { change: { ...base, reason: PLAN_MODE_REASON }, accepted: false };
  const rateLimited = declineWhen(
    'skipped',
    checkRateLimitFloor(input.rateLimit, input.rateLimitFloor ?? DEFAULT_RATE_LIMIT_FLOOR),
  );
  if (rateLimited) return rateLimited;
  return { change: base, accepted: true };
}

export function planRemediation(input: PlanInput): RemediationPlan {
  const failing = new Set(input.findings.filter((finding) => finding.status === 'FAIL').map((f) => f.ruleId));
  const decisions = FIXES.filter((fix) => failing.has(fix.ruleId) && input.settings[fix.ruleId].enabled).map((fix) =>
    decide(fix, input),
  );
  return {
    accepted: decisions.filter((decision) => decision.accepted).map((decision) => decision.change),
    changes: decisions.map((decision) => decision.change),
  };
}
