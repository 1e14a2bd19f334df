/**
 * Turns a 2xx response body into validated data. Pure: the client wraps a failure into a
 * FastlyApiError of kind 'invalid-response'. Parsing is ours (not got's) so that a non-JSON
 * body and a wrongly typed field are told apart and the field is named.
 */
import type * as z from '../zod.js';

export type ParsedBody<T> = { ok: true; data: T } | { ok: false; reason: string; field?: string };

/** A zod issue path as the field names people read: "force_2fa", "[3].two_factor_auth_enabled". */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const name = String(segment);
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}

export function parseResponseBody<S extends z.ZodMiniType>(body: string, schema: S): ParsedBody<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'response is not JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, data: result.data };

  const [issue, ...others] = result.error.issues;
  if (issue === undefined) return { ok: false, reason: 'response does not match the expected shape' };
  const more = others.length > 0 ? ` (and ${others.length} more problem${others.length > 1 ? 's' : ''})` : '';
  const field = formatFieldPath(issue.path);
  return field === ''
    ? { ok: false, reason: `response body: ${issue.message}${more}` }
    : { ok: false, reason: `field ${field}: ${issue.message}${more}`, field };
}
