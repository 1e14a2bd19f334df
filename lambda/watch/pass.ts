/**
 * A watch pass over one account or a whole fleet, in one invocation: every account with at most
 * `concurrency` in flight (no state machine every five minutes), each account's alert published
 * as soon as it is found. The watch's own failures are remembered per account (a failure record
 * beside the states) and notified once: the pass's accounts that started failing, and those
 * watched again, go out in one notification, so an outage of the API is one message, not one per
 * account and pass. The records are written only after that notification went out: a pass that
 * could not notify tries again on the next.
 */
import { mapSettled } from '../fleet/pool.js';
import { toReportError } from '../failure.js';
import type { ReportError } from '../report/model.js';
import { watchAccount, type AccountWatchInput, type AccountWatchResult } from './account.js';
import { buildHealthNotification, type WatchFailure, type WatchRestored } from './failure-messages.js';
import type { WatchNotification } from './messages.js';
import { failingRecord, restoredRecord, type FailureRecord } from './state.js';

/** Where a scope's failure record is kept; reads that fail count as "no record". */
export interface FailureStore {
  read(scope: string): Promise<FailureRecord | undefined>;
  write(scope: string, record: FailureRecord): Promise<void>;
}

export interface WatchTarget extends Omit<AccountWatchInput, 'runId'> {
  /** The failure record's key: the fleet account's name, or "default" for a single account. */
  scope: string;
  /** How people know the account when it cannot be read: its name in a fleet. */
  label: string;
}

export interface AccountPassResult {
  scope: string;
  label: string;
  result: AccountWatchResult;
  /** The account's failure was notified (or restored) by this pass. */
  healthChange?: 'failing' | 'restored';
}

export interface PassResult {
  accounts: AccountPassResult[];
  /** Why the health notification (or the failure records after it) could not be done. */
  problems: string[];
  healthNotified: boolean;
}

export interface PassOptions {
  runId: string;
  concurrency: number;
  failures: FailureStore;
  publishHealth(notification: WatchNotification): Promise<void>;
  now?: () => Date;
  /** Epoch ms after which an account whose turn has not come is skipped rather than started short of time. */
  startBy?: number;
  /** Told of each account as it ends (the command line prints it; the Lambda logs it). */
  onAccount?(result: AccountPassResult): void;
}

async function readRecord(failures: FailureStore, scope: string, problems: string[]): Promise<FailureRecord | undefined> {
  try {
    return await failures.read(scope);
  } catch (error) {
    problems.push(`the failure record of ${scope} could not be read: ${toReportError(error).message}`);
    return undefined;
  }
}

function failureOf(target: WatchTarget, result: Extract<AccountWatchResult, { ok: false }>): WatchFailure {
  const error: ReportError = result.error;
  const label = target.account ? target.label : (result.customer?.name ?? target.label);
  return { label, ...(result.customer ? { customerId: result.customer.id } : {}), message: error.message, ...(error.action ? { action: error.action } : {}) };
}

export async function runWatchPass(targets: readonly WatchTarget[], options: PassOptions): Promise<PassResult> {
  const now = options.now ?? (() => new Date());
  const problems: string[] = [];
  const settled = await mapSettled(targets, options.concurrency, async (target) => {
    if (options.startBy !== undefined && Date.now() > options.startBy) {
      const skipped: AccountWatchResult = { ok: false as const, skipped: true as const, error: { message: 'not watched: the pass ran out of time before its turn', operation: 'watch' }, warnings: [] };
      options.onAccount?.({ scope: target.scope, label: target.label, result: skipped });
      return { target, record: undefined as FailureRecord | undefined, result: skipped };
    }
    const [record, result] = await Promise.all([readRecord(options.failures, target.scope, problems), watchAccount({ ...target, runId: options.runId })]);
    const entry = { target, record, result };
    options.onAccount?.({ scope: target.scope, label: target.label, result });
    return entry;
  });
  const entries = settled.map((item, index) => {
    if (item.ok) return item.value;
    // watchAccount catches everything; this is a defect, kept as the account's failure.
    const target = targets[index] as WatchTarget;
    return { target, record: undefined, result: { ok: false as const, error: toReportError(item.error), warnings: [] } };
  });

  const skipped = entries.filter((entry) => !entry.result.ok && entry.result.skipped).length;
  if (skipped > 0) problems.push(`${skipped} of ${entries.length} accounts were not watched: the pass ran out of time (they are watched on the next pass)`);
  const failing = entries.filter((entry) => !entry.result.ok && !entry.result.skipped && entry.record?.failing !== true);
  const restored = entries.filter((entry) => entry.result.ok && entry.record?.failing === true);
  const notification = buildHealthNotification({
    runId: options.runId,
    failing: failing.map((entry) => failureOf(entry.target, entry.result as Extract<AccountWatchResult, { ok: false }>)),
    restored: restored.map((entry): WatchRestored => ({
      label: entry.target.account ? entry.target.label : ((entry.result as Extract<AccountWatchResult, { ok: true }>).customer.name),
      ...(entry.result.customer ? { customerId: entry.result.customer.id } : {}),
      failingSince: entry.record?.since ?? 'unknown',
    })),
  });
  let healthNotified = false;
  if (notification) {
    try {
      await options.publishHealth(notification);
      healthNotified = true;
    } catch (error) {
      problems.push(`the watch's failure notification could not be sent: ${toReportError(error).message}`);
    }
  }
  const changed = new Map<string, 'failing' | 'restored'>();
  if (healthNotified) {
    const at = now();
    await Promise.all([
      ...failing.map(async (entry) => {
        const message = entry.result.ok ? '' : entry.result.error.message;
        await writeRecord(options.failures, entry.target.scope, failingRecord(at, message), problems);
        changed.set(entry.target.scope, 'failing');
      }),
      ...restored.map(async (entry) => {
        await writeRecord(options.failures, entry.target.scope, restoredRecord(at), problems);
        changed.set(entry.target.scope, 'restored');
      }),
    ]);
  }
  return {
    accounts: entries.map((entry) => ({ scope: entry.target.scope, label: entry.target.label, result: entry.result, ...(changed.has(entry.target.scope) ? { healthChange: changed.get(entry.target.scope) } : {}) })),
    problems,
    healthNotified,
  };
}

async function writeRecord(failures: FailureStore, scope: string, record: FailureRecord, problems: string[]): Promise<void> {
  try {
    await failures.write(scope, record);
  } catch (error) {
    problems.push(`the failure record of ${scope} could not be written: ${toReportError(error).message}`);
  }
}
