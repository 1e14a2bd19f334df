/**
 * A watch alert as people and machines read it (pure): the SNS notification (subject, `email`
 * text, `https` Slack message through AWS Chatbot, `default` compact JSON, attributes `status`,
 * `severity`, `customer_id`, `change` = REGRESSION or RECOVERY, `mode` = watch), and the command
 * line's text, markdown and JSON. Names, values and attributions come from the API: each renderer
 * escapes them (escape.ts), so no value adds a line, a heading, a mention or a terminal sequence.
 */
import type { ChatNotification } from '../report/chat.js';
import { CHAT_LIMITS } from '../report/chat.js';
import { escapeChat, escapeEmail, escapeMarkdown, escapeTerminal } from '../report/escape.js';
import { cut } from '../report/facts.js';
import { stringAttribute, type Notification } from '../report/notification.js';
import { subjectLine } from '../report/subject.js';
import { getRule } from '../policy/catalog.js';
import { alertSeverity, changeAuthor, changeHeadline, changeValues, hasRegression, type WatchAlert, type WatchAlertChange } from './alert.js';

export type WatchAttribute = 'status' | 'severity' | 'customer_id' | 'change' | 'mode';
export type WatchNotification = Notification<WatchAttribute>;

/** "ACME Corp" (or the account's name in a fleet: "prod (ACME Corp)"). */
function label(alert: Pick<WatchAlert, 'account' | 'customer'>): string {
  const name = alert.customer.name || alert.customer.id;
  return alert.account ? `${alert.account} (${name})` : name;
}

export function alertSubject(alert: WatchAlert): string {
  const [first, ...others] = alert.changes;
  const what = `${first ? changeHeadline(first) : 'no change'}${others.length > 0 ? ` (+${others.length} more)` : ''}`;
  return subjectLine(hasRegression(alert) ? 'Fastly ALERT ' : 'Fastly RECOVERY ', label(alert), what);
}

/** Plain text: `escape` is escapeTerminal for a terminal, escapeEmail for the email. */
export function renderAlertText(alert: WatchAlert, escape: (text: string) => string = escapeTerminal): string {
  const regressions = alert.changes.filter((change) => change.kind === 'REGRESSION').length;
  const lines = [
    `${alert.demo ? 'DEMO ' : ''}Fastly watch: ${regressions > 0 ? 'ALERT' : 'RECOVERY'} for ${escape(label(alert))} (customer ${escape(alert.customer.id)})`,
    `Checked at ${alert.checkedAt}; compared with the state of ${alert.comparedWith}.`,
    '',
  ];
  for (const change of alert.changes) {
    lines.push(`${change.kind}  ${change.ruleId} (${change.severity}): ${escape(changeHeadline(change))}`);
    lines.push(`  ${change.title}: ${escape(changeValues(change))}`);
    lines.push(`  ${escape(changeAuthor(change, alert.comparedWith))}`);
    if (change.kind === 'REGRESSION') lines.push(`  What to do: ${getRule(change.ruleId).remediation.console}`);
    lines.push('');
  }
  for (const warning of alert.warnings) lines.push(`Warning: ${escape(warning)}`);
  if (alert.warnings.length > 0) lines.push('');
  lines.push('The nightly audit reports the whole account; this watch checks the account settings every few minutes.');
  return `${lines.join('\n')}\n`;
}

export function renderAlertMarkdown(alert: WatchAlert): string {
  const lines = [`# ${alert.demo ? 'DEMO ' : ''}Fastly watch: ${hasRegression(alert) ? 'ALERT' : 'RECOVERY'} for ${escapeMarkdown(label(alert))}`, ''];
  lines.push(`Customer ${escapeMarkdown(alert.customer.id)}, checked at ${alert.checkedAt}, compared with the state of ${alert.comparedWith}.`, '');
  for (const change of alert.changes) {
    lines.push(`- **${change.kind}** \`${change.ruleId}\` (${change.severity}): ${escapeMarkdown(changeHeadline(change))}, ${escapeMarkdown(changeValues(change))}; ${escapeMarkdown(changeAuthor(change, alert.comparedWith))}`);
  }
  for (const warning of alert.warnings) lines.push('', `Warning: ${escapeMarkdown(warning)}`);
  return `${lines.join('\n')}\n`;
}

/** For machines (`default`, and the command line's --format json): facts, values cut. */
export function alertSummary(alert: WatchAlert) {
  const value = (input: string | boolean | null) => (typeof input === 'string' ? cut(input, 300) : input);
  return {
    mode: 'watch',
    ...(alert.demo ? { demo: true } : {}),
    runId: alert.runId,
    ...(alert.account ? { account: alert.account } : {}),
    customer: { id: alert.customer.id, name: cut(alert.customer.name, 256) },
    status: alert.status,
    change: hasRegression(alert) ? 'REGRESSION' : 'RECOVERY',
    checkedAt: alert.checkedAt,
    comparedWith: alert.comparedWith,
    changes: alert.changes.map((change: WatchAlertChange) => ({
      kind: change.kind,
      ruleId: change.ruleId,
      severity: change.severity,
      field: change.field,
      from: value(change.before.value),
      to: value(change.after.value),
      attribution: change.attribution
        ? { ...change.attribution, description: change.attribution.description === null ? null : cut(change.attribution.description, 300) }
        : null,
    })),
    warnings: alert.warnings.map((warning) => cut(warning, 300)),
  };
}

function alertChat(alert: WatchAlert): ChatNotification {
  const emoji = hasRegression(alert) ? ':rotating_light:' : ':white_check_mark:';
  const lines = alert.changes.map(
    (change) =>
      `*${change.kind}* \`${change.ruleId}\` (${change.severity}): ${cut(escapeChat(changeHeadline(change)), 200)}, ${cut(escapeChat(changeValues(change)), 200)}\n${cut(escapeChat(changeAuthor(change, alert.comparedWith)), 300)}`,
  );
  const steps = alert.changes.filter((change) => change.kind === 'REGRESSION').map((change) => cut(`${change.ruleId}: ${getRule(change.ruleId).remediation.console}`, CHAT_LIMITS.nextStep));
  return {
    version: '1.0',
    source: 'custom',
    id: alert.runId,
    content: {
      textType: 'client-markdown',
      title: cut(`${emoji} ${escapeChat(alertSubject(alert))}`, CHAT_LIMITS.title),
      description: cut([...lines, ...alert.warnings.map((warning) => `Warning: ${escapeChat(warning)}`)].join('\n'), CHAT_LIMITS.description),
      nextSteps: steps.slice(0, CHAT_LIMITS.nextSteps),
      keywords: [hasRegression(alert) ? 'REGRESSION' : 'RECOVERY', alertSeverity(alert) ?? 'NONE', 'watch'],
    },
  };
}

/** One publish per account and pass with changes; a handful of rules keeps it far under SNS's 256 KiB. */
export function buildAlertNotification(alert: WatchAlert): WatchNotification {
  return {
    subject: alertSubject(alert),
    message: JSON.stringify({
      default: JSON.stringify(alertSummary(alert)),
      email: renderAlertText(alert, escapeEmail),
      https: JSON.stringify(alertChat(alert)),
    }),
    messageAttributes: {
      status: stringAttribute(alert.status),
      severity: stringAttribute(alertSeverity(alert) ?? 'NONE'),
      customer_id: stringAttribute(alert.customer.id),
      change: stringAttribute(hasRegression(alert) ? 'REGRESSION' : 'RECOVERY'),
      mode: stringAttribute('watch'),
    },
  };
}
