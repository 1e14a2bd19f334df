/**
 * The update_customer request body, encoded exactly as the official `fastly` JS client sends it
 * (ApiClient.normalizeParams + querystring.stringify): fields in the client's fixed order, which
 * is alphabetical; booleans as `true`/`false`; null and undefined left out; an empty string as
 * `key=`; everything else percent-encoded with spaces as `%20`.
 */
import { READ_ONLY_CUSTOMER_FIELDS, WRITABLE_CUSTOMER_FIELDS, type CustomerUpdate } from './schemas.js';

export function encodeCustomerForm(update: CustomerUpdate): string {
  return Object.keys(update)
    .sort()
    .flatMap((key) => {
      const value = update[key as keyof CustomerUpdate];
      if (value === null || value === undefined) return [];
      return [`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`];
    })
    .join('&');
}

export interface UpdateProblem {
  /** The offending field, or undefined when the update as a whole is wrong (empty). */
  field?: string;
  reason: string;
}

const writable: ReadonlySet<string> = new Set(WRITABLE_CUSTOMER_FIELDS);
const readOnly: ReadonlySet<string> = new Set(READ_ONLY_CUSTOMER_FIELDS);
// A lone surrogate cannot be percent-encoded (encodeURIComponent throws URIError).
const loneSurrogate = /[\uD800-\uDFFF]/u;

/**
 * Why an update must not be sent, or undefined when it may be. Checked before any request so a
 * typo or a read-only field never costs a write from the hourly rate-limit budget.
 */
export function findUpdateProblem(update: CustomerUpdate): UpdateProblem | undefined {
  const entries = Object.entries(update as Record<string, unknown>);
  for (const [field, value] of entries) {
    if (readOnly.has(field)) return { field, reason: 'is read-only' };
    if (!writable.has(field)) return { field, reason: 'is not a writable customer field' };
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'boolean') {
      return { field, reason: `must be a string or a boolean, not ${typeof value}` };
    }
    if (typeof value === 'string' && loneSurrogate.test(value)) {
      return { field, reason: 'is not well-formed Unicode' };
    }
  }
  if (!entries.some(([, value]) => value !== null && value !== undefined)) {
    return { reason: 'the update is empty: no field has a value to send' };
  }
  return undefined;
}
