/**
 * The watch's comparison, pure: the watched rules now against the state of the last change.
 * PASS -> FAIL is a REGRESSION and FAIL -> PASS a RECOVERY; both are alerts. Any other change
 * (a rule muted by a new exception, turned off in the policy, a field's value that changed
 * while its status did not) is kept in the state without an alert. No state: the baseline.
 */
import type { WatchedRule, WatchedRuleId, WatchEvaluation } from './rules.js';
import { WATCHED_RULE_IDS } from './rules.js';
import type { WatchState } from './state.js';

export type ChangeKind = 'REGRESSION' | 'RECOVERY';

export interface RuleChange {
  kind: ChangeKind;
  ruleId: WatchedRuleId;
  before: WatchedRule;
  after: WatchedRule;
}

export type Comparison =
  /** No usable state: this pass's view is written as the baseline, and nothing is alerted. */
  | { kind: 'baseline' }
  /** Nothing differs from the state: no alert, no write. */
  | { kind: 'unchanged' }
  /** Something differs: the state is rewritten; `changes` are the alerts (possibly none). */
  | { kind: 'changed'; changes: RuleChange[] };

function same(a: WatchedRule | undefined, b: WatchedRule): boolean {
  return a !== undefined && a.status === b.status && a.value === b.value;
}

function changeKind(before: WatchedRule | undefined, after: WatchedRule): ChangeKind | undefined {
  if (before?.status === 'PASS' && after.status === 'FAIL') return 'REGRESSION';
  if (before?.status === 'FAIL' && after.status === 'PASS') return 'RECOVERY';
  return undefined;
}

export function compareWithState(previous: WatchState | undefined, current: WatchEvaluation): Comparison {
  if (previous === undefined) return { kind: 'baseline' };
  const changes: RuleChange[] = [];
  let differs = false;
  for (const ruleId of WATCHED_RULE_IDS) {
    const before = previous.rules[ruleId];
    const after = current.rules[ruleId];
    if (same(before, after)) continue;
    differs = true;
    const kind = changeKind(before, after);
    if (kind !== undefined && before !== undefined) changes.push({ kind, ruleId, before, after });
  }
  // A rule the state knows and the watch no longer judges (an older version's) is a difference too.
  if (Object.keys(previous.rules).some((ruleId) => !(WATCHED_RULE_IDS as string[]).includes(ruleId))) differs = true;
  if (!differs) return { kind: 'unchanged' };
  // Regressions first: they are what the alert's subject names.
  changes.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'REGRESSION' ? -1 : 1));
  return { kind: 'changed', changes };
}
