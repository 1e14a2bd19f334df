/**
 * Policy evaluation, a pure function of the fetched data, the policy and the clock: runs every
 * rule, applies exceptions, and builds findings, rule rows and the summary of the report.
 */
import * as crypto from 'node:crypto';
import type { Invitation } from '../fastly/access-schemas.js';
import type { Customer, User } from '../fastly/schemas.js';
import {
  FINDING_STATUSES,
  SEVERITIES,
  SEVERITY_RANK,
  STATUS_WEIGHT,
  type Finding,
  type FindingStatus,
  type RemediationChange,
  type RuleRow,
  type Severity,
  type Summary,
} from '../report/model.js';
import { getRule, RULE_IDS, type RuleId } from './catalog.js';
import { findException } from './exceptions.js';
import type { Policy, PolicyException } from './schema.js';
import { ruleSettings } from './settings.js';
import { accountSubject } from './subjects.js';
import type { AccountToken } from './token-facts.js';
import type { PeerSettings, RuleNeed, RuleOutcome } from './types.js';

export interface EvaluationInput {
  customer?: Customer;
  users?: User[];
  /** Read only when an enabled rule needs them; absent: those rules are ERROR. */
  tokens?: AccountToken[];
  invitations?: Invitation[];
  policy: Policy;
  now: Date;
  /** Why data is missing, keyed by what is missing; used in ERROR findings. */
  missing?: Partial<Record<RuleNeed, string>>;
  /** Only these rules (the watch judges the account rules alone); default every rule of the catalog. */
  only?: readonly RuleId[];
}

export interface Evaluation {
  findings: Finding[];
  rules: RuleRow[];
  summary: Summary;
}

/** Stable across runs: the first 16 hex characters of sha256(customer, rule, subject). */
export function findingId(customerId: string, ruleId: string, subjectId: string): string {
  return sha256Hex(`${customerId}\u0000${ruleId}\u0000${subjectId}`).slice(0, 16);
}

/**
 * One-shot crypto.hash (Node >= 20.12) is twice as fast as createHash, which matters with one id
 * per finding on accounts of 100,000 users; older Node 20 releases fall back to createHash.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** Sort groups: what needs action first, then what this run fixed, accepted findings, not applicable ones. */
const SORT_GROUP: Record<Finding['status'], number> = { FAIL: 0, ERROR: 0, FIXED: 1, MUTED: 2, NOT_APPLICABLE: 3 };

const NEED_LABEL: Record<RuleNeed, string> = {
  customer: 'the customer account',
  users: 'the user list',
  tokens: "the account's API tokens",
  invitations: "the account's invitations",
};

interface RuleResult {
  row: RuleRow;
  findings: Finding[];
  /** How many results ended in each status, PASS included, for the summary. */
  counts: Record<FindingStatus, number>;
}

function zeroCounts(): Record<FindingStatus, number> {
  return { PASS: 0, FAIL: 0, ERROR: 0, NOT_APPLICABLE: 0, MUTED: 0, FIXED: 0 };
}

interface Context {
  input: EvaluationInput;
  customer: Customer;
  customerId: string;
  peers: PeerSettings;
}

function missingNeeds(needs: readonly RuleNeed[], input: EvaluationInput): RuleNeed[] {
  return needs.filter((need) => input[need] === undefined);
}

function errorFinding(ruleId: RuleId, title: string, severity: Severity, missing: RuleNeed[], ctx: Context): Finding {
  const reasons = missing.map((need) => {
    const why = ctx.input.missing?.[need];
    return why ? `${NEED_LABEL[need]} could not be read (${why})` : `${NEED_LABEL[need]} could not be read`;
  });
  const subject = accountSubject(ctx.customer);
  const rule = getRule(ruleId);
  return {
    id: findingId(ctx.customerId, ruleId, subject.id),
    ruleId,
    title,
    severity,
    status: 'ERROR',
    subject,
    message: `Not evaluated: ${reasons.join(' and ')}.`,
    evidence: { missing, ...(ctx.input.missing ? { reasons: ctx.input.missing } : {}) },
    // Shared by reference with the rule and every other finding of it: nothing is copied per finding.
    risk: rule.risk,
    remediation: rule.remediation,
    references: rule.references,
  };
}

function outcomeFinding(
  ruleId: RuleId,
  outcome: RuleOutcome,
  policySeverity: Severity | undefined,
  ruleExceptions: readonly PolicyException[],
  ctx: Context,
): Finding | undefined {
  if (outcome.status === 'PASS') return undefined;
  const rule = getRule(ruleId);
  const finding: Finding = {
    id: findingId(ctx.customerId, ruleId, outcome.subject.id),
    ruleId,
    title: rule.title,
    severity: policySeverity ?? outcome.severity ?? rule.severity,
    status: outcome.status,
    subject: outcome.subject,
    message: outcome.message,
    evidence: outcome.evidence,
    // Shared by reference with the rule and every other finding of it: nothing is copied per finding.
    risk: rule.risk,
    remediation: rule.remediation,
    references: rule.references,
  };
  if (outcome.status !== 'FAIL' || ruleExceptions.length === 0) return finding;
  const exception = findException(ruleExceptions, ruleId, outcome.subject, ctx.input.now);
  if (!exception) return finding;
  if (!exception.expired) return { ...finding, status: 'MUTED', exception };
  return { ...finding, exception, message: `${finding.message} The exception for it expired on ${exception.expires}.` };
}

function evaluateRule<Id extends RuleId>(id: Id, ctx: Context): RuleResult {
  const rule = getRule(id);
  const settings = ruleSettings(ctx.input.policy, id);
  const severity = settings.severity ?? rule.severity;
  const row: RuleRow = { ruleId: id, title: rule.title, severity, status: 'NOT_APPLICABLE', checked: 0, failed: 0, muted: 0 };
  if (!settings.enabled) return { row, findings: [], counts: zeroCounts() };

  const missing = missingNeeds(rule.needs, ctx.input);
  if (missing.length > 0) {
    return { row: { ...row, status: 'ERROR' }, findings: [errorFinding(id, rule.title, severity, missing, ctx)], counts: { ...zeroCounts(), ERROR: 1 } };
  }

  const outcomes = rule.evaluate({
    customer: ctx.customer,
    users: ctx.input.users ?? [],
    tokens: ctx.input.tokens ?? [],
    invitations: ctx.input.invitations ?? [],
    settings,
    peers: ctx.peers,
    now: ctx.input.now,
  });
  // Read once per rule: most rules have no exception, and their findings skip the lookup.
  const ruleExceptions = (ctx.input.policy.exceptions ?? []).filter((exception) => exception.rule === id);
  const findings: Finding[] = [];
  const counts = zeroCounts();
  let worst: FindingStatus = 'NOT_APPLICABLE';
  for (const outcome of outcomes) {
    const finding = outcomeFinding(id, outcome, settings.severity, ruleExceptions, ctx);
    if (finding) findings.push(finding);
    const status = finding?.status ?? 'PASS';
    counts[status] += 1;
    if (STATUS_WEIGHT[status] > STATUS_WEIGHT[worst]) worst = status;
  }
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return {
    // Checked counts the subjects actually judged: results that are not NOT_APPLICABLE.
    row: { ...row, status: worst, checked: total - counts.NOT_APPLICABLE, failed: counts.FAIL, muted: counts.MUTED },
    findings,
    counts,
  };
}

/** A finding with its sort keys read once: sorting tens of thousands compares each many times. */
interface SortEntry {
  group: number;
  rank: number;
  ruleId: string;
  name: string;
  id: string;
  finding: Finding;
}

function sortEntry(finding: Finding): SortEntry {
  return {
    group: SORT_GROUP[finding.status],
    rank: SEVERITY_RANK[finding.severity],
    ruleId: finding.ruleId,
    name: finding.subject.name,
    id: finding.subject.id,
    finding,
  };
}

function compareEntries(a: SortEntry, b: SortEntry): number {
  return (
    a.group - b.group ||
    b.rank - a.rank ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.name, b.name) ||
    compareText(a.id, b.id)
  );
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map(sortEntry)
    .sort(compareEntries)
    .map((entry) => entry.finding);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function summarize(findings: Finding[], counts: Record<FindingStatus, number>[], input: EvaluationInput): Summary {
  const byStatus = zeroCounts();
  for (const ruleCounts of counts) {
    for (const status of FINDING_STATUSES) byStatus[status] += ruleCounts[status];
  }
  return {
    byStatus,
    ...failingSeverities(findings),
    usersChecked: input.users?.length ?? 0,
    tokensChecked: input.tokens?.length ?? 0,
    invitationsChecked: input.invitations?.length ?? 0,
  };
}

/** FAIL findings by severity, and the highest of them. */
function failingSeverities(findings: readonly Finding[]): Pick<Summary, 'bySeverity' | 'highestFailingSeverity'> {
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) {
    if (finding.status === 'FAIL') bySeverity[finding.severity] += 1;
  }
  const failing = findings.filter((finding) => finding.status === 'FAIL').map((finding) => finding.severity);
  const highestFailingSeverity = SEVERITIES.find((severity) => failing.includes(severity)) ?? null;
  return { bySeverity, highestFailingSeverity };
}

export function evaluatePolicy(input: EvaluationInput): Evaluation {
  // The account's id keys finding ids; when the customer could not be read, the users still name it.
  const customerId = input.customer?.id ?? input.users?.find((user) => user.customer_id)?.customer_id ?? 'unknown';
  const peers: PeerSettings = { allowedDomains: ruleSettings(input.policy, 'user.email-domain').allowedDomains };
  const ctx: Context = { input, customer: input.customer ?? { id: customerId }, customerId, peers };
  const results = (input.only ?? RULE_IDS).map((id) => evaluateRule(id, ctx));
  const findings = sortFindings(results.flatMap((result) => result.findings));
  return {
    findings,
    rules: results.map((result) => result.row),
    summary: summarize(findings, results.map((result) => result.counts), input),
  };
}

/**
 * The evaluation once this run's fixes are written: a FAIL whose rule's change was verified is
 * FIXED, with the value found and the value read back. It no longer fails (summary, rule row,
 * run status), and the report still says what was wrong.
 */
export function withVerifiedFixes(evaluation: Evaluation, changes: readonly RemediationChange[]): Evaluation {
  const verified = new Map(changes.filter((change) => change.status === 'verified').map((change) => [change.ruleId, change]));
  if (verified.size === 0) return evaluation;
  const fixedRules = new Map<string, number>();
  const findings = evaluation.findings.map((finding): Finding => {
    const change = finding.status === 'FAIL' ? verified.get(finding.ruleId) : undefined;
    if (!change) return finding;
    fixedRules.set(finding.ruleId, (fixedRules.get(finding.ruleId) ?? 0) + 1);
    return { ...finding, status: 'FIXED', fix: { field: change.field, before: change.from, after: change.after } };
  });
  if (fixedRules.size === 0) return evaluation;
  const rules = evaluation.rules.map((row): RuleRow => {
    const fixed = fixedRules.get(row.ruleId);
    if (fixed === undefined) return row;
    const statuses = findings.filter((finding) => finding.ruleId === row.ruleId).map((finding) => finding.status);
    // The rule's other subjects passed: a row with nothing left failing shows what this run did.
    const status = statuses.reduce<FindingStatus>((worst, next) => (STATUS_WEIGHT[next] > STATUS_WEIGHT[worst] ? next : worst), 'PASS');
    return { ...row, status, failed: row.failed - fixed };
  });
  const total = [...fixedRules.values()].reduce((sum, count) => sum + count, 0);
  const { byStatus } = evaluation.summary;
  return {
    findings: sortFindings(findings),
    rules,
    summary: {
      ...evaluation.summary,
      byStatus: { ...byStatus, FAIL: byStatus.FAIL - total, FIXED: byStatus.FIXED + total },
      ...failingSeverities(findings),
    },
  };
}
