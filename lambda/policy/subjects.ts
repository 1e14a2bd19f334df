/** How accounts and users appear as finding subjects. */
import type { Customer, User } from '../fastly/schemas.js';
import type { Subject } from '../report/model.js';

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
