/**
 * The attribution each kind of rule declares (design.md, "Attribution"): `customer.update` for
 * an account setting, matching the changed field when the metadata names fields;
 * `two_factor_auth.disable` for a user's 2FA; `user.create`, `user.promote` or `user.update` for
 * a new superuser.
 */
import type { AuditEvent } from '../fastly/access-schemas.js';
import type { User } from '../fastly/schemas.js';
import { changedFields, eventSubjects, grantedRole } from './metadata.js';
import type { AttributionContext, AttributionSpec } from './spec.js';

function changes(event: AuditEvent, field: string): boolean {
  if (event.event_type !== 'customer.update') return false;
  const fields = changedFields(event);
  return fields === undefined || fields.has(field);
}

function disables2faOf(event: AuditEvent, userId: string | null | undefined, users: readonly User[]): boolean {
  if (event.event_type !== 'two_factor_auth.disable' || !userId) return false;
  return eventSubjects(event, users).some((user) => user.id === userId);
}

/** An account setting: the `customer.update` that changed `field`. */
export function settingChanged(field: string): AttributionSpec {
  return { eventTypes: ['customer.update'], matches: (event) => changes(event, field) };
}

/** A user's 2FA: the `two_factor_auth.disable` of the finding's user. */
export const twoFactorDisabled: AttributionSpec = {
  eventTypes: ['two_factor_auth.disable'],
  matches: (event, { finding, users }) => finding.subject.type === 'user' && disables2faOf(event, finding.subject.id, users),
};

/** The owner's 2FA: a new owner (`customer.update` of owner_id), or the owner turning 2FA off. */
export const ownerLost2fa: AttributionSpec = {
  eventTypes: ['customer.update', 'two_factor_auth.disable'],
  matches: (event, { customer, users }) => changes(event, 'owner_id') || disables2faOf(event, customer.owner_id, users),
};

const SUPERUSER_EVENTS = new Set(['user.create', 'user.promote', 'user.update']);

function countedSuperusers({ finding, users }: AttributionContext): Set<string> {
  const logins = Array.isArray(finding.evidence.superusers) ? finding.evidence.superusers : [];
  const wanted = new Set(logins.filter((login): login is string => typeof login === 'string').map((login) => login.toLowerCase()));
  return new Set(users.filter((user) => wanted.has((user.login ?? user.id ?? '').toLowerCase())).flatMap((user) => (user.id ? [user.id] : [])));
}

/**
 * A superuser too many: the event that made one of the counted superusers. A user.update counts
 * only when its metadata shows the superuser role (profile edits are frequent); a user.create or
 * user.promote unless its metadata shows another role.
 */
export const superuserGranted: AttributionSpec = {
  eventTypes: [...SUPERUSER_EVENTS],
  matches: (event, context) => {
    if (!event.event_type || !SUPERUSER_EVENTS.has(event.event_type)) return false;
    const role = grantedRole(event);
    if (event.event_type === 'user.update' ? role !== 'superuser' : role !== undefined && role !== 'superuser') return false;
    const superusers = countedSuperusers(context);
    return eventSubjects(event, context.users).some((user) => user.id !== null && user.id !== undefined && superusers.has(user.id));
  },
};
