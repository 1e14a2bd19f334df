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

/** A user's row, written out directly: no array of cells per user on an account of 100,000. */
function userRow(user: AccessReviewUser): string {
  const locked = user.locked === null ? 'unknown' : user.locked ? 'yes' : 'no';
  const tokens = user.tokens === null ? 'not read' : String(user.tokens);
  return (
    `${field(escapeCsvCell(user.login))},${field(escapeCsvCell(user.name))},${field(escapeCsvCell(user.roles.join(' ')))},` +
    `${user.twoFactor},${locked},${field(escapeCsvCell(user.lastActiveAt ?? ''))},${field(escapeCsvCell(user.createdAt ?? ''))},` +
    `${tokens},${field(user.failingRuleIds.join(' '))}${CRLF}`
  );
}

/** One CSV row of fields. */
export function csvRow(values: readonly string[]): string {
  return `${values.map(field).join(',')}${CRLF}`;
}

/**
 * The header and a row per user as UTF-8 bytes; only the header when the users could not be read
 * (the report's status and errors say why). Rows are written into one growing buffer as they are
 * made: on an account of 100,000 users no list of 100,000 row strings, nor a joined copy of them,
 * is ever held (the Lambda archives these bytes as they are).
 */
export function renderAccessReviewCsvBytes(report: Pick<Report, 'accessReview'>): Buffer {
  const users = report.accessReview?.users ?? [];
  const writer = new ByteWriter(128 * (users.length + 1));
  writer.write(csvRow(ACCESS_REVIEW_COLUMNS));
  for (const user of users) writer.write(userRow(user));
  return writer.bytes();
}

/** The same CSV as text (the command line's --format csv). */
export function renderAccessReviewCsv(report: Pick<Report, 'accessReview'>): string {
  return renderAccessReviewCsvBytes(report).toString('utf8');
}

/** Appends UTF-8 text to a buffer that grows by half again when full. */
class ByteWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(capacity, 1024));
  }

  write(text: string): void {
    const needed = this.length + Buffer.byteLength(text, 'utf8');
    if (needed > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, Math.ceil(this.buffer.length * 1.5)));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  /** The bytes written (a view, not a copy). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
