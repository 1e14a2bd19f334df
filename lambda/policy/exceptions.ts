/**
 * Policy exceptions: an accepted FAIL for one rule and subject, muted until the end of its
 * `expires` day (UTC). Once expired it stops muting, and the finding says so.
 */
import type { AppliedException, Subject } from '../report/model.js';
import type { PolicyException } from './schema.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A user matches by id or login, a token by id or name, an invitation by id or email (names
 * case-insensitively); the account matches by customer id.
 */
export function exceptionMatches(exception: PolicyException, ruleId: string, subject: Subject): boolean {
  if (exception.rule !== ruleId) return false;
  if (exception.subject === subject.id) return true;
  return subject.type !== 'account' && exception.subject.toLowerCase() === subject.name.toLowerCase();
}

/** True while `now` is on or before the expires day, in UTC. */
export function isExceptionActive(expires: string, now: Date): boolean {
  return now.getTime() < Date.parse(`${expires}T00:00:00Z`) + DAY_MS;
}

/**
 * The exception that applies to a finding: an active one when there is any (the one lasting
 * longest), else the one that expired most recently, so the report can say it expired.
 */
export function findException(
  exceptions: readonly PolicyException[],
  ruleId: string,
  subject: Subject,
  now: Date,
): AppliedException | undefined {
  const matching = exceptions
    .filter((exception) => exceptionMatches(exception, ruleId, subject))
    .sort((a, b) => b.expires.localeCompare(a.expires));
  const chosen = matching[0];
  if (!chosen) return undefined;
  return {
    reason: chosen.reason,
    expires: chosen.expires,
    ...(chosen.ticket !== undefined ? { ticket: chosen.ticket } : {}),
    expired: !isExceptionActive(chosen.expires, now),
  };
}
