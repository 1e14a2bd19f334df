/**
 * A scripted change to the simulated account, as a person makes it in the control panel: the
 * customer's fields change and the audit log gains the `customer.update` event that says who, when
 * and from where (metadata `{old, new}`, as recorded events have it). The watch's demo and tests
 * use it; `npm run simulator -- --control` serves it on loopback as POST /_simulator/change.
 */
import { randomBytes } from 'node:crypto';
import { isoSeconds } from './random.js';

export interface AccountChange {
  /** The customer fields the change sets, e.g. {"force_2fa": false}. */
  customer: Record<string, string | boolean | null>;
  /** The user who makes it (default: the customer's owner). */
  userId?: string;
  /** Where it comes from (default 192.0.2.1, a documentation address). */
  ip?: string;
}

/** The path of the loopback control endpoint (never a Fastly API path). */
export const CONTROL_CHANGE_PATH = '/_simulator/change';

const DEFAULT_CHANGE_IP = '192.0.2.1';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a change sent to the control endpoint; the error says what is wrong. */
export function parseAccountChange(value: unknown): AccountChange {
  if (!isRecord(value) || !isRecord(value.customer)) throw new Error('the change must be {"customer": {<field>: <value>}, "userId"?: <id>, "ip"?: <address>}');
  const fields = Object.entries(value.customer);
  if (fields.length === 0) throw new Error('"customer" names no field to change');
  for (const [field, fieldValue] of fields) {
    if (fieldValue !== null && typeof fieldValue !== 'string' && typeof fieldValue !== 'boolean') throw new Error(`"customer.${field}" must be a string, a boolean or null`);
  }
  if (value.userId !== undefined && typeof value.userId !== 'string') throw new Error('"userId" must be a string');
  if (value.ip !== undefined && typeof value.ip !== 'string') throw new Error('"ip" must be a string');
  return {
    customer: value.customer as AccountChange['customer'],
    ...(value.userId !== undefined ? { userId: value.userId } : {}),
    ...(value.ip !== undefined ? { ip: value.ip } : {}),
  };
}

/** The audit-log event the change leaves, as a JSON:API resource. */
export function changeEvent(customer: Record<string, unknown>, change: AccountChange, now: Date): Record<string, unknown> {
  const old = Object.fromEntries(Object.keys(change.customer).map((field) => [field, customer[field] ?? null]));
  return {
    id: `Ev${randomBytes(10).toString('hex')}`,
    type: 'event',
    attributes: {
      customer_id: customer.id,
      description: `Customer '${String(customer.name ?? customer.id)}' was updated`,
      event_type: 'customer.update',
      ip: change.ip ?? DEFAULT_CHANGE_IP,
      metadata: { old, new: { ...change.customer } },
      service_id: null,
      user_id: change.userId ?? customer.owner_id ?? null,
      token_id: null,
      created_at: isoSeconds(now.getTime()),
      admin: false,
    },
  };
}
