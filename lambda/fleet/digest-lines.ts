/**
 * One account of the digest in words, shared by the text, email, markdown and Slack renderers so
 * they all say the same: "5 failing (1 critical, 4 high), 2 new". Only counts and our own words:
 * the customer's name and the errors, which come from the API, are escaped by each renderer.
 */
import { describeError, formatCount } from '../report/facts.js';
import { SEVERITIES } from '../report/model.js';
import type { AccountOutcome } from './outcome.js';

/** "5 failing (1 critical, 4 high), 2 new, 1 fixed" or "could not be audited". */
export function outcomeCounts(outcome: AccountOutcome): string {
  const parts: string[] = [];
  if (outcome.status !== 'ERROR' || outcome.failing > 0) {
    const breakdown = SEVERITIES.filter((severity) => outcome.bySeverity[severity] > 0)
      .map((severity) => `${formatCount(outcome.bySeverity[severity])} ${severity}`)
      .join(', ');
    parts.push(`${formatCount(outcome.failing)} failing${breakdown ? ` (${breakdown})` : ''}`);
  }
  if (outcome.unchecked > 0) parts.push(`${formatCount(outcome.unchecked)} not checked`);
  if (outcome.fixed > 0) parts.push(`${formatCount(outcome.fixed)} fixed`);
  parts.push(sinceLastRun(outcome));
  return parts.join(', ');
}

/** "2 new", "1 resolved", "nothing new", "first run" or "change unknown". */
export function sinceLastRun(outcome: AccountOutcome): string {
  if (outcome.newFindings === null) return outcome.change === 'FIRST_RUN' ? 'first run' : 'change unknown';
  const parts = [`${formatCount(outcome.newFindings)} new`];
  if ((outcome.resolved ?? 0) > 0) parts.push(`${formatCount(outcome.resolved ?? 0)} resolved`);
  return outcome.newFindings === 0 && parts.length === 1 ? 'nothing new' : parts.join(', ');
}

/** The customer as people read it: its name, or its id, or "unknown customer". */
export function customerLabel(outcome: AccountOutcome): string {
  return outcome.customer.name.trim() || outcome.customer.id || 'unknown customer';
}

/** The account's first error, as the report states it (API data: escape it where it is placed). */
export function firstError(outcome: AccountOutcome): string | undefined {
  const [error] = outcome.errors;
  return error ? describeError(error) : undefined;
}
