/**
 * The digest as text (the terminal, the email) and as markdown: the headline, the totals, then
 * one line per account, worst first, with what failed and what to do for those in ERROR. Lists
 * longer than `maxAccounts` end with "... and N more" and where the full digest is. API data (a
 * customer's name, an error a server sent) passes through the escaper of the output kind.
 */
import { painter, type Style } from '../report/color.js';
import { escapeEmail, escapeMarkdown, escapeTerminal } from '../report/escape.js';
import { andMore, cut, formatCount, plural } from '../report/facts.js';
import type { RunStatus } from '../report/model.js';
import type { FleetDigest } from './digest.js';
import { customerLabel, firstError, outcomeCounts } from './digest-lines.js';
import { buildDigestSubject } from './digest-subject.js';
import type { AccountOutcome } from './outcome.js';

export interface DigestTextOptions {
  color?: boolean;
  /** `email` escapes for mail readers; `terminal` (default) for terminals. */
  audience?: 'terminal' | 'email';
  /** Accounts listed; the rest are counted. Default all. */
  maxAccounts?: number;
  /** Where the full digest is (its S3 location, or a file). */
  digestLocation?: string;
}

const STATUS_STYLE: Record<RunStatus, Style[]> = { PASS: ['green', 'bold'], FAIL: ['red', 'bold'], ERROR: ['magenta', 'bold'] };
/** Customer names are cut to this in a listing line: the account's report has the rest. */
const CUSTOMER_WIDTH = 40;

function totalsLine(digest: FleetDigest): string {
  const { accounts, pass, fail, error, failingFindings, newFindings } = digest.totals;
  return (
    `${plural(accounts, 'account')}: ${formatCount(error)} ERROR, ${formatCount(fail)} FAIL, ${formatCount(pass)} PASS; ` +
    `${plural(failingFindings, 'failing finding')}, ${formatCount(newFindings)} new since the previous runs`
  );
}

function listed<T>(items: readonly T[], max: number | undefined): { shown: readonly T[]; rest: number } {
  const shown = max === undefined ? items : items.slice(0, Math.max(0, max));
  return { shown, rest: items.length - shown.length };
}

export function renderDigestText(digest: FleetDigest, options: DigestTextOptions = {}): string {
  const paint = painter(options.color === true);
  const safe = options.audience === 'email' ? escapeEmail : escapeTerminal;
  const { shown, rest } = listed(digest.accounts, options.maxAccounts);
  const nameWidth = Math.max(7, ...shown.map((outcome) => outcome.account.length));
  const customers = shown.map((outcome) => cut(safe(customerLabel(outcome)), CUSTOMER_WIDTH));
  const customerWidth = Math.max(8, ...customers.map((customer) => customer.length));

  const lines = [
    paint(buildDigestSubject(digest), 'bold'),
    // The start time comes from the invocation's event, which Date.parse accepted: it may hold a comment, so it is escaped too.
    `Run ${safe(digest.runId)}, started ${safe(digest.startedAt)}`,
    totalsLine(digest),
    '',
  ];
  shown.forEach((outcome, index) => {
    const status = paint(outcome.status.padEnd(5), ...STATUS_STYLE[outcome.status]);
    lines.push(`${status}  ${outcome.account.padEnd(nameWidth)}  ${(customers[index] ?? '').padEnd(customerWidth)}  ${outcomeCounts(outcome)}`);
    lines.push(...errorLines(outcome, safe));
  });
  if (rest > 0) lines.push(andMore(rest, options.digestLocation && safe(options.digestLocation)));
  if (options.digestLocation) lines.push('', `Full digest: ${safe(options.digestLocation)}`);
  return `${lines.join('\n')}\n`;
}

/** Under an account in ERROR: what failed and what to do. */
function errorLines(outcome: AccountOutcome, safe: (text: string) => string): string[] {
  if (outcome.status !== 'ERROR') return [];
  const error = outcome.errors[0];
  const failed = firstError(outcome);
  return [
    ...(failed ? [`       what failed: ${safe(failed)}`] : []),
    ...(error?.action ? [`       what to do: ${safe(error.action)}`] : []),
  ];
}

/** A markdown table cell: escaped, and no pipe can end the cell. */
function cell(text: string): string {
  return escapeMarkdown(text);
}

export function renderDigestMarkdown(digest: FleetDigest, options: Pick<DigestTextOptions, 'maxAccounts' | 'digestLocation'> = {}): string {
  const { shown, rest } = listed(digest.accounts, options.maxAccounts);
  const lines = [
    `# ${escapeMarkdown(buildDigestSubject(digest))}`,
    '',
    `Run ${escapeMarkdown(digest.runId)}, started ${escapeMarkdown(digest.startedAt)}. ${escapeMarkdown(totalsLine(digest))}.`,
    '',
    '| status | account | customer | findings |',
    '|---|---|---|---|',
    ...shown.map((outcome) => `| **${outcome.status}** | ${cell(outcome.account)} | ${cell(customerLabel(outcome))} | ${cell(outcomeCounts(outcome))} |`),
  ];
  if (rest > 0) lines.push('', escapeMarkdown(andMore(rest, options.digestLocation)));
  const errored = shown.filter((outcome) => outcome.status === 'ERROR');
  if (errored.length > 0) {
    lines.push('', '## Errors', '');
    for (const outcome of errored) {
      const failed = firstError(outcome) ?? 'the run did not complete';
      const action = outcome.errors[0]?.action;
      lines.push(`- **${escapeMarkdown(outcome.account)}**: ${escapeMarkdown(failed)}${action ? ` What to do: ${escapeMarkdown(action)}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
