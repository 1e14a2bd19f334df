/**
 * The HTTP edge of the Fastly client: one shared got instance, the auth and identity headers, a
 * retry loop driven by retry.ts, rate-limit bookkeeping, and the translation of every failure
 * into a FastlyApiError. got errors stop here: they carry the request options (and so the
 * Fastly-Key header), so only their code and a redacted message are kept.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingHttpHeaders } from 'node:http';
import got, { RequestError, TimeoutError } from 'got';
import type { FastlyOperation, RateLimitState } from './api.js';
import { createFastlyApiError, parseErrorBody, statusLine, type FastlyApiError } from './errors.js';
import { createRedactor, type Redactor } from './redact.js';
import { decideRetry, type AttemptOutcome, type RetrySettings } from './retry.js';

export interface TransportSettings {
  token: string;
  /** Without a trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  retry: RetrySettings;
  userAgent: string;
  /** Epoch ms by which every call must have ended; attempts shrink to fit (see FastlyClientOptions). */
  deadlineMs?: number;
}

export interface FastlyRequest {
  operation: FastlyOperation;
  method: 'GET' | 'PUT';
  /** Below the base URL, with the query string. */
  path: string;
  /** application/x-www-form-urlencoded body. */
  form?: string;
  /** The Accept header, when not application/json (JSON:API endpoints: application/vnd.api+json). */
  accept?: string;
}

export interface FastlyResponse {
  body: string;
  /** Requests made, retries included. */
  attempts: number;
}

export interface FastlyTransport {
  /** Resolves with a 2xx response body; anything else rejects with a FastlyApiError. */
  send(request: FastlyRequest): Promise<FastlyResponse>;
  /** Rate-limit headers of the latest write response; updated in place. */
  readonly rateLimit: RateLimitState;
  readonly redact: Redactor;
  /** Without a trailing slash: page links must stay below it. */
  readonly baseUrl: string;
}

/**
 * Settings every client shares. got.extend() costs about half a millisecond, a fair part of an
 * audit's own time next to two round trips, so it runs once per process; the per-client token,
 * identity and timeout go with each request. Requests use got's stream interface: the promise
 * interface adds about half a millisecond per request (cancelation and retry wrappers, buffering)
 * for nothing these small JSON bodies need.
 */
const http = got.extend({
  // Retries are ours (retry.ts): got's would hide the attempt count and retry 429s blindly.
  retry: { limit: 0 },
  throwHttpErrors: false,
  // A redirect would carry the Fastly-Key header to wherever it points. Fastly does not redirect.
  followRedirect: false,
});

/** A complete answer, whatever its status. */
interface HttpResponse {
  statusCode: number;
  statusMessage?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A retry is started only with at least this long left before the deadline for its answer. */
const MIN_RETRY_ATTEMPT_MS = 1_000;

type Attempt =
  | { type: 'response'; response: HttpResponse }
  | { type: 'network'; code: string; message: string }
  | { type: 'timeout'; afterMs: number };

export function createTransport(settings: TransportSettings): FastlyTransport {
  const redact = createRedactor(settings.token);
  const rateLimit: RateLimitState = {};
  const headers = { 'Fastly-Key': settings.token, Accept: 'application/json', 'User-Agent': settings.userAgent };
  const formHeaders = { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' };

  /** Resolves with the answer or with what went wrong; never rejects. */
  function attemptOnce(request: FastlyRequest, timeoutMs: number): Promise<Attempt> {
    return new Promise((resolve) => {
      const stream = http.stream(`${settings.baseUrl}${request.path}`, {
        method: request.method,
        timeout: { request: timeoutMs },
        ...(request.form === undefined
          ? { headers: request.accept === undefined ? headers : { ...headers, Accept: request.accept } }
          : { body: request.form, headers: formHeaders }),
      });
      let body = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (body += chunk));
      stream.on('end', () => {
        const { response } = stream;
        // got ends a stream only after its response; the guard is for the type.
        if (response === undefined) {
          resolve({ type: 'network', code: 'ERR_NO_RESPONSE', message: 'the stream ended without a response' });
          return;
        }
        const { statusCode, statusMessage, headers: responseHeaders } = response;
        resolve({ type: 'response', response: { statusCode, statusMessage, headers: responseHeaders, body } });
      });
      // `on`, not `once`: a second error after the first must not become an unhandled 'error' event.
      stream.on('error', (error: unknown) => {
        if (error instanceof TimeoutError) resolve({ type: 'timeout', afterMs: timeoutMs });
        else if (error instanceof RequestError) resolve({ type: 'network', code: error.code, message: error.message });
        else resolve({ type: 'network', code: 'UNKNOWN', message: error instanceof Error ? error.message : String(error) });
      });
    });
  }

  function recordRateLimit(response: HttpResponse): void {
    const remaining = headerNumber(response, 'fastly-ratelimit-remaining');
    const reset = headerNumber(response, 'fastly-ratelimit-reset');
    if (remaining !== undefined) rateLimit.remaining = remaining;
    if (reset !== undefined) rateLimit.resetEpochSeconds = reset;
  }

  function failure(request: FastlyRequest, attempt: Attempt, attempts: number): FastlyApiError {
    const { operation } = request;
    const after = attempts > 1 ? ` after ${attempts} attempts` : '';
    // A write that got no answer may still have reached Fastly: callers must re-read to know.
    const unknownOutcome = request.method === 'GET' ? '' : '; the update may or may not have been applied';
    if (attempt.type === 'timeout') {
      return createFastlyApiError(
        {
          operation,
          kind: 'timeout',
          attempts,
          message: `Fastly API ${operation} failed: no response within ${attempt.afterMs} ms${attempt.afterMs < settings.timeoutMs ? " (cut short by the run's deadline)" : ''}${after}${unknownOutcome}`,
        },
        redact,
      );
    }
    if (attempt.type === 'network') {
      return createFastlyApiError(
        {
          operation,
          kind: 'network',
          attempts,
          message: `Fastly API ${operation} failed: network error ${attempt.code} (${attempt.message})${after}${unknownOutcome}`,
        },
        redact,
      );
    }
    const { statusCode, statusMessage, body } = attempt.response;
    const { fastlyMessage, detail } = parseErrorBody(body);
    const reset = headerNumber(attempt.response, 'fastly-ratelimit-reset');
    const resetNote =
      statusCode === 429 && reset !== undefined ? `; rate limit resets at ${new Date(reset * 1000).toISOString()}` : '';
    const location = statusCode >= 300 && statusCode <= 399 ? headerText(attempt.response, 'location') : undefined;
    const redirect = location === undefined ? undefined : `redirected to ${location} (not followed: the token goes only to the API URL given)`;
    const what = [redirect, fastlyMessage, detail === undefined ? undefined : `(${detail})`].filter(Boolean).join(' ');
    return createFastlyApiError(
      {
        operation,
        kind: 'http',
        status: statusCode,
        fastlyMessage,
        detail,
        attempts,
        message: `Fastly API ${operation} failed: HTTP ${statusLine(statusCode, statusMessage)}${what ? `: ${what}` : ''}${resetNote}${after}`,
      },
      redact,
    );
  }

  /** Time left before the run's deadline; unbounded without one. */
  const timeLeft = (): number => (settings.deadlineMs === undefined ? Number.POSITIVE_INFINITY : settings.deadlineMs - Date.now());

  /** A call not (or no more) attempted because the run's deadline is too close. */
  function outOfTime(request: FastlyRequest, attempts: number, left: number): FastlyApiError {
    const unchanged = request.method === 'GET' ? '' : '; the account was not changed';
    return createFastlyApiError(
      {
        operation: request.operation,
        kind: 'timeout',
        attempts,
        message: `Fastly API ${request.operation} failed: not sent, the run had ${Math.max(0, Math.round(left))} ms left before its deadline${unchanged}`,
      },
      redact,
    );
  }

  async function send(request: FastlyRequest): Promise<FastlyResponse> {
    let waitedMs = 0;
    for (let attempts = 1; ; attempts += 1) {
      const left = timeLeft();
      // A write gets its whole timeout or is not sent: one cut short may have changed the account
      // without the run learning of it. A read may be cut short: it is only a read.
      if (left <= 0 || (request.method !== 'GET' && left < settings.timeoutMs)) throw outOfTime(request, attempts - 1, left);
      const attempt = await attemptOnce(request, Math.min(settings.timeoutMs, left));
      if (attempt.type === 'response') {
        if (request.method !== 'GET') recordRateLimit(attempt.response);
        const { statusCode } = attempt.response;
        if (statusCode >= 200 && statusCode <= 299) return { body: attempt.response.body, attempts };
      }
      const decision = decideRetry(
        toOutcome(attempt),
        { method: request.method, attempt: attempts, waitedMs, nowMs: Date.now(), random: Math.random },
        settings.retry,
      );
      // No retry that would start too close to the deadline to be answered: the last failure is the answer.
      if (!decision.retry || timeLeft() - decision.delayMs < MIN_RETRY_ATTEMPT_MS) throw failure(request, attempt, attempts);
      await sleep(decision.delayMs);
      waitedMs += decision.delayMs;
    }
  }

  return { send, rateLimit, redact, baseUrl: settings.baseUrl };
}

function toOutcome(attempt: Attempt): AttemptOutcome {
  if (attempt.type !== 'response') return { type: attempt.type };
  const reset = headerNumber(attempt.response, 'fastly-ratelimit-reset');
  return {
    type: 'response',
    status: attempt.response.statusCode,
    ...(reset === undefined ? {} : { rateLimitResetEpochSeconds: reset }),
  };
}

function headerText(response: HttpResponse, name: string): string | undefined {
  const raw = response.headers[name];
  return Array.isArray(raw) ? raw[0] : raw;
}

function headerNumber(response: HttpResponse, name: string): number | undefined {
  const value = headerText(response, name);
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}
