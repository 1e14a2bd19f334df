/**
 * Guardrails: pure checks that stand between a failing finding and a write to the account.
 * Each one protects against a specific way an automatic fix can do harm (logging people out,
 * locking everyone or the auditor itself out, acting on partial data, running out of writes).
 */
import type { RateLimitState } from '../fastly/api.js';
import type { User } from '../fastly/schemas.js';
import { checkDesiredAllowlist } from '../policy/allowlist.js';
import type { GuardrailResult } from './types.js';

const OK: GuardrailResult = { ok: true };

/** For fixes no guardrail needs to weigh (they change no one's access). */
export const ALLOWED: GuardrailResult = OK;

/** Default minimum of remaining write requests below which nothing is written. */
export const DEFAULT_RATE_LIMIT_FLOOR = 10;

/** Logins (or ids when a login is missing) of users without 2FA known to be on: null counts as off. */
export function usersWithout2fa(users: readonly User[]): string[] {
  return users
    .filter((user) => user.two_factor_auth_enabled !== true)
    .map((user) => user.login ?? user.id ?? '(user without login or id)');
}

/** force_2fa logs out every user without 2FA: only allow it when that is at most `maxUsersLoggedOut`. */
export function checkUsersLoggedOut(users: readonly User[], maxUsersLoggedOut: number): GuardrailResult {
  const wouldBeLoggedOut = usersWithout2fa(users);
  if (wouldBeLoggedOut.length <= maxUsersLoggedOut) return OK;
  const who = wouldBeLoggedOut.length === 1 ? '1 user lacks' : `${wouldBeLoggedOut.length} users lack`;
  return {
    ok: false,
    reason:
      `maxUsersLoggedOut guardrail: ${who} 2FA and would be logged out by force_2fa, ` +
      `more than maxUsersLoggedOut (${maxUsersLoggedOut}); enable their 2FA first or raise the limit`,
    details: { wouldBeLoggedOut },
  };
}

/** force_sso without an identity provider locks everyone out, and the API cannot tell: the policy must say so. */
export function checkSsoConfigured(ssoConfigured: boolean): GuardrailResult {
  if (ssoConfigured === true) return OK;
  return {
    ok: false,
    reason:
      'ssoConfigured guardrail: forcing SSO without a configured identity provider locks every user out; ' +
      'set "ssoConfigured": true in the policy once SSO is set up',
  };
}

/** The account.ip-allowlist settings its fix reads. */
export interface AllowlistFixSettings {
  minPrefixLength: number;
  allowedRanges?: string[];
  desired?: string;
  auditorEgress?: string[];
}

/**
 * An allowlist write is only safe when the target is itself compliant and lets the auditor back in:
 * excluding the auditor's egress address locks it out until Fastly support intervenes.
 */
export function checkAllowlistSafe(settings: AllowlistFixSettings): GuardrailResult {
  const { desired, auditorEgress } = settings;
  if (desired === undefined || desired.trim() === '') {
    return { ok: false, reason: 'desired allowlist guardrail: no "desired" allowlist is set in the policy' };
  }
  const check = checkDesiredAllowlist(desired, settings);
  if (check.problems.length > 0) {
    return {
      ok: false,
      reason: `desired allowlist guardrail: "desired" is not compliant with the rule itself: ${check.problems.join('; ')}`,
      details: { problems: check.problems },
    };
  }
  if (auditorEgress === undefined || auditorEgress.length === 0) {
    return {
      ok: false,
      reason:
        'auditor egress guardrail: no "auditorEgress" addresses are set, so the write could lock the auditor out; ' +
        "list the auditor's egress addresses in the policy",
    };
  }
  const { uncovered } = check;
  if (uncovered.length > 0) {
    return {
      ok: false,
      reason:
        `auditor egress guardrail: "desired" does not cover the auditor's egress ${uncovered.join(', ')}; ` +
        'writing it would lock the auditor out',
      details: { uncovered },
    };
  }
  return OK;
}

/** No fixes on partial data: a failed fetch or errored rule could hide the facts a guardrail needs. */
export function checkDataComplete(dataComplete: boolean): GuardrailResult {
  if (dataComplete) return OK;
  return {
    ok: false,
    reason: 'partial data: a fetch failed or a rule errored, and nothing is changed on partial data',
  };
}

/** Keep a reserve of write requests: when the remaining budget is known and below the floor, do not write. */
export function checkRateLimitFloor(rateLimit: RateLimitState, floor: number): GuardrailResult {
  const { remaining } = rateLimit;
  if (remaining === undefined || remaining >= floor) return OK;
  return {
    ok: false,
    reason: `rate limit: ${remaining} write requests left, below the floor of ${floor}; try again after the reset`,
    details: {
      remaining,
      ...(rateLimit.resetEpochSeconds === undefined ? {} : { resetEpochSeconds: rateLimit.resetEpochSeconds }),
    },
  };
}
