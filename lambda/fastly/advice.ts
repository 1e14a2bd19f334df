/**
 * What to do about a failed Fastly call, by the kind of failure and the HTTP status: the
 * FastlyApiError's own `action`. The advice follows the API facts in fastly-api.md (401 bad
 * token, 403 rights or IP allowlist, 429 the hourly write budget).
 */
import type { FastlyOperation } from './api.js';
import type { FastlyErrorKind } from './errors.js';

/** The reads only a superuser's token may make: the account's tokens, invitations and audit log. */
const SUPERUSER_READS: Partial<Record<FastlyOperation, string>> = {
  list_customer_tokens: "the account's API tokens",
  list_automation_tokens: "the account's automation tokens",
  list_invitations: "the account's invitations",
  list_events: "the account's audit log",
};

export function adviceForStatus(status: number | undefined): string {
  if (status === 401) {
    return 'The Fastly API token is missing, invalid or expired: create a new token (Account > Personal profile > API tokens) and store it where the auditor reads it.';
  }
  if (status === 403) {
    return "The token lacks the rights for this call (reads need the global:read scope, fixes need global and a superuser), or the auditor's address is outside the account's IP allowlist.";
  }
  if (status !== undefined && status >= 300 && status <= 399) {
    return "The API URL answered with a redirect, which the auditor does not follow (the token would go with it): check --api-url or FASTLY_API_URL; Fastly's API is https://api.fastly.com.";
  }
  if (status === 404) return 'Fastly does not know this account or path: check the API URL and that the token belongs to the account.';
  if (status === 429) return 'Fastly rate limit reached: wait for the limit to reset (about an hour) and run again.';
  if (status !== undefined && status >= 500) return 'Fastly API error: usually temporary; the next run retries. Check https://www.fastlystatus.com if it persists.';
  return 'Check the Fastly API and run again.';
}

export function adviceFor(failure: { kind: FastlyErrorKind; status?: number; field?: string; operation?: FastlyOperation }): string {
  switch (failure.kind) {
    case 'http': {
      const superuserRead = failure.operation === undefined ? undefined : SUPERUSER_READS[failure.operation];
      if (failure.status === 403 && superuserRead !== undefined) {
        return `Only a superuser may read ${superuserRead}: give the auditor a token of a superuser (the global:read scope is enough to read), or check that the auditor's address is inside the account's IP allowlist.`;
      }
      return adviceForStatus(failure.status);
    }
    case 'timeout':
      return 'The Fastly API did not answer in time: the next run retries; check network egress from the auditor if it persists.';
    case 'network':
      return 'The Fastly API could not be reached: check the API URL and network egress (DNS, proxy, VPC NAT) from the auditor.';
    case 'invalid-response':
      return `Fastly answered with data the auditor cannot trust${failure.field ? ` (field ${failure.field})` : ''}: nothing was judged on it. Run again; report it if it persists.`;
    case 'invalid-request':
      return 'The auditor refused to send an invalid request: this is a bug in the auditor, please report it.';
  }
}
