/**
 * The rules a run could not check, with what to do about each: an ERROR finding names the data
 * it lacked (evidence.missing) and why (evidence.reasons, the message of the read that failed),
 * and the run error with that message says what to do (a 403 on the tokens: use a superuser's
 * token, or turn the token rules off). Renderers list them under "Not checked", the action said
 * once for the rules that share it.
 */
import { groupFailing } from './facts.js';
import type { Finding, Report } from './model.js';

export interface UncheckedGroup {
  /** What to do, from the run error that kept these rules from being checked; absent when no error says. */
  action?: string;
  /** ERROR findings, highest severity first. */
  findings: Finding[];
}

/** The messages of the failed reads behind an ERROR finding, as evaluate.ts records them. */
function unreadReasons(finding: Finding): string[] {
  const { missing, reasons } = finding.evidence;
  if (!Array.isArray(missing) || typeof reasons !== 'object' || reasons === null) return [];
  return missing.flatMap((need) => {
    const reason = (reasons as Record<string, unknown>)[String(need)];
    return typeof reason === 'string' ? [reason] : [];
  });
}

/** ERROR findings grouped by the action that would let their rules be checked, in order of first appearance. */
export function groupUnchecked(report: Report): UncheckedGroup[] {
  const findings = groupFailing(report, 'ERROR').flatMap((group) => group.rules.flatMap((rule) => rule.findings));
  const groups = new Map<string, UncheckedGroup>();
  for (const finding of findings) {
    const reasons = unreadReasons(finding);
    const action = report.errors.find((error) => error.action && reasons.includes(error.message))?.action;
    const group = groups.get(action ?? '') ?? { ...(action ? { action } : {}), findings: [] };
    group.findings.push(finding);
    groups.set(action ?? '', group);
  }
  return [...groups.values()];
}
