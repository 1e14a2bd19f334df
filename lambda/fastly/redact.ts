/**
 * Removes a secret (the Fastly API token) from text before it can reach a message, a log or a
 * report. Used defensively on every string an error carries: got's own messages, and whatever a
 * server put in an error body (a misbehaving proxy may echo request headers back).
 */
export const REDACTED = '[REDACTED]';

export type Redactor = (text: string) => string;

export function redactSecret(text: string, secret: string): string {
  if (secret === '') return text;
  let result = text;
  // The raw token and its percent-encoded form (as it would appear inside a URL or form body).
  for (const form of new Set([secret, encodeURIComponent(secret)])) {
    result = result.split(form).join(REDACTED);
  }
  return result;
}

export function createRedactor(secret: string): Redactor {
  return (text) => redactSecret(text, secret);
}
