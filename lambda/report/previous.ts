/**
 * The previous report, read back: one parser for the CLI's `--previous` file and the Lambda's
 * latest/<customer_id>.json. It checks every field a delta, a renderer or a notification reads of
 * a schemaVersion 1 report (design.md, "Report") and keeps only those; fields it does not read
 * (a finding's evidence, remediation text and exception) may be anything. A problem names the
 * source and the JSON path: `previous report old.json is not a schemaVersion 1 report
 * (findings[0]: expected an object, got null)`.
 */
import { AuditorError } from '../errors.js';
import { REMEDIATION_MODES } from '../modes.js';
import { toPolicyIssues, type PolicyIssue } from '../policy/issues.js';
import * as z from '../zod.js';
import { isOpen } from './first-seen.js';
import { FINDING_STATUSES, RUN_STATUSES, SEVERITIES, SUBJECT_TYPES } from './model.js';

const count = z.int().check(z.minimum(0));

const FindingSchema = z.object({
  id: z.string().check(z.minLength(1)),
  ruleId: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(FINDING_STATUSES),
  subject: z.object({ type: z.enum(SUBJECT_TYPES), id: z.string(), name: z.string() }),
  message: z.string(),
  // Reports written before first-seen dates were kept have none.
  firstSeenAt: z.optional(z.iso.datetime({ offset: true })),
});

const RuleRowSchema = z.object({
  ruleId: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(FINDING_STATUSES),
  checked: count,
  failed: count,
  muted: count,
  truncated: z.optional(count),
  truncatedFailingIds: z.optional(z.array(z.string())),
});

const PreviousReportSchema = z.object({
  schemaVersion: z.literal(1),
  runId: z.string(),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }),
  tool: z.object({ name: z.string(), version: z.string() }),
  customer: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(RUN_STATUSES),
  summary: z.object({
    // Reports written before status FIXED existed have no FIXED count.
    byStatus: z.partialRecord(z.enum(FINDING_STATUSES), count),
    bySeverity: z.record(z.enum(SEVERITIES), count),
    usersChecked: count,
    // Reports written before tokens were read have neither.
    tokensChecked: z.optional(count),
    invitationsChecked: z.optional(count),
    highestFailingSeverity: z.nullable(z.enum(SEVERITIES)),
  }),
  rules: z.array(RuleRowSchema),
  findings: z.array(FindingSchema),
  remediation: z.object({
    mode: z.enum(REMEDIATION_MODES),
    changes: z.array(z.object({ ruleId: z.string(), field: z.string(), status: z.string() })),
  }),
  errors: z.array(
    z.object({
      message: z.string(),
      status: z.optional(z.int()),
      operation: z.optional(z.string()),
      action: z.optional(z.string()),
    }),
  ),
});

/** A previous report as far as it was checked: a full Report is one. */
export type PreviousReport = z.output<typeof PreviousReportSchema>;

/**
 * An open finding of the previous report (FAIL, ERROR or MUTED), as far as the next run reads it:
 * the delta its id, rule and status; the first-seen dates its `firstSeenAt`; Security Hub's record
 * of it, once it is resolved, the rest.
 */
export type PreviousFinding = Pick<PreviousReport['findings'][number], 'id' | 'ruleId' | 'title' | 'severity' | 'status' | 'subject' | 'message' | 'firstSeenAt'>;

/** What the next run reads of the previous report: its status, start, customer, and what was open. */
export interface DeltaBase {
  status: PreviousReport['status'];
  startedAt: string;
  runId: string;
  customer: { id: string };
  findings: PreviousFinding[];
  /** The rules whose findings an archived report only counted (and their open ids). */
  rules: Pick<PreviousReport['rules'][number], 'ruleId' | 'title' | 'severity' | 'truncatedFailingIds'>[];
}

/**
 * The longest message kept of a previous finding: Security Hub's record of a resolved finding
 * quotes it in a Description of at most 1,024 characters.
 */
const MAX_KEPT_MESSAGE = 1_024;

/**
 * The previous report slimmed to what the next run reads: its open findings (with what a record
 * of them needs), rules as the ids they only counted. The Lambda keeps this, not the report,
 * while the run goes on.
 */
export function deltaBaseOf(previous: PreviousReport): DeltaBase {
  return {
    status: previous.status,
    startedAt: previous.startedAt,
    runId: previous.runId,
    customer: { id: previous.customer.id },
    findings: previous.findings.filter(isOpen).map(({ id, ruleId, title, severity, status, subject, message, firstSeenAt }) => ({
      id,
      ruleId,
      title,
      severity,
      status,
      subject: { type: subject.type, id: subject.id, name: subject.name },
      message: message.length > MAX_KEPT_MESSAGE ? message.slice(0, MAX_KEPT_MESSAGE) : message,
      ...(firstSeenAt === undefined ? {} : { firstSeenAt }),
    })),
    rules: previous.rules
      .filter((rule) => rule.truncatedFailingIds !== undefined)
      .map(({ ruleId, title, severity, truncatedFailingIds }) => ({ ruleId, title, severity, truncatedFailingIds })),
  };
}

/** The operation of a failed read of the previous report (a file given to the CLI, or the archive's latest). */
export const READ_PREVIOUS_REPORT = 'read_previous_report';

/** Problems listed in a message before "and N more". */
const MAX_LISTED_ISSUES = 5;

/** A previous report that cannot be used: which one, and each problem with its JSON path. */
export class PreviousReportError extends AuditorError {
  override readonly name = 'PreviousReportError';
  readonly source: string;
  readonly issues: PolicyIssue[];

  /** `problem` completes "previous report <source> ...". */
  constructor(source: string, problem: string, issues: PolicyIssue[] = []) {
    super(`previous report ${source} ${problem}`, {
      operation: READ_PREVIOUS_REPORT,
      action: 'Give --previous a JSON report this auditor wrote (--format json or --output), or leave --previous out.',
    });
    this.source = source;
    this.issues = issues;
  }
}

function listIssues(issues: readonly PolicyIssue[]): string {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => `${issue.path}: ${issue.message}`);
  const more = issues.length - listed.length;
  return `${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** Parses a previous report's JSON text; throws PreviousReportError naming `source` and the path. */
export function parsePreviousReport(text: string, source: string): PreviousReport {
  let data: unknown;
  try {
    // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new PreviousReportError(source, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = PreviousReportSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const issues = toPolicyIssues(result.error.issues, () => []);
    throw new PreviousReportError(source, `is not a schemaVersion 1 report (${listIssues(issues)})`, issues);
  }
  return result.data;
}

/**
 * Refuses a previous report of another account than the one audited: compared with it, every
 * finding would be both new and resolved. Called once the account is read, before any write.
 */
export function checkSameCustomer(previous: PreviousReport, source: string, customer: { id: string; name: string }): void {
  if (previous.customer.id === customer.id) return;
  throw new PreviousReportError(
    source,
    `is for customer ${previous.customer.id} (${previous.customer.name}), not for the account this run audits, ` +
      `${customer.id} (${customer.name})`,
  );
}
