/**
 * The digest's Slack message, as an AWS Chatbot custom notification (the only shape Chatbot
 * passes on): the headline as its title, then one line per account, worst first, within the
 * 3,000 characters a Slack text block shows, ending "and N more" with where the full digest is.
 * Customers' names and errors come from the API: escapeChat keeps them from adding a line, a
 * mention, a link or emphasis.
 */
import { CHAT_LIMITS, type ChatNotification } from '../report/chat.js';
import { escapeChat } from '../report/escape.js';
import { cut, formatCount, plural } from '../report/facts.js';
import type { RunStatus } from '../report/model.js';
import type { FleetDigest } from './digest.js';
import { customerLabel, firstError, outcomeCounts } from './digest-lines.js';
import { buildDigestSubject } from './digest-subject.js';
import type { AccountOutcome } from './outcome.js';

const STATUS_EMOJI: Record<RunStatus, string> = { PASS: ':white_check_mark:', FAIL: ':red_circle:', ERROR: ':warning:' };

function accountLine(outcome: AccountOutcome): string {
  const error = outcome.status === 'ERROR' ? firstError(outcome) : undefined;
  return `${STATUS_EMOJI[outcome.status]} \`${outcome.account}\` ${cut(escapeChat(customerLabel(outcome)), 60)}: *${outcome.status}*, ${outcomeCounts(outcome)}${error ? ` - ${cut(escapeChat(error), 160)}` : ''}`;
}

function description(digest: FleetDigest, digestLocation: string | undefined): string {
  const { accounts, pass, fail, error, failingFindings } = digest.totals;
  const lines = [
    `*${digest.status}* | ${plural(accounts, 'account')}: ${formatCount(error)} ERROR, ${formatCount(fail)} FAIL, ${formatCount(pass)} PASS | ${plural(failingFindings, 'failing finding')}`,
    '',
  ];
  const tail = (rest: number) => `and ${formatCount(rest)} more${digestLocation ? `; full digest: ${escapeChat(digestLocation)}` : ''}`;
  let length = lines.join('\n').length;
  for (const [index, outcome] of digest.accounts.entries()) {
    const line = accountLine(outcome);
    const rest = digest.accounts.length - index;
    // Room is kept for the "and N more" line, should the next account not fit.
    if (length + 1 + line.length + 1 + tail(rest).length > CHAT_LIMITS.description) {
      lines.push(tail(rest));
      return lines.join('\n');
    }
    lines.push(line);
    length += 1 + line.length;
  }
  return lines.join('\n');
}

/** What to do: the actions of the accounts in ERROR (each once), then where the full digest is. */
function nextSteps(digest: FleetDigest, digestLocation: string | undefined): string[] {
  const location = digestLocation ? [cut(`Full digest: ${escapeChat(digestLocation)}`, CHAT_LIMITS.nextStep)] : [];
  const actions = new Map<string, string[]>();
  for (const outcome of digest.accounts) {
    const action = outcome.status === 'ERROR' ? outcome.errors[0]?.action : undefined;
    if (action !== undefined) actions.set(action, [...(actions.get(action) ?? []), outcome.account]);
  }
  const steps = [...actions].map(([action, names]) => cut(`${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}: ${escapeChat(action)}`, CHAT_LIMITS.nextStep));
  return [...steps.slice(0, CHAT_LIMITS.nextSteps - location.length), ...location];
}

export function buildDigestChat(digest: FleetDigest, options: { digestLocation?: string; keywords: string[] }): ChatNotification {
  return {
    version: '1.0',
    source: 'custom',
    id: digest.runId,
    content: {
      textType: 'client-markdown',
      title: cut(`${STATUS_EMOJI[digest.status]} ${escapeChat(buildDigestSubject(digest))}`, CHAT_LIMITS.title),
      description: description(digest, options.digestLocation),
      nextSteps: nextSteps(digest, options.digestLocation),
      keywords: options.keywords,
    },
  };
}
