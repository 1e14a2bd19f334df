/**
 * Remediation planner (pure): turns failing findings into the changes the auditor would write,
 * and decides for each one whether it is written, only planned, refused by a guardrail or skipped.
 * Guardrails run in plan mode too, so a plan never promises a change that apply would refuse.
 */
import type { RateLimitState } from '../fastly/api.js';
import type { Customer, User } from '../fastly/schemas.js';
import { getFix, REMEDIABLE_RULE_IDS } from '../policy/catalog.js';
import type { Finding, RemediationChange, RemediationMode } from '../report/model.js';
import { DEFAULT_RATE_LIMIT_FLOOR, checkDataComplete, checkRateLimitFloor } from './guardrails.js';
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

interface Decision {
  change: RemediationChange;
  accepted: boolean;
}

function decide<Id extends RemediableRuleId>(ruleId: Id, input: PlanInput): Decision {
  // Each fix is declared with its rule (lambda/policy/rules) and reads that rule's settings.
  const fix = getFix(ruleId);
  const settings = input.settings[ruleId];
  const facts = { customer: input.customer, users: input.users, settings };
  const details = fix.details?.(facts);
  const base: RemediationChange = {
    ruleId,
    field: fix.field,
    from: input.customer[fix.field] ?? null,
    to: fix.target(facts),
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
  const refused = declineWhen('refused', fix.guardrail(facts));
  if (refused) return refused;
  if (settings.remediate !== 'auto') {
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
  const decisions = REMEDIABLE_RULE_IDS.filter((id) => failing.has(id) && input.settings[id].enabled).map((id) =>
    decide(id, input),
  );
  return {
    accepted: decisions.filter((decision) => decision.accepted).map((decision) => decision.change),
    changes: decisions.map((decision) => decision.change),
  };
}
