/**
 * The watch's own health, notified once per change of it (pure): accounts that cannot be watched
 * any more (change = ERROR), and accounts watched again after a failure (change = RESTORED). A
 * fleet's pass sends one such notification for all its accounts, so an API-wide outage is one
 * message, not one per account. Errors may quote the API: escaped per renderer like the alerts.
 */
import { CHAT_LIMITS, type ChatNotification } from '../report/chat.js';
import { escapeChat, escapeEmail } from '../report/escape.js';
import { cut, plural } from '../report/facts.js';
import { stringAttribute } from '../report/notification.js';
import { subjectLine } from '../report/subject.js';
import type { WatchNotification } from './messages.js';

export interface WatchFailure {
  /** "prod", or the customer's name (or "the account") for a single account. */
  label: string;
  customerId?: string;
  message: string;
  action?: string;
}

export interface WatchRestored {
  label: string;
  customerId?: string;
  /** When the failure started. */
  failingSince: string;
}

export interface WatchHealth {
  runId: string;
  failing: WatchFailure[];
  restored: WatchRestored[];
}

const MAX_LISTED = 50;

function healthSubject(health: WatchHealth): string {
  const [first] = health.failing;
  if (first && health.failing.length === 1) return subjectLine('Fastly watch ERROR ', first.label, first.message);
  if (health.failing.length > 0) return subjectLine('Fastly watch ERROR ', plural(health.failing.length, 'account'), 'cannot be watched');
  const [restored] = health.restored;
  if (restored && health.restored.length === 1) return subjectLine('Fastly watch ', restored.label, 'watched again');
  return subjectLine('Fastly watch ', plural(health.restored.length, 'account'), 'watched again');
}

function healthText(health: WatchHealth): string {
  const lines: string[] = [];
  if (health.failing.length > 0) {
    lines.push(`The watch cannot check ${plural(health.failing.length, 'account')}; it says so once, and again when each is watched again:`, '');
    for (const failure of health.failing.slice(0, MAX_LISTED)) {
      lines.push(`- ${escapeEmail(failure.label)}${failure.customerId ? ` (customer ${escapeEmail(failure.customerId)})` : ''}: ${escapeEmail(failure.message)}`);
      if (failure.action) lines.push(`  What to do: ${escapeEmail(failure.action)}`);
    }
    if (health.failing.length > MAX_LISTED) lines.push(`... and ${health.failing.length - MAX_LISTED} more (see the function's logs)`);
    lines.push('');
  }
  if (health.restored.length > 0) {
    lines.push(`Watched again: ${plural(health.restored.length, 'account')}:`, '');
    for (const restored of health.restored.slice(0, MAX_LISTED)) lines.push(`- ${escapeEmail(restored.label)}, failing since ${restored.failingSince}`);
    if (health.restored.length > MAX_LISTED) lines.push(`... and ${health.restored.length - MAX_LISTED} more`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function healthChat(health: WatchHealth, subject: string): ChatNotification {
  const lines = [
    ...health.failing.slice(0, 20).map((failure) => `:warning: ${cut(escapeChat(failure.label), 80)}: ${cut(escapeChat(failure.message), 200)}`),
    ...health.restored.slice(0, 20).map((restored) => `:white_check_mark: ${cut(escapeChat(restored.label), 80)}: watched again (failing since ${restored.failingSince})`),
  ];
  const actions = [...new Set(health.failing.flatMap((failure) => (failure.action ? [failure.action] : [])))];
  return {
    version: '1.0',
    source: 'custom',
    id: health.runId,
    content: {
      textType: 'client-markdown',
      title: cut(`${health.failing.length > 0 ? ':warning:' : ':white_check_mark:'} ${escapeChat(subject)}`, CHAT_LIMITS.title),
      description: cut(lines.join('\n'), CHAT_LIMITS.description),
      nextSteps: actions.slice(0, CHAT_LIMITS.nextSteps).map((action) => cut(escapeChat(action), CHAT_LIMITS.nextStep)),
      keywords: [health.failing.length > 0 ? 'ERROR' : 'RESTORED', 'watch'],
    },
  };
}

/** One notification for the pass's failures and restorations; undefined when there are none. */
export function buildHealthNotification(health: WatchHealth): WatchNotification | undefined {
  if (health.failing.length === 0 && health.restored.length === 0) return undefined;
  const subject = healthSubject(health);
  const single = health.failing.length + health.restored.length === 1 ? (health.failing[0] ?? health.restored[0]) : undefined;
  const summary = {
    mode: 'watch',
    runId: health.runId,
    failing: health.failing.slice(0, MAX_LISTED).map((failure) => ({ account: cut(failure.label, 256), customerId: failure.customerId ?? null, message: cut(failure.message, 300) })),
    restored: health.restored.slice(0, MAX_LISTED).map((restored) => ({ account: cut(restored.label, 256), customerId: restored.customerId ?? null, failingSince: restored.failingSince })),
    counts: { failing: health.failing.length, restored: health.restored.length },
  };
  return {
    subject,
    message: JSON.stringify({ default: JSON.stringify(summary), email: healthText(health), https: JSON.stringify(healthChat(health, subject)) }),
    messageAttributes: {
      status: stringAttribute(health.failing.length > 0 ? 'ERROR' : 'RESTORED'),
      severity: stringAttribute('NONE'),
      customer_id: stringAttribute(single?.customerId ?? (health.failing.length + health.restored.length === 1 ? 'unknown' : 'fleet')),
      change: stringAttribute(health.failing.length > 0 ? 'ERROR' : 'RESTORED'),
      mode: stringAttribute('watch'),
    },
  };
}
