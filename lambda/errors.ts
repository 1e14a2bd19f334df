/**
 * The auditor's one error family (modelled on Powertools' idempotency errors). A failure the
 * auditor can explain is an AuditorError: it names the step that failed (`operation`) and says
 * what the person running the auditor should do (`action`). Each cause is a subclass that states
 * its own action; lambda/failure.ts turns any member into a report error from these fields, and
 * anything else into an "unexpected failure".
 *
 * A member never holds the Fastly token, nor an object that does (a got error carries the request
 * headers): its strings are redacted before it is built, and a `cause` is kept only when it holds
 * no token (an AWS SDK error, say).
 */

export interface AuditorErrorDetails {
  /** The step that failed: read_configuration, read_token_secret, load_policy, list_users, ... */
  operation: string;
  /** What the person running the auditor should do about it, in one or two sentences. */
  action: string;
  /** The HTTP status, when an API answered. */
  status?: number;
  /** The underlying error, when it is safe to keep (never a got error). */
  cause?: unknown;
}

export class AuditorError extends Error {
  override readonly name: string = 'AuditorError';
  readonly operation: string;
  readonly action: string;
  readonly status?: number;

  constructor(message: string, details: AuditorErrorDetails) {
    // No `cause` property at all unless one is given: the Fastly error relies on it.
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.operation = details.operation;
    this.action = details.action;
    this.status = details.status;
  }

  /**
   * Why the step failed, without naming the step: the message, unless a subclass's message
   * starts with the step's own name (the report names the step in words instead).
   */
  get reason(): string {
    return this.message;
  }
}
