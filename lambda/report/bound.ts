/**
 * The report as it is archived: at most MAX_FINDINGS_PER_RULE findings per rule. An account of
 * 100,000 users can fail a per-user rule 100,000 times; the archive (and the next run, which
 * reads it back) would hold every one of them. The findings past the limit are counted on their
 * rule's row (`truncated`), and the ids of those that fail are kept there too
 * (`truncatedFailingIds`), so the next run's delta is as exact as with the whole list. Additive
 * to schemaVersion 1: readers that do not know the fields see a shorter list.
 */
import { isFailing } from './facts.js';
import type { Finding, Report } from './model.js';

export const MAX_FINDINGS_PER_RULE = 1_000;

export function boundFindings(report: Report, maxPerRule = MAX_FINDINGS_PER_RULE): Report {
  const kept: Finding[] = [];
  const cut = new Map<string, { count: number; failingIds: string[] }>();
  const listed = new Map<string, number>();
  for (const finding of report.findings) {
    const shown = listed.get(finding.ruleId) ?? 0;
    if (shown < maxPerRule) {
      kept.push(finding);
      listed.set(finding.ruleId, shown + 1);
      continue;
    }
    const left = cut.get(finding.ruleId) ?? { count: 0, failingIds: [] };
    left.count += 1;
    if (isFailing(finding)) left.failingIds.push(finding.id);
    cut.set(finding.ruleId, left);
  }
  if (cut.size === 0) return report;
  const rules = report.rules.map((rule) => {
    const left = cut.get(rule.ruleId);
    return left ? { ...rule, truncated: left.count, truncatedFailingIds: left.failingIds } : rule;
  });
  return { ...report, rules, findings: kept };
}
