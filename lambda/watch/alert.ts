/**
 * What a pass found, as facts every renderer shares (pure): the account, each change with its
 * rule, its field's values before and after and who made it, and the warnings. The text of each
 * change ("force_2fa turned off") is built here from constants and the field's value; renderers
 * escape every part that came from the API.
 */
import { getRule } from '../policy/catalog.js';
import { describeAttribution, formatValue } from '../report/facts.js';
import { SEVERITIES, type Attribution, type Severity } from '../report/model.js';
import type { RuleChange } from './compare.js';
import { WATCHED_FIELDS, type WatchedRuleId } from './rules.js';

export interface WatchAlertChange extends RuleChange {
  field: string;
  severity: Severity;
  title: string;
  attribution?: Attribution;
}

export interface WatchAlert {
  /** The invocation (or CLI pass) that found it. */
  runId: string;
  /** The fleet account's name; absent for a single account. */
  account?: string;
  customer: { id: string; name: string };
  checkedAt: string;
  /** When the watch last saw a change (the state compared with). */
  comparedWith: string;
  /** Regressions first. */
  changes: WatchAlertChange[];
  /** The watched rules' worst status now: FAIL when any fails. */
  status: 'PASS' | 'FAIL';
  warnings: string[];
  demo?: boolean;
}

export function alertChange(change: RuleChange, severityOf: (ruleId: WatchedRuleId) => Severity, attribution: Attribution | undefined): WatchAlertChange {
  const rule = getRule(change.ruleId);
  return { ...change, field: WATCHED_FIELDS[change.ruleId], severity: severityOf(change.ruleId), title: rule.title, ...(attribution ? { attribution } : {}) };
}

/** "force_2fa turned off", "ip_whitelist changed to "0.0.0.0/0"": raw, for the caller to escape. */
export function changeHeadline(change: WatchAlertChange): string {
  const { field, after } = change;
  if (typeof after.value === 'boolean' || after.value === null) {
    if (change.kind === 'RECOVERY') return `${field} turned on`;
    return after.value === false ? `${field} turned off` : `${field} no longer set`;
  }
  return change.kind === 'REGRESSION' ? `${field} changed to ${formatValue(after.value)}` : `${field} compliant again (${formatValue(after.value)})`;
}

/** "true -> false". */
export function changeValues(change: WatchAlertChange): string {
  return `${formatValue(change.before.value)} -> ${formatValue(change.after.value)}`;
}

/** The attribution's one line, or what is known instead. */
export function changeAuthor(change: WatchAlertChange, comparedWith: string): string {
  return change.attribution ? describeAttribution(change.attribution) : `who made it: not found in the audit log since ${comparedWith}`;
}

export function hasRegression(alert: WatchAlert): boolean {
  return alert.changes.some((change) => change.kind === 'REGRESSION');
}

/** The highest severity among the regressions, or null for recoveries only. */
export function alertSeverity(alert: WatchAlert): Severity | null {
  return SEVERITIES.find((severity) => alert.changes.some((change) => change.kind === 'REGRESSION' && change.severity === severity)) ?? null;
}
