/**
 * The one SNS publish per run, built from the report: a subject for email, a per-protocol
 * message (MessageStructure "json": `email` for people, `https` for the Chatbot/Slack, `default`
 * a compact summary for machines) and attributes for subscription filter policies.
 * The whole publish stays under SNS's 256 KiB for any account size: the email lists fewer
 * findings until it fits, and is cut, with a pointer to the full report, as a last resort.
 */
import { buildChatNotification } from './chat.js';
import { changeKind } from './delta.js';
import type { ChangeKind } from './delta.js';
import { UNKNOWN_CUSTOMER } from './error-report.js';
import { cut, failingTotal, fixedTotal, highestFailingSeverity, mutedTotal } from './facts.js';
import type { RemediationChange, Report } from './model.js';
import { buildSubject } from './subject.js';
import { renderText } from './text.js';

export type AttributeName = 'status' | 'severity' | 'customer_id' | 'change';

/** A publish: the account's (attributes status, severity, customer_id, change) or the fleet digest's. */
export interface Notification<Attribute extends string = AttributeName> {
  subject: string;
  /** JSON for MessageStructure "json": {default, email, https}. */
  message: string;
  messageAttributes: Record<Attribute, { DataType: 'String'; StringValue: string }>;
}

/** SNS's limit for message plus attributes (UTF-8 bytes). */
export const SNS_MAX_PUBLISH_BYTES = 262_144;
/** What a notification is built to fit by default: SNS's limit, less room for the request's own framing. */
export const DEFAULT_MAX_BYTES = SNS_MAX_PUBLISH_BYTES - 4_096;
/** People read the email away from a terminal: the risk and control-panel steps, no API calls or links. */
const EMAIL_TEXT = { color: false, audience: 'email' } as const;
/** Failing findings listed per severity in the email, tried from the first value down. */
const EMAIL_ITEMS_PER_SEVERITY = [50, 20, 10, 5, 2, 1, 0];

export interface NotificationOptions {
  /** The archived JSON report, s3://bucket/key. */
  reportLocation?: string;
  /** The archived HTML page's S3 console link (never a pre-signed URL): people open it. */
  reportUrl?: string;
  maxBytes?: number;
}

export function buildNotification(report: Report, options: NotificationOptions = {}): Notification {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const change = changeKind(report);
  const severity = highestFailingSeverity(report) ?? 'NONE';
  const subject = buildSubject(report);
  const messageAttributes: Notification['messageAttributes'] = {
    status: stringAttribute(report.status),
    severity: stringAttribute(severity),
    customer_id: stringAttribute(report.customer.id || UNKNOWN_CUSTOMER.id),
    change: stringAttribute(change),
  };
  const parts = {
    default: JSON.stringify(machineSummary(report, change, options)),
    https: JSON.stringify(
      buildChatNotification(report, { reportLocation: options.reportLocation, reportUrl: options.reportUrl, keywords: [report.status, severity, change] }),
    ),
  };
  const assemble = (email: string): Notification => ({
    subject,
    message: JSON.stringify({ default: parts.default, email, https: parts.https }),
    messageAttributes,
  });

  let notification = assemble('');
  for (const maxPerSeverity of EMAIL_ITEMS_PER_SEVERITY) {
    notification = assemble(renderText(report, { ...EMAIL_TEXT, maxPerSeverity, reportLocation: options.reportLocation, reportUrl: options.reportUrl }));
    if (notificationBytes(notification) <= maxBytes) return notification;
  }
  // Only very long texts in the findings themselves get here: cut the email to what is left.
  const email = renderText(report, { ...EMAIL_TEXT, maxPerSeverity: 0, reportLocation: options.reportLocation });
  const tail =
    `\n... cut to fit one notification${options.reportLocation ? `; full report: ${options.reportLocation}` : ''}\n` +
    (options.reportUrl ? `Open the report: ${options.reportUrl}\n` : '');
  const room = maxBytes - notificationBytes(assemble(''));
  return assemble(fitJsonString(email, tail, room));
}

/** Bytes SNS counts for a publish: subject, message, and each attribute's name, type and value. */
export function notificationBytes(notification: Notification<string>): number {
  const attributes = Object.entries(notification.messageAttributes).reduce(
    (total, [name, value]) => total + utf8(name) + utf8(value.DataType) + utf8(value.StringValue),
    0,
  );
  return utf8(notification.subject) + utf8(notification.message) + attributes;
}

/** Compact facts for machines (the `default` message): counts, not lists. */
function machineSummary(report: Report, change: ChangeKind, { reportLocation, reportUrl }: NotificationOptions) {
  return {
    runId: report.runId,
    customer: { id: report.customer.id, name: cut(report.customer.name, 256) },
    status: report.status,
    change,
    highestSeverity: highestFailingSeverity(report) ?? 'NONE',
    counts: {
      failing: failingTotal(report),
      bySeverity: report.summary.bySeverity,
      muted: mutedTotal(report),
      fixed: fixedTotal(report),
      usersChecked: report.summary.usersChecked,
    },
    delta: report.delta
      ? { new: report.delta.new.length, resolved: report.delta.resolved.length, unchanged: report.delta.unchanged.length }
      : null,
    errors: report.errors.slice(0, 5).map((error) => ({
      message: cut(error.message, 300),
      ...(error.status !== undefined ? { status: error.status } : {}),
      ...(error.operation !== undefined ? { operation: error.operation } : {}),
    })),
    // What the run changed in the account (or would change): a machine must learn of a write even
    // when the archive that holds the full report failed.
    remediation: { mode: report.remediation.mode, changes: report.remediation.changes.map(machineChange) },
    reportLocation: reportLocation ?? null,
    reportUrl: reportUrl ?? null,
  };
}

/** A remediation change for machines; long values (an allowlist) and reasons cut. */
function machineChange(change: RemediationChange) {
  const value = (input: unknown) => (typeof input === 'string' ? cut(input, 300) : input);
  return {
    ruleId: change.ruleId,
    field: change.field,
    from: value(change.from) ?? null,
    to: value(change.to) ?? null,
    status: change.status,
    ...('after' in change ? { after: value(change.after) ?? null } : {}),
    ...(change.reason !== undefined ? { reason: cut(change.reason, 300) } : {}),
  };
}

export function stringAttribute(value: string): { DataType: 'String'; StringValue: string } {
  return { DataType: 'String', StringValue: value };
}

function utf8(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The longest prefix of `text`, followed by `tail`, whose JSON string encoding adds at most
 * `room` bytes to the message (an empty string already takes its two quotes).
 */
export function fitJsonString(text: string, tail: string, room: number): string {
  const cost = (candidate: string) => utf8(JSON.stringify(candidate)) - 2;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (cost(withTail(text, middle, tail)) <= room) low = middle;
    else high = middle - 1;
  }
  return withTail(text, low, tail);
}

/** The first `length` characters plus the tail, never splitting a surrogate pair. */
function withTail(text: string, length: number, tail: string): string {
  const end = length > 0 && /[\uD800-\uDBFF]/.test(text.charAt(length - 1)) ? length - 1 : length;
  return `${text.slice(0, end)}${tail}`;
}
