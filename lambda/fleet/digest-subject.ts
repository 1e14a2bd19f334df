/**
 * The digest's subject, e.g. "Fastly fleet audit: 2 of 12 accounts failing (critical), 1 error,
 * 3 new". It holds only counts and severities (no API data), in printable ASCII, at most 99
 * characters: the email subject, the Slack title and the text's first line.
 */
import { cut, formatCount, plural } from '../report/facts.js';
import { MAX_SUBJECT_LENGTH } from '../report/subject.js';
import type { FleetDigest } from './digest.js';

/** "2 of 12 accounts failing (critical), 1 error, 3 new": how the fleet run went. */
export function digestHeadline(digest: FleetDigest): string {
  const { accounts, fail, error, newFindings } = digest.totals;
  const parts: string[] = [];
  if (fail > 0) {
    parts.push(`${formatCount(fail)} of ${plural(accounts, 'account')} failing${digest.highestSeverity ? ` (${digest.highestSeverity})` : ''}`);
    if (error > 0) parts.push(plural(error, 'error'));
  } else if (error > 0) {
    parts.push(`${formatCount(error)} of ${plural(accounts, 'account')} in error`);
  } else {
    parts.push(accounts === 1 ? '1 account passes' : `all ${formatCount(accounts)} accounts pass`);
  }
  if (newFindings > 0) parts.push(`${formatCount(newFindings)} new`);
  return parts.join(', ');
}

export function buildDigestSubject(digest: FleetDigest): string {
  return cut(`Fastly fleet audit${digest.demo ? ' (DEMO)' : ''}: ${digestHeadline(digest)}`, MAX_SUBJECT_LENGTH);
}
