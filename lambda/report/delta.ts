/**
 * What changed since the previous run, and whether that is worth a notification.
 * Failing means FAIL or ERROR and not muted; finding ids are stable across runs.
 */
import type { AccountNotifyMode } from '../modes.js';
import { isFailing } from './facts.js';
import { withFirstSeen } from './first-seen.js';
import { erroredSince, type LastRun } from './history.js';
import type { Delta, Report } from './model.js';
import { READ_PREVIOUS_REPORT, type DeltaBase } from './previous.js';

/** UNKNOWN: the previous report could not be read, so what changed is not known (never a FIRST_RUN). */
export type ChangeKind = 'NEW' | 'RESOLVED' | 'UNCHANGED' | 'FIRST_RUN' | 'UNKNOWN';

export function computeDelta(current: Report, previous: DeltaBase | undefined): Delta | undefined {
  if (!previous) return undefined;
  const now = failingIds(current);
  const before = failingIds(previous);
  // A finding is resolved only if its rule was evaluated this time: a run that could not read
  // the users (or no longer checks a rule) has not fixed anything.
  const evaluated = new Set(current.rules.filter((rule) => rule.status !== 'ERROR').map((rule) => rule.ruleId));
  return {
    new: [...now.keys()].filter((id) => !before.has(id)),
    resolved: [...before].filter(([id, ruleId]) => !now.has(id) && evaluated.has(ruleId)).map(([id]) => id),
    unchanged: [...now.keys()].filter((id) => before.has(id)),
    previousStatus: previous.status,
  };
}

/**
 * FIRST_RUN without a delta (UNKNOWN when the previous report could not be read); NEW if anything
 * new; RESOLVED if anything resolved or the status changed.
 */
export function changeKind(report: Report): ChangeKind {
  const { delta } = report;
  if (!delta) return report.errors.some((error) => error.operation === READ_PREVIOUS_REPORT) ? 'UNKNOWN' : 'FIRST_RUN';
  if (delta.new.length > 0) return 'NEW';
  if (delta.resolved.length > 0 || delta.previousStatus !== report.status) return 'RESOLVED';
  return 'UNCHANGED';
}

/**
 * `change` mode stays quiet on a night like the one before; an ERROR run always speaks. A fleet
 * account in `digest` mode never notifies on its own: the fleet's digest reports it, errors included.
 */
export function shouldNotify(report: Report, mode: AccountNotifyMode): boolean {
  if (mode === 'digest') return false;
  if (mode === 'always' || report.status === 'ERROR') return true;
  return changeKind(report) !== 'UNCHANGED';
}

/** Failing finding ids, in report order, with their rule; those an archived report only counted included. */
function failingIds(report: Pick<DeltaBase, 'findings' | 'rules'>): Map<string, string> {
  const ids = new Map(report.findings.filter(isFailing).map((finding) => [finding.id, finding.ruleId]));
  for (const rule of report.rules) for (const id of rule.truncatedFailingIds ?? []) ids.set(id, rule.ruleId);
  return ids;
}

/**
 * The report with its delta against the previous complete one (none when there is none), and
 * its open findings' first-seen dates (lambda/report/first-seen.ts).
 * When a run errored since that report (`lastRun`), the delta's previous status is ERROR: a
 * recovery is a change, even when the findings are those of the last complete report.
 */
export function withDelta(report: Report, previous: DeltaBase | undefined, lastRun?: LastRun): Report {
  const stamped = withFirstSeen(report, previous);
  const delta = computeDelta(stamped, previous);
  if (!delta) return stamped;
  return { ...stamped, delta: { ...delta, previousStatus: erroredSince(lastRun, previous, report.customer.id) ?? delta.previousStatus } };
}
