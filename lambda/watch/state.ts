/**
 * The watch's memory of an account: what each watched rule was at the last change the watch saw,
 * kept in the report bucket at `state/<customer_id>.json` (or a file for the command line). It
 * is written only when something changed, so `observedAt` is when the watch last saw a change;
 * the audit log is read from there for attribution. And, per watched account, whether the
 * watch is failing (`state/failures/<scope>.json`), so that a failure is notified once, not on
 * every pass: a failing watch may not know the customer at all.
 * A state that cannot be used (unreadable, not JSON, another shape, another customer's) is never
 * an alert: the caller rebuilds it as the baseline and says why.
 */
import { FINDING_STATUSES } from '../report/model.js';
import * as z from '../zod.js';
import type { WatchedRule, WatchEvaluation } from './rules.js';

export const STATE_PREFIX = 'state/';
/** Where each scope's failure record is, under STATE_PREFIX (a customer id holds no slash). */
export const FAILURES_PREFIX = `${STATE_PREFIX}failures/`;
/** A state is a few hundred bytes; anything much larger was not written by the watch. */
export const MAX_STATE_BYTES = 64 * 1024;

const WatchedRuleSchema = z.object({
  status: z.enum(FINDING_STATUSES),
  value: z.nullable(z.union([z.string(), z.boolean()])),
});

const timestamp = () => z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 time'));

const WatchStateSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('watch-state'),
  customer: z.object({ id: z.string().check(z.minLength(1)), name: z.string() }),
  /** When the account was read by the pass that wrote this state. */
  observedAt: timestamp(),
  rules: z.record(z.string(), WatchedRuleSchema),
});

export type WatchState = z.output<typeof WatchStateSchema>;

const FailureRecordSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('watch-failure'),
  failing: z.boolean(),
  /** When the current failure started (failing), or when the last one ended. */
  since: timestamp(),
  /** The failure's message as notified (token-free: it is a report error's message). */
  message: z.optional(z.string()),
});

export type FailureRecord = z.output<typeof FailureRecordSchema>;

export function stateKey(customerId: string): string {
  return `${STATE_PREFIX}${encodeURIComponent(customerId)}.json`;
}

export function failureKey(scope: string): string {
  return `${FAILURES_PREFIX}${encodeURIComponent(scope)}.json`;
}

export function buildState(customer: { id: string; name: string }, evaluation: WatchEvaluation, observedAt: Date): WatchState {
  const rules: Record<string, WatchedRule> = { ...evaluation.rules };
  return { schemaVersion: 1, kind: 'watch-state', customer: { id: customer.id, name: customer.name }, observedAt: observedAt.toISOString(), rules };
}

export function renderState(state: WatchState | FailureRecord): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** A stored state read back: usable, or why not (the watch then starts a new baseline). */
export type StateCheck = { ok: true; state: WatchState } | { ok: false; reason: string };

/** Checks a stored state's text against the customer the watch just read. Pure. */
export function checkState(text: string, customerId: string, where: string): StateCheck {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `${where} is not valid JSON (${(error as Error).message})` };
  }
  const parsed = WatchStateSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, reason: `${where} is not a watch state (${first ? `${first.path.join('.') || 'top level'}: ${first.message}` : 'unexpected shape'})` };
  }
  if (parsed.data.customer.id !== customerId) {
    return { ok: false, reason: `${where} is the state of customer ${parsed.data.customer.id}, not ${customerId}` };
  }
  return { ok: true, state: parsed.data };
}

/** A stored failure record; one that cannot be read counts as none (the failure is then notified again, never lost). */
export function parseFailureRecord(text: string): FailureRecord | undefined {
  try {
    const parsed = FailureRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function failingRecord(since: Date, message: string): FailureRecord {
  return { schemaVersion: 1, kind: 'watch-failure', failing: true, since: since.toISOString(), message };
}

export function restoredRecord(at: Date): FailureRecord {
  return { schemaVersion: 1, kind: 'watch-failure', failing: false, since: at.toISOString() };
}
