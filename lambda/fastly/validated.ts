/**
 * One request through the transport, its 2xx body validated against a schema: the data, or a
 * FastlyApiError of kind 'invalid-response' naming the field. Shared by the single reads and
 * the page loops.
 */
import type { FastlyOperation } from './api.js';
import { createFastlyApiError, type FastlyApiError } from './errors.js';
import type { FastlyRequest, FastlyTransport } from './request.js';
import { parseResponseBody } from './response.js';
import type * as z from '../zod.js';

export async function validated<S extends z.ZodMiniType>(
  transport: FastlyTransport,
  request: FastlyRequest,
  schema: S,
): Promise<z.output<S>> {
  const { body, attempts } = await transport.send(request);
  const parsed = parseResponseBody(body, schema);
  if (parsed.ok) return parsed.data;
  throw invalidResponse(transport, request.operation, parsed.reason, { attempts, field: parsed.field });
}

/** A response that arrived but cannot be trusted (bad body, or a page loop that would not end). */
export function invalidResponse(
  transport: FastlyTransport,
  operation: FastlyOperation,
  reason: string,
  details: { attempts: number; field?: string },
): FastlyApiError {
  return createFastlyApiError(
    {
      operation,
      kind: 'invalid-response',
      attempts: details.attempts,
      field: details.field,
      message: `Fastly API ${operation} returned an invalid response: ${reason}`,
    },
    transport.redact,
  );
}
