/**
 * Which Security Hub records a run sends, and in which state: every finding that is open now, every
 * finding this run fixed, and every finding open in the previous complete report that no longer
 * is, provided its rule was evaluated again (a run that could not read the users has resolved
 * nothing about them). Pure: the report, the previous report as the run keeps it, and nothing else.
 *
 * | the finding | Compliance.Status | RecordState | Workflow.Status (only when created) |
 * |---|---|---|---|
 * | FAIL | FAILED | ACTIVE | NEW |
 * | MUTED | WARNING | ACTIVE | SUPPRESSED, the exception in Note |
 * | ERROR (could not be checked) | NOT_AVAILABLE | ACTIVE | NEW |
 * | FIXED by this run | PASSED | ARCHIVED | RESOLVED |
 * | open before, passes now | PASSED | ARCHIVED | RESOLVED |
 * | open before, now not applicable or its rule disabled; an ERROR whose rule ran again | NOT_AVAILABLE | ARCHIVED | RESOLVED |
 *
 * ERROR is never PASSED. Security Hub ignores Workflow and Note in an update of a finding it
 * already has (a status a person set stays), so they describe the finding as first imported.
 */
import type { ComplianceStatus, RecordState, WorkflowStatus } from '@aws-sdk/client-securityhub';
import { describeFix } from '../report/facts.js';
import type { AppliedException, Attribution, Finding, Report, Severity, Subject } from '../report/model.js';
import { isOpen } from '../report/first-seen.js';
import type { DeltaBase, PreviousFinding } from '../report/previous.js';

export type RecordKind = 'failing' | 'muted' | 'unchecked' | 'fixed' | 'resolved' | 'no-longer-checked';

export const RECORD_STATES: Record<RecordKind, { compliance: ComplianceStatus; record: RecordState; workflow: WorkflowStatus }> = {
  failing: { compliance: 'FAILED', record: 'ACTIVE', workflow: 'NEW' },
  muted: { compliance: 'WARNING', record: 'ACTIVE', workflow: 'SUPPRESSED' },
  unchecked: { compliance: 'NOT_AVAILABLE', record: 'ACTIVE', workflow: 'NEW' },
  fixed: { compliance: 'PASSED', record: 'ARCHIVED', workflow: 'RESOLVED' },
  resolved: { compliance: 'PASSED', record: 'ARCHIVED', workflow: 'RESOLVED' },
  'no-longer-checked': { compliance: 'NOT_AVAILABLE', record: 'ARCHIVED', workflow: 'RESOLVED' },
};

/** Everything a record is made of, whichever report it comes from. */
export interface RecordFacts {
  kind: RecordKind;
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  /** Absent for a finding the previous report only counted (beyond its findings per rule). */
  subject?: Subject;
  /** What the finding says, newest first: why it changed, then what it said. */
  message: string;
  firstSeenAt: string;
  /** When the auditor last saw the issue: this run, or the last run it was open in. */
  lastSeenAt: string;
  /** The status the report gives it now ("FAIL"), or "RESOLVED" for one it no longer lists as open. */
  auditStatus: string;
  exception?: AppliedException;
  attribution?: Attribution;
}

const OPEN_KINDS: Record<'FAIL' | 'MUTED' | 'ERROR', RecordKind> = { FAIL: 'failing', MUTED: 'muted', ERROR: 'unchecked' };

function currentFacts(report: Report, finding: Finding, kind: RecordKind, message: string): RecordFacts {
  return {
    kind,
    id: finding.id,
    ruleId: finding.ruleId,
    title: finding.title,
    severity: finding.severity,
    subject: finding.subject,
    message,
    firstSeenAt: finding.firstSeenAt ?? report.startedAt,
    lastSeenAt: report.startedAt,
    auditStatus: finding.status,
    ...(finding.exception ? { exception: finding.exception } : {}),
    ...(finding.attribution ? { attribution: finding.attribution } : {}),
  };
}

function fixedMessage(report: Report, finding: Finding): string {
  return `Fixed by the auditor in run ${report.runId} (${describeFix(finding)}). It was: ${finding.message}`;
}

/** Text that ends as a sentence does, so another can follow it. */
export function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

/** A finding open before, as the previous report kept it (or only counted it). */
interface Before {
  id: string;
  ruleId: string;
  finding?: PreviousFinding;
}

function openBefore(previous: DeltaBase): Before[] {
  const listed = previous.findings.filter(isOpen).map((finding) => ({ id: finding.id, ruleId: finding.ruleId, finding }));
  const counted = previous.rules.flatMap((rule) => (rule.truncatedFailingIds ?? []).map((id) => ({ id, ruleId: rule.ruleId })));
  return [...listed, ...counted];
}

/**
 * What became of a finding open before and not open now: resolved, or no longer checked (not
 * applicable now, its rule disabled, or it was an ERROR: that the rule ran again says nothing
 * about passing). Undefined: its rule was not evaluated this run, so nothing is known.
 */
function outcomeOf(before: Before, report: Report, now: Map<string, Finding>): { kind: RecordKind; why: string } | undefined {
  const rule = report.rules.find((row) => row.ruleId === before.ruleId);
  if (!rule || rule.status === 'ERROR') return undefined;
  const current = now.get(before.id);
  if (current?.status === 'NOT_APPLICABLE') return { kind: 'no-longer-checked', why: `No longer applies: ${sentence(current.message)}` };
  if (rule.status === 'NOT_APPLICABLE') return { kind: 'no-longer-checked', why: `No longer checked: ${before.ruleId} is disabled or does not apply.` };
  if (before.finding?.status === 'ERROR') return { kind: 'no-longer-checked', why: `Checked again by run ${report.runId}.` };
  return { kind: 'resolved', why: `Resolved: no longer fails as of ${report.startedAt} (run ${report.runId}).` };
}

function resolvedFacts(report: Report, previous: DeltaBase, before: Before, outcome: { kind: RecordKind; why: string }): RecordFacts {
  const row = previous.rules.find((rule) => rule.ruleId === before.ruleId);
  const was = before.finding
    ? ` It was: ${before.finding.message}`
    : ` Its details were not kept: the archived report lists ${row ? 'only the first findings of' : 'no findings of'} ${before.ruleId}.`;
  return {
    kind: outcome.kind,
    id: before.id,
    ruleId: before.ruleId,
    title: before.finding?.title ?? row?.title ?? before.ruleId,
    severity: before.finding?.severity ?? row?.severity ?? 'low',
    ...(before.finding ? { subject: before.finding.subject } : {}),
    message: `${outcome.why}${was}`,
    firstSeenAt: before.finding?.firstSeenAt ?? previous.startedAt,
    lastSeenAt: previous.startedAt,
    auditStatus: 'RESOLVED',
  };
}

/** The records of a run: open and fixed findings in report order, then the ones resolved since the previous run. */
export function plannedRecords(report: Report, previous: DeltaBase | undefined): RecordFacts[] {
  const records: RecordFacts[] = [];
  const now = new Map<string, Finding>();
  for (const finding of report.findings) {
    now.set(finding.id, finding);
    if (finding.status === 'FIXED') records.push(currentFacts(report, finding, 'fixed', fixedMessage(report, finding)));
    else if (finding.status !== 'NOT_APPLICABLE') records.push(currentFacts(report, finding, OPEN_KINDS[finding.status], finding.message));
  }
  if (!previous) return records;
  for (const before of openBefore(previous)) {
    const current = now.get(before.id);
    // Open now (its record is above), or FIXED (sent above with what was fixed).
    if (current && current.status !== 'NOT_APPLICABLE') continue;
    const outcome = outcomeOf(before, report, now);
    if (outcome) records.push(resolvedFacts(report, previous, before, outcome));
  }
  return records;
}
