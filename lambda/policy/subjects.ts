/** How accounts, users, tokens and invitations appear as finding subjects. */
import type { Invitation } from '../fastly/access-schemas.js';
import type { Customer, User } from '../fastly/schemas.js';
import type { Subject } from '../report/model.js';
import type { AccountToken } from './token-facts.js';

const UNKNOWN = 'unknown';

export function accountSubject(customer: Customer): Subject {
  const id = customer.id ?? UNKNOWN;
  return { type: 'account', id, name: customer.name ?? id };
}

/** The name is the login: exceptions match it case-insensitively. */
export function userSubject(user: User): Subject {
  const id = user.id ?? user.login ?? UNKNOWN;
  return { type: 'user', id, name: user.login ?? id };
}

/** The name is the token's name: exceptions match it (case-insensitively) or the id. */
export function tokenSubject(token: AccountToken): Subject {
  return { type: 'token', id: token.id, name: token.name };
}

/** The name is the invited email address: exceptions match it case-insensitively. */
export function invitationSubject(invitation: Invitation): Subject {
  const email = invitation.email?.trim() || undefined;
  const id = invitation.id ?? email ?? UNKNOWN;
  return { type: 'invitation', id, name: email ?? id };
}
