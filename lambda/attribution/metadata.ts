/**
 * Reading an audit-log event's `metadata`, whose shape for account and user events is recorded
 * nowhere (fastly-api.md): often `{old: {...}, new: {...}}`, possibly flat, possibly absent. Each
 * reader says "unknown" (undefined) rather than guess when the shape gives nothing.
 */
import type { AuditEvent } from '../fastly/access-schemas.js';
import type { User } from '../fastly/schemas.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The fields the event says it changed: the keys of `old` and `new`, or of a flat metadata
 * object; undefined when the metadata names none (then any change may be the one).
 */
export function changedFields(event: AuditEvent): ReadonlySet<string> | undefined {
  const { metadata } = event;
  if (!isRecord(metadata)) return undefined;
  const parts = [metadata.old, metadata.new].filter(isRecord);
  const keys = parts.length > 0 ? parts.flatMap((part) => Object.keys(part)) : Object.keys(metadata);
  return keys.length > 0 ? new Set(keys) : undefined;
}

/** Strings anywhere in the metadata (a few levels deep: it is small when present). */
function metadataStrings(value: unknown, depth = 0, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (depth < 4 && Array.isArray(value)) for (const item of value) metadataStrings(item, depth + 1, found);
  else if (depth < 4 && isRecord(value)) for (const item of Object.values(value)) metadataStrings(item, depth + 1, found);
  return found;
}

/** Users by lower-cased id and login, built once per user list. */
const userIndexes = new WeakMap<readonly User[], Map<string, User>>();

function userIndex(users: readonly User[]): Map<string, User> {
  let index = userIndexes.get(users);
  if (index === undefined) {
    index = new Map();
    for (const user of users) {
      if (user.id) index.set(user.id.toLowerCase(), user);
      if (user.login) index.set(user.login.toLowerCase(), user);
    }
    userIndexes.set(users, index);
  }
  return index;
}

/** Email addresses written in a description ("User jane@example.com was promoted"). */
const EMAIL = /[^\s'"<>(),;:]+@[^\s'"<>(),;:]+[^\s'"<>(),;:.]/g;

const subjectCache = new WeakMap<AuditEvent, { users: readonly User[]; subjects: User[] }>();

/**
 * The users an event is about: those its metadata names by id or login, or its description by
 * login; when it names none, the user who acted (a user disabling their own 2FA). An
 * administrator acting on someone else is then not taken for the subject. Read once per event.
 */
export function eventSubjects(event: AuditEvent, users: readonly User[]): User[] {
  const cached = subjectCache.get(event);
  if (cached?.users === users) return cached.subjects;
  const index = userIndex(users);
  const named = new Set<User>();
  const mentions = [...metadataStrings(event.metadata), ...(event.description?.match(EMAIL) ?? [])];
  for (const text of mentions) {
    const user = index.get(text.toLowerCase());
    if (user !== undefined) named.add(user);
  }
  const actor = event.user_id ? index.get(event.user_id.toLowerCase()) : undefined;
  const subjects = named.size > 0 ? [...named] : actor !== undefined && actor.id === event.user_id ? [actor] : [];
  subjectCache.set(event, { users, subjects });
  return subjects;
}

/** The role the event gives its user (`new.role`, `role`, or superuser among `roles`), when it says. */
export function grantedRole(event: AuditEvent): string | undefined {
  const { metadata } = event;
  if (!isRecord(metadata)) return undefined;
  const source = isRecord(metadata.new) ? metadata.new : metadata;
  if (typeof source.role === 'string') return source.role;
  if (Array.isArray(source.roles)) return source.roles.includes('superuser') ? 'superuser' : source.roles.find((role) => typeof role === 'string');
  return undefined;
}
