/**
 * The one error type the Fastly client throws, and the parsing of Fastly's three error body
 * shapes. A FastlyApiError is a member of the auditor's error family (its action is the advice
 * for its kind and status) that holds only plain, already-redacted strings and numbers: never a
 * got error (whose options carry the Fastly-Key header) and never a `cause`.
 */
import { STATUS_CODES } from 'node:http';
import { AuditorError } from '../errors.js';
import { adviceFor } from './advice.js';
import type { FastlyOperation } from './api.js';
import type { Redactor } from './redact.js';

export type FastlyErrorKind = 'http' | 'network' | 'timeout' | 'invalid-response' | 'invalid-request';

export interface FastlyApiErrorInit {
  message: string;
  operation: FastlyOperation;
  kind: FastlyErrorKind;
  status?: number;
  fastlyMessage?: string;
  detail?: string;
  field?: string;
  attempts: number;
}

export class FastlyApiError extends AuditorError {
  override readonly name = 'FastlyApiError';
  declare readonly operation: FastlyOperation;
  readonly kind: FastlyErrorKind;
  /** Fastly's own error text: legacy `msg`, JSON:API `title`, problem+json `title`. */
  readonly fastlyMessage?: string;
  readonly detail?: string;
  /** invalid-response / invalid-request: the offending field path, e.g. "force_2fa" or "[3].two_factor_auth_enabled". */
  readonly field?: string;
  /** How many requests were made (0 when the request was refused before sending). */
  readonly attempts: number;

  constructor(init: FastlyApiErrorInit) {
    // No cause, ever: see the module comment.
    super(init.message, { operation: init.operation, action: adviceFor(init), status: init.status });
    this.kind = init.kind;
    this.fastlyMessage = init.fastlyMessage;
    this.detail = init.detail;
    this.field = init.field;
    this.attempts = init.attempts;
  }

  /** The message without its "Fastly API <operation> failed: " lead. */
  override get reason(): string {
    const lead = `Fastly API ${this.operation} failed: `;
    return this.message.startsWith(lead) ? this.message.slice(lead.length) : this.message;
  }

  /** Safe serialization: the fields above, nothing from the request (no headers, no token). */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      name: this.name,
      message: this.message,
      operation: this.operation,
      kind: this.kind,
      status: this.status,
      fastlyMessage: this.fastlyMessage,
      detail: this.detail,
      field: this.field,
      attempts: this.attempts,
      action: this.action,
    };
    return Object.fromEntries(Object.entries(json).filter(([, value]) => value !== undefined));
  }
}

/** Builds a FastlyApiError with every string passed through the token redactor. */
export function createFastlyApiError(init: FastlyApiErrorInit, redact: Redactor): FastlyApiError {
  const optional = (value: string | undefined) => (value === undefined ? undefined : redact(value));
  return new FastlyApiError({
    ...init,
    message: redact(init.message),
    fastlyMessage: optional(init.fastlyMessage),
    detail: optional(init.detail),
    field: optional(init.field),
  });
}

export interface ParsedErrorBody {
  fastlyMessage?: string;
  detail?: string;
}

/** Error bodies can be arbitrarily large (an HTML page from a proxy): keep messages readable. */
const MAX_TEXT_LENGTH = 500;

function clip(text: string): string {
  return text.length > MAX_TEXT_LENGTH ? `${text.slice(0, MAX_TEXT_LENGTH)}...` : text;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? clip(value.trim()) : undefined;
}

function joined(values: (string | undefined)[]): string | undefined {
  const present = values.filter((value): value is string => value !== undefined);
  return present.length > 0 ? clip(present.join('; ')) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads Fastly's error text from a response body: legacy `{msg, detail}`, JSON:API
 * `{errors: [{title, detail, code}]}` or problem+json `{title, detail}`. Anything else (plain
 * text, HTML, empty) yields nothing, and the caller falls back to the status line.
 */
export function parseErrorBody(body: string): ParsedErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return {};
  }
  if (!isRecord(parsed)) return {};

  if (Array.isArray(parsed.errors)) {
    const errors = parsed.errors.filter(isRecord);
    return withoutUndefined({
      fastlyMessage: joined(errors.map((error) => text(error.title) ?? text(error.code))),
      detail: joined(errors.map((error) => text(error.detail))),
    });
  }
  return withoutUndefined({ fastlyMessage: text(parsed.msg) ?? text(parsed.title), detail: text(parsed.detail) });
}

function withoutUndefined(body: ParsedErrorBody): ParsedErrorBody {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/** "404 Not Found": the server's reason phrase, or Node's standard one when it sent none. */
export function statusLine(status: number, reasonPhrase?: string): string {
  const reason = reasonPhrase?.trim() || STATUS_CODES[status] || 'Unknown Status';
  return `${status} ${reason}`;
}
