/**
 * The Slack message, as an AWS Chatbot (Amazon Q Developer in chat applications) custom
 * notification. Chatbot drops any other payload silently, so the shape is fixed:
 * {version: "1.0", source: "custom", id, content: {textType: "client-markdown", title,
 * description, nextSteps, keywords}}. Sizes stay inside what one Slack message shows
 * (a text block holds 3,000 characters): findings are listed, then cut with "and N more".
 * API data passes through escapeChat: it adds no line, mention, link, code span or emphasis.
 */
import { complianceLine } from './compliance-summary.js';
import { escapeChat } from './escape.js';
import {
  changesByStatus,
  cut,
  describeAttribution,
  describeChange,
  describeError,
  describeFix,
  failingTotal,
  fixedTotal,
  uncheckedTotal,
  formatCount,
  groupFailing,
  mutedTotal,
  newFindingIds,
  plural,
  severityBreakdown,
} from './facts.js';
import type { ChangeBucket, SeverityGroup } from './facts.js';
import type { Report, RunStatus } from './model.js';
import { buildSubject } from './subject.js';

export interface ChatNotification {
  version: '1.0';
  source: 'custom';
  id: string;
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps: string[];
    keywords: string[];
  };
}

export const CHAT_LIMITS = {
  title: 250,
  description: 3000,
  nextSteps: 5,
  nextStep: 300,
  /** Subjects listed per rule before "and N more", tried from the first value down. */
  itemsPerRule: [10, 5, 3, 1, 0],
} as const;

const STATUS_EMOJI: Record<RunStatus, string> = { PASS: ':white_check_mark:', FAIL: ':red_circle:', ERROR: ':warning:' };
const CHANGE_LABELS: Record<ChangeBucket, string> = {
  verified: 'Changed',
  failed: 'Change failed',
  planned: 'Would change',
  refused: 'Refused',
  skipped: 'Not attempted',
};

export function buildChatNotification(
  report: Report,
  options: { reportLocation?: string; reportUrl?: string; keywords: string[] },
): ChatNotification {
  return {
    version: '1.0',
    source: 'custom',
    id: report.runId,
    content: {
      textType: 'client-markdown',
      title: cut(`${STATUS_EMOJI[report.status]} ${escapeChat(buildSubject(report))}`, CHAT_LIMITS.title),
      description: description(report, options.reportLocation),
      nextSteps: nextSteps(report, options.reportLocation, options.reportUrl),
      keywords: options.keywords,
    },
  };
}

/** The longest description that fits, listing fewer subjects per rule until it does. */
function description(report: Report, reportLocation?: string): string {
  let text = '';
  for (const items of CHAT_LIMITS.itemsPerRule) {
    text = describe(report, items);
    if (text.length <= CHAT_LIMITS.description) return text;
  }
  const tail = `\n... cut${reportLocation ? `; full report: ${escapeChat(reportLocation)}` : ''}`;
  return `${cut(text, CHAT_LIMITS.description - tail.length)}${tail}`;
}

function describe(report: Report, itemsPerRule: number): string {
  const breakdown = severityBreakdown(report);
  const summary = [
    `*${report.status}*`,
    `${formatCount(failingTotal(report))} failing${breakdown ? ` (${breakdown})` : ''}`,
    ...(uncheckedTotal(report) > 0 ? [`${formatCount(uncheckedTotal(report))} not checked`] : []),
    ...(fixedTotal(report) > 0 ? [`${formatCount(fixedTotal(report))} fixed`] : []),
    ...(mutedTotal(report) > 0 ? [`${formatCount(mutedTotal(report))} muted`] : []),
    `${plural(report.summary.usersChecked, 'user')} checked`,
  ].join(' | ');
  const lines = [summary];
  if (report.delta) {
    lines.push(`Since the previous run: ${formatCount(report.delta.new.length)} new, ${formatCount(report.delta.resolved.length)} resolved`);
  }
  const fresh = newFindingIds(report);
  for (const group of groupFailing(report)) lines.push('', ...severityLines(group, fresh, itemsPerRule));
  const unchecked = groupFailing(report, 'ERROR').flatMap((group) => group.rules);
  if (unchecked.length > 0) {
    lines.push('', `*Not checked* (${formatCount(uncheckedTotal(report))}): ${unchecked.map((rule) => `\`${rule.ruleId}\``).join(', ')}`);
  }
  const fixed = groupFailing(report, 'FIXED').flatMap((group) => group.rules.flatMap((rule) => rule.findings));
  if (fixed.length > 0) {
    lines.push('', `*Fixed in this run* (${formatCount(fixedTotal(report))})`);
    lines.push(...fixed.map((finding) => `• \`${finding.ruleId}\` ${escapeChat(describeFix(finding))}`));
  }
  const buckets = changesByStatus(report);
  const changes = (Object.keys(CHANGE_LABELS) as ChangeBucket[]).flatMap((bucket) =>
    buckets[bucket].map((change) => `• ${CHANGE_LABELS[bucket]}: ${escapeChat(describeChange(change))}`),
  );
  if (changes.length > 0) lines.push('', `*Remediation* (${report.remediation.mode})`, ...changes);
  if (report.errors.length > 0) {
    lines.push('', '*Errors*', ...report.errors.map((error) => `• ${escapeChat(describeError(error))}`));
  }
  const compliance = complianceLine(report);
  if (compliance) lines.push('', escapeChat(compliance));
  return lines.join('\n');
}

function severityLines(group: SeverityGroup, fresh: Set<string>, itemsPerRule: number): string[] {
  const lines = [`*${group.severity.toUpperCase()}* (${formatCount(group.count)})`];
  for (const rule of group.rules) {
    const shown = rule.findings.slice(0, itemsPerRule).map((finding) => {
      const name = escapeChat(finding.subject.name || finding.subject.id);
      return `\`${cut(name, 80)}\`${fresh.has(finding.id) ? ' (new)' : ''}`;
    });
    const rest = rule.findings.length - shown.length;
    const listed = [...shown, ...(rest > 0 ? [`and ${formatCount(rest)} more`] : [])].join(', ');
    lines.push(`• \`${rule.ruleId}\` ${escapeChat(rule.title)} (${formatCount(rule.findings.length)}): ${listed}`);
    for (const finding of rule.findings.slice(0, itemsPerRule)) {
      if (!finding.attribution) continue;
      const name = escapeChat(finding.subject.name || finding.subject.id);
      lines.push(`    ◦ \`${cut(name, 80)}\` ${escapeChat(describeAttribution(finding.attribution))}`);
    }
  }
  return lines;
}

/**
 * What to do: the errors' actions, the fix for the worst rules (the control-panel steps: the API
 * call, risk and references are in the archived report), then where the full report is.
 */
function nextSteps(report: Report, reportLocation?: string, reportUrl?: string): string[] {
  const steps = [
    ...report.errors.flatMap((error) => (error.action ? [escapeChat(error.action)] : [])),
    ...groupFailing(report)
      .flatMap((group) => group.rules)
      .map((rule) => `\`${rule.ruleId}\`: ${escapeChat(rule.findings[0]?.remediation.console ?? rule.title)}`),
  ].map((step) => cut(step, CHAT_LIMITS.nextStep));
  // The console link is built from checked parts, percent-encoded (lambda/aws/console-url.ts): kept whole, so it stays a link.
  const location = reportUrl
    ? [`Open the report: ${reportUrl}`]
    : reportLocation
      ? [cut(`Full report: ${escapeChat(reportLocation)}`, CHAT_LIMITS.nextStep)]
      : [];
  return [...steps.slice(0, CHAT_LIMITS.nextSteps - location.length), ...location];
}

