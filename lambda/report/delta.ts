/**
 * What changed since the previous run, and whether that is worth a notification.
 * Failing means FAIL or ERROR and not muted; finding ids are stable across runs.
 */
import type { NotifyMode } from '../modes.js';
import { isFailing } from './facts.js';
import type { Delta, Report } from './model.js';
import type { PreviousReport } from './previous.js';

export type ChangeKind = 'NEW' | 'RESOLVED' | 'UNCHANGED' | 'FIRST_RUN';

export function computeDelta(current: Report, previous: PreviousReport | undefined): Delta | undefined {
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

/** FIRST_RUN without a delta; NEW if anything new; RESOLVED if anything resolved or the status changed. */
export function changeKind(report: Report): ChangeKind {
  const { delta } = report;
  if (!delta) return 'FIRST_RUN';
  if (delta.new.length > 0) return 'NEW';
  if (delta.resolved.length > 0 || delta.previousStatus !== report.status) return 'RESOLVED';
  return 'UNCHANGED';
}

/** `change` mode stays quiet on a night like the one before; an ERROR run always speaks. */
export function shouldNotify(report: Report, mode: NotifyMode): boolean {
  if (mode === 'always' || report.status === 'ERROR') return true;
  return changeKind(report) !== 'UNCHANGED';
}

/** Failing finding ids, in report order, with their rule. */
function failingIds(report: Pick<PreviousReport, 'findings'>): Map<string, string> {
  return new Map(report.findings.filter(isFailing).map((finding) => [finding.id, finding.ruleId]));
}

/** The report with its delta against the previous one (unchanged when there is none). */
export function withDelta(report: Report, previous: PreviousReport | undefined): Report {
  const delta = computeDelta(report, previous);
  return delta ? { ...report, delta } : report;
}
