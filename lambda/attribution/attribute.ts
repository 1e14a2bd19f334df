/**
 * Attribution, a pure function of the findings and the audit-log events read for them: each FAIL
 * of a rule that declares an attribution gets the newest event within the window that its rule
 * says explains it. Events older than the window, or without a readable time, are ignored.
 */
import type { AuditEvent } from '../fastly/access-schemas.js';
import type { Customer, User } from '../fastly/schemas.js';
import type { Attribution, Finding } from '../report/model.js';
import type { AttributionSpec } from './spec.js';

export interface AttributionInput {
  findings: readonly Finding[];
  /** Newest first, as the client returns them. */
  events: readonly AuditEvent[];
  customer: Customer;
  users: readonly User[];
  now: Date;
  /** The window: events older than this many days before `now` are not looked at. */
  days: number;
  /** The attribution a rule declares, if any. */
  specOf(ruleId: string): AttributionSpec | undefined;
}

/** The FAILs that could be attributed, and the event types that could explain them. */
export function attributionTargets(
  findings: readonly Finding[],
  specOf: (ruleId: string) => AttributionSpec | undefined,
): { findings: Finding[]; eventTypes: string[] } {
  const targets = findings.filter((finding) => finding.status === 'FAIL' && specOf(finding.ruleId) !== undefined);
  const eventTypes = new Set(targets.flatMap((finding) => specOf(finding.ruleId)?.eventTypes ?? []));
  return { findings: targets, eventTypes: [...eventTypes] };
}

/** The findings in the same order, FAILs with their attribution where an event explains them. */
export function attribute(input: AttributionInput): Finding[] {
  const since = input.now.getTime() - input.days * 24 * 60 * 60 * 1000;
  const inWindow = input.events.filter((event) => {
    const at = event.created_at ? Date.parse(event.created_at) : Number.NaN;
    return !Number.isNaN(at) && at >= since;
  });
  const logins = new Map(input.users.flatMap((user) => (user.id && user.login ? [[user.id, user.login] as const] : [])));
  return input.findings.map((finding) => {
    const spec = finding.status === 'FAIL' ? input.specOf(finding.ruleId) : undefined;
    if (spec === undefined) return finding;
    const context = { finding, customer: input.customer, users: input.users };
    const event = inWindow.find((candidate) => spec.eventTypes.includes(candidate.event_type ?? '') && spec.matches(candidate, context));
    return event === undefined ? finding : { ...finding, attribution: toAttribution(event, logins) };
  });
}

function toAttribution(event: AuditEvent, logins: ReadonlyMap<string, string>): Attribution {
  const actorId = event.user_id ?? null;
  return {
    eventId: event.id ?? 'unknown',
    eventType: event.event_type ?? 'unknown',
    at: event.created_at ?? 'unknown',
    actor: { id: actorId, login: actorId === null ? null : (logins.get(actorId) ?? null) },
    ip: addresses(event.ip),
    admin: event.admin === true,
    description: event.description ?? null,
  };
}

/** "92.238.40.48, 92.238.40.48" (as the audit log repeats them) as "92.238.40.48". */
function addresses(ip: string | null | undefined): string | null {
  const list = [...new Set((ip ?? '').split(',').map((part) => part.trim()).filter((part) => part !== ''))];
  return list.length > 0 ? list.join(', ') : null;
}
