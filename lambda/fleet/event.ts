/**
 * What an invocation asks for, read from its event:
 * - anything else (EventBridge Scheduler's event, `{}`): the single account's nightly run; its
 *   content is ignored, as it always was;
 * - `{"account": "<name>", "fleetRunId": "<execution name>"}`: one account of a fleet (the state
 *   machine's Map sends it; `fleetRunId` is optional, and without it nothing is kept for a digest);
 * - `{"mode": "digest", "fleetRunId": ..., "startedAt": ..., "caught": [...]}`: the fleet run's
 *   digest, after the Map; `caught` is the Map's result, one entry per account, `{}` for an
 *   account that ran or `{"account": name, "error": "<Step Functions error name>"}` for one whose
 *   invocation failed.
 * - `{"mode": "watch"}`: a watch pass (lambda/run/watch.ts) over the single account, or over every
 *   account of the fleet in this one invocation.
 * A malformed fleet event is an error naming the field, never a single-account run.
 */
import { AuditorError } from '../errors.js';

/** An account whose invocation failed, as the state machine caught it (the error's name only: see lib/parts/fleet.ts). */
export interface CaughtFailure {
  account: string;
  error: string;
}

export type AuditorEvent =
  | { kind: 'scheduled' }
  | { kind: 'account'; account: string; fleetRunId?: string }
  | { kind: 'digest'; fleetRunId: string; startedAt?: string; caught: CaughtFailure[] }
  | { kind: 'watch' };

/** A Step Functions execution name: 1 to 80 characters; kept to those safe in an S3 key. */
const FLEET_RUN_ID = /^[A-Za-z0-9._-]{1,80}$/;

export class EventError extends AuditorError {
  override readonly name = 'EventError';
  constructor(message: string) {
    super(`invalid event: ${message}`, {
      operation: 'read_event',
      action: 'Start the fleet with its state machine, or invoke the function with {"account": "<name>"} for one account.',
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fleetRunId(value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !FLEET_RUN_ID.test(value)) {
    throw new EventError(`fleetRunId must be 1 to 80 letters, digits, '.', '_' or '-', got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

function caughtFailures(value: unknown): CaughtFailure[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new EventError(`caught must be the Map's result (an array), got ${JSON.stringify(value)}`);
  return value.flatMap((entry: unknown, index): CaughtFailure[] => {
    if (!isRecord(entry)) throw new EventError(`caught[${index}] must be an object`);
    if (entry.account === undefined) return [];
    if (typeof entry.account !== 'string' || typeof entry.error !== 'string') {
      throw new EventError(`caught[${index}] must be {"account": <name>, "error": <name of the error>}`);
    }
    return [{ account: entry.account, error: entry.error }];
  });
}

export function parseEvent(event: unknown): AuditorEvent {
  if (!isRecord(event)) return { kind: 'scheduled' };
  if (event.mode === 'digest') {
    // Kept as the ISO time it parses to: Date.parse accepts text around a date, and the digest shows it.
    const startedAt = typeof event.startedAt === 'string' && !Number.isNaN(Date.parse(event.startedAt)) ? new Date(event.startedAt).toISOString() : undefined;
    return { kind: 'digest', fleetRunId: fleetRunId(event.fleetRunId, true) as string, ...(startedAt ? { startedAt } : {}), caught: caughtFailures(event.caught) };
  }
  if (event.mode === 'watch') {
    if (event.account !== undefined) throw new EventError('a watch covers every account of the deployment: leave out account');
    return { kind: 'watch' };
  }
  if (event.mode !== undefined) throw new EventError(`mode must be "digest" or "watch" when given, got ${JSON.stringify(event.mode)}`);
  if (event.account === undefined) return { kind: 'scheduled' };
  if (typeof event.account !== 'string' || event.account === '') throw new EventError(`account must be an account's name, got ${JSON.stringify(event.account)}`);
  const runId = fleetRunId(event.fleetRunId, false);
  return { kind: 'account', account: event.account, ...(runId ? { fleetRunId: runId } : {}) };
}
