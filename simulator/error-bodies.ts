/** Error bodies in the three shapes the Fastly API uses, with the messages it sends. */
import { STATUS_CODES } from 'node:http';

export type ErrorStyle = 'legacy' | 'jsonapi' | 'problem';

export interface ErrorResponse {
  status: number;
  contentType: string;
  body: string;
}

export const CREDENTIALS_INVALID = 'Provided credentials are missing or invalid';
export const RECORD_NOT_FOUND = 'Record not found';
export const RATE_LIMITED =
  'You have exceeded your hourly rate limit. Please wait for the limit to reset before making more requests.';

/** The message Fastly puts in `msg` (legacy) or `title` for a status. */
function messageFor(status: number): string {
  switch (status) {
    case 401:
      return CREDENTIALS_INVALID;
    case 404:
      return RECORD_NOT_FOUND;
    case 429:
      return RATE_LIMITED;
    default:
      return STATUS_CODES[status] ?? `HTTP ${status}`;
  }
}

export function errorResponse(status: number, style: ErrorStyle = 'legacy', detail?: string): ErrorResponse {
  const title = messageFor(status);
  switch (style) {
    case 'jsonapi':
      return {
        status,
        contentType: 'application/vnd.api+json',
        body: JSON.stringify({ errors: [{ title, detail: detail ?? title, code: String(status) }] }),
      };
    case 'problem':
      return {
        status,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'https://www.fastly.com/documentation/reference/api/',
          title,
          status,
          detail: detail ?? title,
        }),
      };
    case 'legacy':
      return {
        status,
        contentType: 'application/json',
        body: JSON.stringify(detail === undefined ? { msg: title } : { msg: title, detail }),
      };
  }
}
