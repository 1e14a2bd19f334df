/**
 * A run's findings in the AWS Security Finding Format (ASFF, schema 2018-10-08), as the Lambda
 * imports them into Security Hub and `--format asff` prints them. Pure: the report, the previous
 * report as the run keeps it, where the findings go, and the time of the import.
 *
 * - `Id` is `fastly-compliance-auditor/<customer id>/<finding id>`: the finding id is already
 *   stable (a hash of customer, rule and subject), so a re-import updates the record instead of
 *   adding one; the prefix keeps it apart from other custom integrations that share the account's
 *   default product, and lets a filter on `Id` select one customer.
 * - `GeneratorId` is the rule id; `ProductName` "Fastly Compliance Auditor" (a custom integration
 *   may set it), so findings are filtered by either.
 * - `CreatedAt` and `FirstObservedAt` are when the auditor first reported the finding open
 *   (`firstSeenAt`), `LastObservedAt` the start of the last run that saw it, `UpdatedAt` the import.
 * - Strings from the API are escaped and cut to ASFF's limits (lambda/securityhub/fields.ts).
 */
import type { AwsSecurityFinding, SeverityLabel } from '@aws-sdk/client-securityhub';
import { getRule, isRuleId } from '../policy/catalog.js';
import { requirementsFor, type Framework } from '../policy/compliance.js';
import { describeAttribution } from '../report/facts.js';
import type { Report, Severity } from '../report/model.js';
import type { DeltaBase } from '../report/previous.js';
import { TOOL_NAME } from '../version.js';
import { ASFF_LIMITS, ASFF_SCHEMA_VERSION, asffMap, asffText } from './fields.js';
import { plannedRecords, RECORD_STATES, sentence, type RecordFacts } from './lifecycle.js';
import type { SecurityHubTarget } from './target.js';

export type AsffFinding = AwsSecurityFinding;

export const PRODUCT_NAME = 'Fastly Compliance Auditor';

/** ProductFields keys start with the product, as Security Hub's own start with aws/securityhub/. */
const FIELD_PREFIX = `${TOOL_NAME}/`;

/** Security Hub's types taxonomy: Software and Configuration Checks / Industry and Regulatory Standards / <standard>. */
const STANDARD_TYPES: Record<Framework, string> = { 'PCI DSS': 'PCI-DSS', 'SOC 2': 'SOC 2' };
const CHECKS = 'Software and Configuration Checks';

const SEVERITY_LABELS: Record<Severity, SeverityLabel> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW' };

export interface AsffInput {
  report: Report;
  /** The previous complete report (slimmed as the Lambda keeps it, or whole): its open findings that are resolved now are archived. */
  previous?: DeltaBase;
  target: SecurityHubTarget;
  /** The time of the import: UpdatedAt of every record. */
  now: Date;
}

/** The record id of a finding: stable across runs (the finding id is), and within ASFF's 512 characters. */
export function asffId(customerId: string, findingId: string): string {
  return `${TOOL_NAME}/${encodeURIComponent(customerId)}/${findingId}`.slice(0, ASFF_LIMITS.id);
}

/** `fastly:customer/<id>`, `fastly:customer/<id>/user/<id>` (token, invitation): ids encoded, so a "/" in one adds no level. */
export function resourceId(customerId: string, subject: RecordFacts['subject']): string {
  const customer = `fastly:customer/${encodeURIComponent(customerId)}`;
  const own = subject && subject.type !== 'account' ? `/${subject.type}/${encodeURIComponent(subject.id)}` : '';
  return `${customer}${own}`.slice(0, ASFF_LIMITS.resourceId);
}

function typesOf(ruleId: string): string[] {
  const frameworks = isRuleId(ruleId) ? [...new Set(requirementsFor(ruleId).map((row) => row.framework))] : [];
  const types = frameworks.map((framework) => `${CHECKS}/Industry and Regulatory Standards/${STANDARD_TYPES[framework]}`);
  return (types.length > 0 ? types : [CHECKS]).slice(0, ASFF_LIMITS.types);
}

function relatedRequirements(ruleId: string): string[] {
  if (!isRuleId(ruleId)) return [];
  return requirementsFor(ruleId)
    .slice(0, ASFF_LIMITS.relatedRequirements)
    .map((row) => asffText(`${row.framework} ${row.requirement} (${row.version})`, ASFF_LIMITS.relatedRequirement));
}

function remediation(ruleId: string): Pick<AsffFinding, 'Remediation'> {
  if (!isRuleId(ruleId)) return {};
  const rule = getRule(ruleId);
  const url = rule.references[0]?.url;
  return { Remediation: { Recommendation: { Text: asffText(rule.remediation.console, ASFF_LIMITS.recommendation), ...(url ? { Url: url } : {}) } } };
}

function title(facts: RecordFacts): string {
  const about = facts.subject ? ` (${facts.subject.type} ${facts.subject.name.trim() || facts.subject.id})` : '';
  return asffText(`${facts.title}${about}`, ASFF_LIMITS.title);
}

function exceptionText(exception: NonNullable<RecordFacts['exception']>): string {
  const ticket = exception.ticket ? `, ticket ${exception.ticket}` : '';
  return `Accepted by a policy exception until ${exception.expires}${ticket}: ${exception.reason}`;
}

function description(facts: RecordFacts): string {
  const parts = [
    ...(facts.kind === 'muted' && facts.exception ? [exceptionText(facts.exception)] : []),
    facts.message,
    ...(facts.attribution ? [`Audit log: ${describeAttribution(facts.attribution)}`] : []),
  ];
  return asffText(parts.map(sentence).join(' '), ASFF_LIMITS.description);
}

function productFields(report: Report, facts: RecordFacts): Record<string, string> {
  const field = (name: string) => `${FIELD_PREFIX}${name}`;
  return asffMap(
    {
      [field('CustomerId')]: report.customer.id,
      [field('CustomerName')]: report.customer.name,
      [field('RuleId')]: facts.ruleId,
      [field('FindingId')]: facts.id,
      [field('Status')]: facts.auditStatus,
      [field('RunId')]: report.runId,
      // An audit of the built-in simulator's demo account.
      [field('Demo')]: report.demo ? 'true' : undefined,
      // Security Hub keeps the Note a finding was created with: these follow the exception.
      [field('ExceptionReason')]: facts.exception?.reason,
      [field('ExceptionExpires')]: facts.exception?.expires,
      [field('ExceptionTicket')]: facts.exception?.ticket,
      [field('ChangedBy')]: facts.attribution ? describeAttribution(facts.attribution) : undefined,
    },
    { pairs: ASFF_LIMITS.productFields, key: ASFF_LIMITS.productFieldKey, value: ASFF_LIMITS.productFieldValue },
  );
}

function resource(report: Report, facts: RecordFacts, target: SecurityHubTarget): NonNullable<AsffFinding['Resources']>[number] {
  const other = asffMap(
    {
      CustomerId: report.customer.id,
      CustomerName: report.customer.name,
      SubjectType: facts.subject?.type,
      SubjectId: facts.subject?.id,
      SubjectName: facts.subject?.name,
    },
    { pairs: ASFF_LIMITS.otherFields, key: ASFF_LIMITS.otherKey, value: ASFF_LIMITS.otherValue },
  );
  return { Type: 'Other', Id: resourceId(report.customer.id, facts.subject), Partition: target.partition, Region: target.region, Details: { Other: other } };
}

function toAsff(input: AsffInput, facts: RecordFacts): AsffFinding {
  const { report, target } = input;
  const state = RECORD_STATES[facts.kind];
  const now = input.now.toISOString();
  // A clock behind the reports' would give a record seen after its own update.
  const notAfterNow = (time: string) => (Date.parse(time) <= input.now.getTime() ? time : now);
  const firstSeen = notAfterNow(facts.firstSeenAt);
  // Security Hub's guidance: INFORMATIONAL for a check that passed or is no longer open.
  const severity = { Label: state.record === 'ARCHIVED' ? 'INFORMATIONAL' : SEVERITY_LABELS[facts.severity], Original: facts.severity };
  const types = typesOf(facts.ruleId);
  const requirements = relatedRequirements(facts.ruleId);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: asffId(report.customer.id, facts.id),
    ProductArn: target.productArn,
    ProductName: PRODUCT_NAME,
    CompanyName: TOOL_NAME,
    GeneratorId: asffText(facts.ruleId, ASFF_LIMITS.generatorId),
    AwsAccountId: target.accountId,
    Types: types,
    FirstObservedAt: firstSeen,
    LastObservedAt: notAfterNow(facts.lastSeenAt),
    CreatedAt: firstSeen,
    UpdatedAt: now,
    Severity: severity,
    Title: title(facts),
    Description: description(facts),
    ...remediation(facts.ruleId),
    ProductFields: productFields(report, facts),
    Resources: [resource(report, facts, target)],
    Compliance: { Status: state.compliance, ...(requirements.length > 0 ? { RelatedRequirements: requirements } : {}) },
    RecordState: state.record,
    Workflow: { Status: state.workflow },
    ...(facts.kind === 'muted' && facts.exception
      ? { Note: { Text: asffText(`${exceptionText(facts.exception)}.`, ASFF_LIMITS.note), UpdatedBy: TOOL_NAME, UpdatedAt: now } }
      : {}),
    FindingProviderFields: { Severity: severity, Types: types },
  };
}

/**
 * The records a run sends, in the order it sends them: how many, and each made only when it is
 * taken (an account of 100,000 failing users would otherwise hold 100,000 records at once).
 */
export function asffRecords(input: AsffInput): { total: number; records: Iterable<AsffFinding> } {
  const planned = plannedRecords(input.report, input.previous);
  return { total: planned.length, records: (function* () { for (const facts of planned) yield toAsff(input, facts); })() };
}

/** Every record the run sends, all at once (the command line's `--format asff`, tests). */
export function toAsffFindings(input: AsffInput): AsffFinding[] {
  return [...asffRecords(input).records];
}
