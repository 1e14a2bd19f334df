/**
 * The access review as CSV (RFC 4180): a header row, then one row per user with the columns of
 * design.md, "Evidence people can open". Lines end with CRLF; a field holding a comma, a quote, a
 * CR or an LF is quoted, its quotes doubled. Every value from the API passes through
 * escapeCsvCell: no login or name can become a formula in a spreadsheet.
 */
import { escapeCsvCell } from './escape.js';
import type { AccessReviewUser, Report } from './model.js';

export const ACCESS_REVIEW_COLUMNS = ['Login', 'Name', 'Roles', '2FA', 'Locked', 'Last active', 'Created', 'API tokens', 'Failing rules'] as const;

const CRLF = '\r\n';
const NEEDS_QUOTES = /[",\r\n]/;

function field(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function cells(user: AccessReviewUser): string[] {
  return [
    escapeCsvCell(user.login),
    escapeCsvCell(user.name),
    escapeCsvCell(user.roles.join(' ')),
    user.twoFactor,
    user.locked === null ? 'unknown' : user.locked ? 'yes' : 'no',
    escapeCsvCell(user.lastActiveAt ?? ''),
    escapeCsvCell(user.createdAt ?? ''),
    user.tokens === null ? 'not read' : String(user.tokens),
    user.failingRuleIds.join(' '),
  ];
}

/** One CSV row of fields. */
export function csvRow(values: readonly string[]): string {
  return `${values.map(field).join(',')}${CRLF}`;
}

/**
 * The header and a row per user; only the header when the users could not be read (the report's
 * status and errors say why).
 */
export function renderAccessReviewCsv(report: Pick<Report, 'accessReview'>): string {
  const users = report.accessReview?.users ?? [];
  const lines = new Array<string>(users.length + 1);
  lines[0] = csvRow(ACCESS_REVIEW_COLUMNS);
  users.forEach((user, index) => {
    lines[index + 1] = csvRow(cells(user));
  });
  return lines.join('');
}
