/**
 * The notification subject (SNS email subject line): printable ASCII only, one line, at most
 * 99 characters, e.g. "Fastly audit ACME Corp: 3 failing (critical), 1 new". When it is too
 * long the customer name is shortened, never the part that says how the audit went.
 */
import { cut, failingTotal, fixedTotal, formatCount, highestFailingSeverity } from './facts.js';
import type { Report } from './model.js';

export const MAX_SUBJECT_LENGTH = 99;
const PREFIX = 'Fastly audit ';
const SEPARATOR = ': ';
/** The status part keeps the room it needs up to this length; the name always keeps the rest (24+). */
const MAX_STATUS_LENGTH = 60;

/**
 * "<prefix><who>: <what>" in printable ASCII, at most 99 characters (the account's subject, the
 * watch's): `what`, how it went, keeps up to 60 characters and `who` (a customer, an account) is
 * shortened first; a `who` with nothing printable reads "unknown customer".
 */
export function subjectLine(prefix: string, who: string, what: string): string {
  const status = cut(toPrintableAscii(what), MAX_STATUS_LENGTH);
  const room = MAX_SUBJECT_LENGTH - prefix.length - SEPARATOR.length - status.length;
  return `${prefix}${cut(toPrintableAscii(who) || 'unknown customer', room)}${SEPARATOR}${status}`;
}

export function buildSubject(report: Report): string {
  // A name with nothing printable in it (emoji only) gives way to the customer's id.
  return subjectLine(PREFIX, toPrintableAscii(report.customer.name) || report.customer.id, statusPart(report));
}

function statusPart(report: Report): string {
  const resolved = report.delta?.resolved.length ?? 0;
  const fresh = report.delta?.new.length ?? 0;
  if (report.status === 'ERROR') {
    const [first, ...others] = report.errors;
    const headline = first ? errorHeadline(first) : 'the audit did not complete';
    return `ERROR - ${headline}${others.length > 0 ? ` (+${others.length} more)` : ''}`;
  }
  const parts: string[] = [];
  const failing = failingTotal(report);
  const severity = highestFailingSeverity(report);
  if (report.status === 'PASS') parts.push('PASS');
  else parts.push(failing > 0 ? `${formatCount(failing)} failing${severity ? ` (${severity})` : ''}` : 'FAIL');
  const fixed = fixedTotal(report);
  if (fixed > 0) parts.push(`${formatCount(fixed)} fixed`);
  if (fresh > 0) parts.push(`${formatCount(fresh)} new`);
  if (resolved > 0) parts.push(`${formatCount(resolved)} resolved`);
  return parts.join(', ');
}

/** "could not read users (403)": the message, with the HTTP status when it is not already in it. */
function errorHeadline(error: { message: string; status?: number }): string {
  const status = error.status !== undefined ? ` (${error.status})` : '';
  return status && !error.message.includes(status.trim()) ? `${error.message}${status}` : error.message;
}

/** Letters and punctuation people can read in ASCII, transliterated where there is a clear match. */
const TRANSLITERATIONS: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', þ: 'th', Þ: 'Th',
  '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"', '\u2013': '-', '\u2014': '-',
};

/**
 * Printable ASCII on one line: accents dropped (é -> e), a few letters transliterated,
 * every run of whitespace (line breaks included) one space, anything else (emoji, control
 * characters) removed.
 */
export function toPrintableAscii(text: string): string {
  return text
    .replace(/[^\p{ASCII}]/gu, (char) => TRANSLITERATIONS[char] ?? char)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/gu, ' ')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}
