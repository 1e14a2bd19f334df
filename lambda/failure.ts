/**
 * Any failure that stops a step of a run, as a report error that says what failed and what to
 * do. A member of the auditor's error family (lambda/errors.ts) carries all of it; anything else
 * is an unexpected failure. The messages read here are already free of the token (the client and
 * the secret reader see to that).
 */
import { AuditorError } from './errors.js';
import type { FastlyOperation } from './fastly/api.js';
import type { ReportError } from './report/model.js';

/** The Fastly calls in words, so a report says "Could not read the users: HTTP 403 Forbidden". */
const STEP_LABELS: Record<FastlyOperation, string> = {
  get_logged_in_customer: 'read the account',
  get_customer: 'read the account',
  list_users: 'read the users',
  update_customer: 'update the account',
  list_customer_tokens: 'read the API tokens',
  list_automation_tokens: 'read the automation tokens',
  list_invitations: 'read the invitations',
  list_events: 'read the audit log',
};

export const UNEXPECTED_FAILURE_ACTION = 'Unexpected failure: see the logs, run again, and report it if it persists.';

function stepLabel(operation: string): string | undefined {
  return Object.hasOwn(STEP_LABELS, operation) ? STEP_LABELS[operation as FastlyOperation] : undefined;
}

export function toReportError(error: unknown): ReportError {
  if (!(error instanceof AuditorError)) {
    return { message: error instanceof Error ? error.message : String(error), action: UNEXPECTED_FAILURE_ACTION };
  }
  const label = stepLabel(error.operation);
  return {
    message: label === undefined ? error.message : `Could not ${label}: ${error.reason}`,
    ...(error.status === undefined ? {} : { status: error.status }),
    operation: error.operation,
    action: error.action,
  };
}
