/**
 * Turns a failure of a Fastly call into a report error a person can act on: what failed, the
 * HTTP status, and what to do. The advice follows the API facts in fastly-api.md (401 bad token,
 * 403 rights or IP allowlist, 429 the hourly write budget).
 */
import type { ReportError } from '../report/model.js';
import { FastlyApiError } from './errors.js';

const OPERATION_LABELS: Record<string, string> = {
  get_logged_in_customer: 'read the account',
  get_customer: 'read the account',
  list_users: 'read the users',
  update_customer: 'update the account',
};

/** The client's message without its "Fastly API <operation> failed: " lead, which the label replaces. */
function reason(error: FastlyApiError): string {
  const lead = `Fastly API ${error.operation} failed: `;
  return error.message.startsWith(lead) ? error.message.slice(lead.length) : error.message;
}

export function adviceForStatus(status: number | undefined): string {
  if (status === 401) {
    return 'The Fastly API token is missing, invalid or expired: create a new token (Account > Personal profile > API tokens) and store it where the auditor reads it.';
  }
  if (status === 403) {
    return "The token lacks the rights for this call (reads need the global:read scope, fixes need global and a superuser), or the auditor's address is outside the account's IP allowlist.";
  }
  if (status === 404) return 'Fastly does not know this account or path: check the API URL and that the token belongs to the account.';
  if (status === 429) return 'Fastly rate limit reached: wait for the limit to reset (about an hour) and run again.';
  if (status !== undefined && status >= 500) return 'Fastly API error: usually temporary; the next run retries. Check https://www.fastlystatus.com if it persists.';
  return 'Check the Fastly API and run again.';
}

function adviceForError(error: FastlyApiError): string {
  switch (error.kind) {
    case 'http':
      return adviceForStatus(error.status);
    case 'timeout':
      return 'The Fastly API did not answer in time: the next run retries; check network egress from the auditor if it persists.';
    case 'network':
      return 'The Fastly API could not be reached: check the API URL and network egress (DNS, proxy, VPC NAT) from the auditor.';
    case 'invalid-response':
      return `Fastly answered with data the auditor cannot trust${error.field ? ` (field ${error.field})` : ''}: nothing was judged on it. Run again; report it if it persists.`;
    case 'invalid-request':
      return 'The auditor refused to send an invalid request: this is a bug in the auditor, please report it.';
  }
}

/** A report error for a failed step; `error` is anything thrown, typically a FastlyApiError. */
export function describeFailure(error: unknown): ReportError {
  if (error instanceof FastlyApiError) {
    const label = OPERATION_LABELS[error.operation] ?? error.operation;
    return withoutUndefined({
      message: `Could not ${label}: ${reason(error)}`,
      status: error.status,
      operation: error.operation,
      action: adviceForError(error),
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message, action: 'Unexpected failure: see the logs, run again, and report it if it persists.' };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
