/** Facts about a user that several rules read, tolerant of the nulls real responses carry. */
import type { User } from '../fastly/schemas.js';

/** `role` on classic accounts, `roles` on newer multi-role accounts; other roles are kept as they are. */
export function isSuperuser(user: User): boolean {
  return user.role === 'superuser' || (user.roles ?? []).includes('superuser');
}

/** Only `true` counts as enabled: null (common in real responses) or absent is "unknown". */
export function twoFactorState(user: User): 'enabled' | 'disabled' | 'unknown' {
  if (user.two_factor_auth_enabled === true) return 'enabled';
  return user.two_factor_auth_enabled === false ? 'disabled' : 'unknown';
}

/** The lower-cased domain of the login's email address, or undefined when there is none. */
export function loginDomain(login: string | null | undefined): string | undefined {
  const at = login?.lastIndexOf('@') ?? -1;
  const domain = at >= 0 ? login?.slice(at + 1).trim().toLowerCase() : undefined;
  return domain ? domain : undefined;
}

/** The account user with this id (the owner, the security contact), if listed. */
export function findUser(users: readonly User[], id: string): User | undefined {
  return users.find((user) => user.id === id);
}
