/**
 * The record of the last run of a deployment, whatever its outcome and whichever account it
 * reached: what the next run needs to notice a recovery. latest/<customer_id>.json keeps only
 * complete reports (the base of the delta); a run that errored, even before it knew the
 * account, leaves its mark here instead, so the next good run knows it follows an ERROR.
 */
import { AuditorError } from '../errors.js';
import * as z from '../zod.js';
import { UNKNOWN_CUSTOMER } from './error-report.js';
import { RUN_STATUSES, type Report, type RunStatus } from './model.js';
import { READ_PREVIOUS_REPORT } from './previous.js';

const LastRunSchema = z.object({
  runId: z.string(),
  startedAt: z.iso.datetime({ offset: true }),
  status: z.enum(RUN_STATUSES),
  customerId: z.string(),
});

export type LastRun = z.output<typeof LastRunSchema>;

export function lastRunOf(report: Pick<Report, 'runId' | 'startedAt' | 'status' | 'customer'>): LastRun {
  return { runId: report.runId, startedAt: report.startedAt, status: report.status, customerId: report.customer.id };
}

/** Parses the record; throws an AuditorError naming `source` when it is not one. */
export function parseLastRun(text: string, source: string): LastRun {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  const result = LastRunSchema.safeParse(data);
  if (!result.success) {
    throw new AuditorError(`the last run's record ${source} is not one this auditor wrote`, {
      operation: READ_PREVIOUS_REPORT,
      action: 'Nothing to do: the next run replaces it.',
    });
  }
  return result.data;
}

/**
 * Whether the report complete before this run was followed by a run that errored for the same
 * account (or before it could tell which): then that ERROR is the status this run changes from.
 */
export function erroredSince(lastRun: LastRun | undefined, previous: { startedAt: string } | undefined, customerId: string): RunStatus | undefined {
  if (lastRun?.status !== 'ERROR') return undefined;
  if (lastRun.customerId !== customerId && lastRun.customerId !== UNKNOWN_CUSTOMER.id) return undefined;
  if (previous && Date.parse(lastRun.startedAt) <= Date.parse(previous.startedAt)) return undefined;
  return 'ERROR';
}
