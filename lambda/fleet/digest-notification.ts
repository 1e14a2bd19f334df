/**
 * The digest's one SNS publish per fleet run: the subject, a message per protocol (`email` the
 * text for people, `https` the Slack message, `default` a compact JSON summary for machines) and
 * the attributes `status` (the worst account's), `severity` (the highest failing, or NONE) and
 * `scope` = `fleet`, so subscription filters written for accounts' notifications (status,
 * severity) apply to it too and a filter on `scope` tells them apart. The publish stays under
 * SNS's 256 KiB for a thousand accounts: the machine summary lists fewer accounts first (a machine
 * can read the archived digest), then the email ("and N more", with where the archived digest
 * is), until it fits.
 */
import { cut } from '../report/facts.js';
import { DEFAULT_MAX_BYTES, fitJsonString, notificationBytes, stringAttribute, type Notification } from '../report/notification.js';
import type { FleetDigest } from './digest.js';
import { buildDigestChat } from './digest-chat.js';
import { buildDigestSubject } from './digest-subject.js';
import { renderDigestText } from './digest-text.js';

export type DigestAttribute = 'status' | 'severity' | 'scope';
export type DigestNotification = Notification<DigestAttribute>;

const ALL = Number.POSITIVE_INFINITY;
/** Accounts listed in the email and in the machine summary, tried in this order. */
const ACCOUNTS_LISTED: readonly { email: number; machine: number }[] = [
  ...[ALL, 200, 50, 0].map((machine) => ({ email: ALL, machine })),
  ...[500, 200, 100, 50, 20, 0].map((email) => ({ email, machine: 0 })),
];

/** The machine summary: the totals, and the accounts (worst first) up to `maxAccounts`. */
function machineSummary(digest: FleetDigest, maxAccounts: number, digestLocation: string | undefined) {
  const shown = digest.accounts.slice(0, maxAccounts);
  return {
    scope: 'fleet',
    runId: digest.runId,
    status: digest.status,
    highestSeverity: digest.highestSeverity ?? 'NONE',
    totals: digest.totals,
    accounts: shown.map((outcome) => ({
      account: outcome.account,
      customer: { id: outcome.customer.id, name: cut(outcome.customer.name, 256) },
      status: outcome.status,
      highestSeverity: outcome.highestSeverity ?? 'NONE',
      failing: outcome.failing,
      new: outcome.newFindings,
      ...(outcome.errors[0] ? { error: cut(outcome.errors[0].message, 300) } : {}),
    })),
    accountsNotListed: digest.accounts.length - shown.length,
    digestLocation: digestLocation ?? null,
  };
}

export function buildDigestNotification(digest: FleetDigest, options: { digestLocation?: string; maxBytes?: number } = {}): DigestNotification {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const severity = digest.highestSeverity ?? 'NONE';
  const subject = buildDigestSubject(digest);
  const messageAttributes: DigestNotification['messageAttributes'] = {
    status: stringAttribute(digest.status),
    severity: stringAttribute(severity),
    scope: stringAttribute('fleet'),
  };
  const https = JSON.stringify(buildDigestChat(digest, { digestLocation: options.digestLocation, keywords: [digest.status, severity, 'fleet'] }));
  const assemble = (email: string, machineAccounts: number): DigestNotification => ({
    subject,
    message: JSON.stringify({ default: JSON.stringify(machineSummary(digest, machineAccounts, options.digestLocation)), email, https }),
    messageAttributes,
  });

  const emails = new Map<number, string>();
  for (const listed of ACCOUNTS_LISTED) {
    let email = emails.get(listed.email);
    if (email === undefined) {
      email = renderDigestText(digest, { audience: 'email', maxAccounts: listed.email, digestLocation: options.digestLocation });
      emails.set(listed.email, email);
    }
    const notification = assemble(email, listed.machine);
    if (notificationBytes(notification) <= maxBytes) return notification;
  }
  // Only absurdly long texts get here (errors are cut, names are short): cut the email itself.
  const email = renderDigestText(digest, { audience: 'email', maxAccounts: 0, digestLocation: options.digestLocation });
  const tail = `\n... cut to fit one notification${options.digestLocation ? `; full digest: ${options.digestLocation}` : ''}\n`;
  const room = maxBytes - notificationBytes(assemble('', 0));
  return assemble(fitJsonString(email, tail, room), 0);
}
