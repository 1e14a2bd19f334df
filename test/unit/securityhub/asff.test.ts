/**
 * The ASFF mapper: what each finding becomes in Security Hub across two runs, the records of
 * findings resolved since the previous run (and the ones that are not, because their rule could
 * not be evaluated), and every string within ASFF's limits whatever the API sent.
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { withDelta } from '../../../lambda/report/delta.js';
import { renderJson } from '../../../lambda/report/json.js';
import type { Finding, Report, RuleRow } from '../../../lambda/report/model.js';
import { deltaBaseOf, parsePreviousReport, type DeltaBase } from '../../../lambda/report/previous.js';
import { asffId, resourceId, toAsffFindings } from '../../../lambda/securityhub/asff.js';
import { securityHubTarget } from '../../../lambda/securityhub/target.js';
import { asffProblems, REQUIRED_FIELDS } from '../../helpers/asff-checks.js';
import { CUSTOMER, makeFinding, makeReport, userLogin, withFindingsFixed } from '../../helpers/report-fixtures.js';

const TARGET = securityHubTarget('123456789012', 'eu-west-1');
const RUN_1 = '2026-03-13T02:00:00.000Z';
const RUN_2 = '2026-03-14T02:00:00.000Z';
const IMPORTED_AT = new Date('2026-03-14T02:00:05.000Z');

const W_TOKEN = { type: 'token' as const, id: 'tok-w', name: 'deploy token' };

/** The report's row for a rule, added when missing (the fixture's rows cover four rules). */
function withRule(report: Report, row: Partial<RuleRow> & { ruleId: string }): Report {
  const base: RuleRow = { ruleId: row.ruleId, title: row.ruleId, severity: 'medium', status: 'PASS', checked: 1, failed: 0, muted: 0 };
  const rules = report.rules.some((rule) => rule.ruleId === row.ruleId)
    ? report.rules.map((rule) => (rule.ruleId === row.ruleId ? { ...rule, ...row } : rule))
    : [...report.rules, { ...base, ...row }];
  return { ...report, rules };
}

function replaceFinding(report: Report, login: string, change: (finding: Finding) => Finding | undefined): Report {
  const findings = report.findings.flatMap((finding) => (finding.subject.name === login ? (change(finding) ?? []) : [finding]));
  return { ...report, findings };
}

/** A report as the next run reads it back: archived JSON, parsed, slimmed. */
function readBack(report: Report): DeltaBase {
  return deltaBaseOf(parsePreviousReport(renderJson(report), 'latest.json'));
}

/**
 * Run 1 fails X (force_2fa), Y and Z (two users without 2FA) and W (a token without expiry).
 * Run 2 fixes X itself (FIXED), mutes Y by an exception, finds Z fixed by hand, and cannot read
 * the tokens: token.expiry is ERROR, so W is neither open nor resolved.
 */
function twoRuns(): { first: Report; second: Report; previous: DeltaBase } {
  const w = makeFinding({ customerId: CUSTOMER.id, ruleId: 'token.expiry', severity: 'high', subject: W_TOKEN, message: 'deploy token never expires' });
  let first = makeReport({ startedAt: RUN_1, failingUsers: 2 });
  first = withRule({ ...first, findings: [...first.findings, w] }, { ruleId: 'token.expiry', status: 'FAIL', failed: 1 });
  first = withDelta(first, undefined);

  let second = withFindingsFixed(makeReport({ startedAt: RUN_2, runId: 'run-0002', failingUsers: 2 }), ['account.force-2fa']);
  second = replaceFinding(second, userLogin(1), (finding) => ({
    ...finding,
    status: 'MUTED',
    exception: { reason: 'on leave, 2FA device lost', expires: '2026-04-01', ticket: 'SEC-9', expired: false },
  }));
  second = replaceFinding(second, userLogin(2), () => undefined);
  const error = makeFinding({
    customerId: CUSTOMER.id,
    ruleId: 'token.expiry',
    severity: 'medium',
    status: 'ERROR',
    subject: { type: 'account', id: CUSTOMER.id, name: CUSTOMER.name },
    message: "Not evaluated: the account's API tokens could not be read (HTTP 403 Forbidden).",
  });
  second = withRule({ ...second, findings: [...second.findings, error] }, { ruleId: 'token.expiry', status: 'ERROR', failed: 1 });
  const previous = readBack(first);
  return { first, second: withDelta(second, previous), previous };
}

function byFinding(records: AwsSecurityFinding[], findingId: string): AwsSecurityFinding | undefined {
  return records.find((record) => record.Id === asffId(CUSTOMER.id, findingId));
}

function idOf(report: Report, name: string, ruleId?: string): string {
  const finding = report.findings.find((candidate) => candidate.subject.name === name && (ruleId === undefined || candidate.ruleId === ruleId));
  if (!finding) throw new Error(`no finding for ${name}`);
  return finding.id;
}

describe('toAsffFindings across two runs', () => {
  const { first, second, previous } = twoRuns();
  const run1 = toAsffFindings({ report: first, target: TARGET, now: new Date('2026-03-13T02:00:05.000Z') });
  const run2 = toAsffFindings({ report: second, previous, target: TARGET, now: IMPORTED_AT });
  const X = idOf(first, CUSTOMER.name, 'account.force-2fa');
  const Y = idOf(first, userLogin(1));
  const Z = idOf(first, userLogin(2));
  const W = idOf(first, W_TOKEN.name);
  const errorId = idOf(second, CUSTOMER.name, 'token.expiry');

  it('run 1: every failing finding ACTIVE and FAILED, NEW, at its own severity; the muted one SUPPRESSED; nothing for the not-applicable one', () => {
    for (const id of [X, Y, Z, W]) {
      expect(byFinding(run1, id)).toMatchObject({ Compliance: { Status: 'FAILED' }, RecordState: 'ACTIVE', Workflow: { Status: 'NEW' } });
      expect(byFinding(run1, id)?.Note).toBeUndefined();
    }
    expect(byFinding(run1, X)?.Severity).toEqual({ Label: 'HIGH', Original: 'high' });
    expect(byFinding(run1, idOf(first, 'owner@example.com'))?.Severity).toEqual({ Label: 'CRITICAL', Original: 'critical' });
    expect(byFinding(run1, idOf(first, 'ci-bot@example.com'))).toMatchObject({ Compliance: { Status: 'WARNING' }, Workflow: { Status: 'SUPPRESSED' } });
    expect(run1).toHaveLength(first.findings.length - 1);
    expect(run1.map((record) => record.Id)).not.toContain(asffId(CUSTOMER.id, idOf(first, CUSTOMER.name, 'user.email-domain')));
  });

  it('run 2: X fixed by the run is PASSED and ARCHIVED, saying what was fixed', () => {
    expect(byFinding(run2, X)).toMatchObject({
      Compliance: { Status: 'PASSED' },
      RecordState: 'ARCHIVED',
      Workflow: { Status: 'RESOLVED' },
      Severity: { Label: 'INFORMATIONAL', Original: 'high' },
      ProductFields: { 'fastly-compliance-auditor/Status': 'FIXED' },
    });
    expect(byFinding(run2, X)?.Description).toMatch(/^Fixed by the auditor in run run-0002 \(force_2fa: false -> true, verified\)\. It was: force_2fa is false\.$/);
  });

  it('run 2: Y muted is SUPPRESSED with the exception\'s reason, ticket and expiry in Note (and in ProductFields, which later imports keep up to date)', () => {
    const y = byFinding(run2, Y);
    expect(y).toMatchObject({ Compliance: { Status: 'WARNING' }, RecordState: 'ACTIVE', Workflow: { Status: 'SUPPRESSED' }, Severity: { Label: 'HIGH' } });
    expect(y?.Note).toEqual({
      Text: 'Accepted by a policy exception until 2026-04-01, ticket SEC-9: on leave, 2FA device lost.',
      UpdatedBy: 'fastly-compliance-auditor',
      UpdatedAt: IMPORTED_AT.toISOString(),
    });
    expect(y?.ProductFields).toMatchObject({
      'fastly-compliance-auditor/Status': 'MUTED',
      'fastly-compliance-auditor/ExceptionReason': 'on leave, 2FA device lost',
      'fastly-compliance-auditor/ExceptionExpires': '2026-04-01',
      'fastly-compliance-auditor/ExceptionTicket': 'SEC-9',
    });
    expect(y?.Description).toMatch(/^Accepted by a policy exception until 2026-04-01, ticket SEC-9: on leave, 2FA device lost\. /);
  });

  it('run 2: Z, fixed by hand, is sent once more from the previous report: PASSED and ARCHIVED, with its subject and what it said', () => {
    const z = byFinding(run2, Z);
    expect(z).toMatchObject({
      Compliance: { Status: 'PASSED' },
      RecordState: 'ARCHIVED',
      Workflow: { Status: 'RESOLVED' },
      Severity: { Label: 'INFORMATIONAL', Original: 'high' },
      Title: `Every user has two-factor authentication enabled (user ${userLogin(2)})`,
      GeneratorId: 'user.2fa-enabled',
      CreatedAt: RUN_1,
      FirstObservedAt: RUN_1,
      LastObservedAt: RUN_1,
      UpdatedAt: IMPORTED_AT.toISOString(),
      ProductFields: { 'fastly-compliance-auditor/Status': 'RESOLVED' },
    });
    expect(z?.Description).toBe(`Resolved: no longer fails as of ${RUN_2} (run run-0002). It was: two-factor authentication is not enabled.`);
    expect(z?.Resources?.[0]?.Id).toBe(`fastly:customer/${CUSTOMER.id}/user/user-2`);
  });

  it('run 2: W is not archived, since token.expiry could not be evaluated; the ERROR is NOT_AVAILABLE and ACTIVE, never PASSED', () => {
    expect(byFinding(run2, W)).toBeUndefined();
    expect(byFinding(run2, errorId)).toMatchObject({
      Compliance: { Status: 'NOT_AVAILABLE' },
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
      Severity: { Label: 'MEDIUM' },
    });
    for (const record of [...run1, ...run2]) {
      if (record.ProductFields?.['fastly-compliance-auditor/Status'] === 'ERROR') expect(record.Compliance?.Status).not.toBe('PASSED');
    }
  });

  it('keeps the record ids of run 1 in run 2 (an update, not a duplicate), and the first-seen time as CreatedAt', () => {
    const owner = idOf(first, 'owner@example.com');
    expect(byFinding(run2, owner)?.Id).toBe(byFinding(run1, owner)?.Id);
    expect(byFinding(run2, owner)).toMatchObject({ CreatedAt: RUN_1, FirstObservedAt: RUN_1, LastObservedAt: RUN_2, UpdatedAt: IMPORTED_AT.toISOString() });
    expect(new Set(run2.map((record) => record.Id)).size).toBe(run2.length);
  });

  it('gives every record of both runs every field the ASFF schema requires, within its limits', () => {
    for (const record of [...run1, ...run2]) {
      for (const field of REQUIRED_FIELDS) expect(record[field]).toBeDefined();
      expect(asffProblems(record)).toEqual([]);
    }
  });
});

describe('records of findings open before', () => {
  const first = withDelta(makeReport({ startedAt: RUN_1, failingUsers: 2 }), undefined);
  const Z = idOf(first, userLogin(2));

  it('are not sent when the rule was not evaluated this run, or is no longer reported', () => {
    const notEvaluated = withRule(replaceFinding(makeReport({ startedAt: RUN_2, failingUsers: 2 }), userLogin(2), () => undefined), {
      ruleId: 'user.2fa-enabled',
      status: 'ERROR',
    });
    expect(byFinding(toAsffFindings({ report: notEvaluated, previous: readBack(first), target: TARGET, now: IMPORTED_AT }), Z)).toBeUndefined();

    const gone = { ...notEvaluated, rules: notEvaluated.rules.filter((rule) => rule.ruleId !== 'user.2fa-enabled') };
    expect(byFinding(toAsffFindings({ report: gone, previous: readBack(first), target: TARGET, now: IMPORTED_AT }), Z)).toBeUndefined();
  });

  it('are NOT_AVAILABLE and ARCHIVED, not PASSED, when the rule is now disabled or the subject not applicable', () => {
    const disabled = withRule(replaceFinding(makeReport({ startedAt: RUN_2, failingUsers: 2 }), userLogin(2), () => undefined), {
      ruleId: 'user.2fa-enabled',
      status: 'NOT_APPLICABLE',
    });
    expect(byFinding(toAsffFindings({ report: disabled, previous: readBack(first), target: TARGET, now: IMPORTED_AT }), Z)).toMatchObject({
      Compliance: { Status: 'NOT_AVAILABLE' },
      RecordState: 'ARCHIVED',
      Description: expect.stringMatching(/^No longer checked: user\.2fa-enabled is disabled or does not apply\. It was: /),
    });

    const notApplicable = replaceFinding(makeReport({ startedAt: RUN_2, failingUsers: 2 }), userLogin(2), (finding) => ({
      ...finding,
      status: 'NOT_APPLICABLE',
      message: 'the user is locked',
    }));
    expect(byFinding(toAsffFindings({ report: notApplicable, previous: readBack(first), target: TARGET, now: IMPORTED_AT }), Z)).toMatchObject({
      Compliance: { Status: 'NOT_AVAILABLE' },
      RecordState: 'ARCHIVED',
      Description: expect.stringMatching(/^No longer applies: the user is locked\. It was: /),
    });
  });

  it('archive an ERROR of the previous run as NOT_AVAILABLE once its rule runs again: running is no pass', () => {
    const errored = makeFinding({ customerId: CUSTOMER.id, ruleId: 'user.2fa-enabled', severity: 'high', status: 'ERROR', subject: { type: 'account', id: CUSTOMER.id, name: CUSTOMER.name } });
    const before = withDelta({ ...makeReport({ startedAt: RUN_1 }), findings: [errored] }, undefined);

    const records = toAsffFindings({ report: makeReport({ startedAt: RUN_2 }), previous: readBack(before), target: TARGET, now: IMPORTED_AT });

    expect(byFinding(records, errored.id)).toMatchObject({ Compliance: { Status: 'NOT_AVAILABLE' }, RecordState: 'ARCHIVED' });
  });

  it('only counted by the previous report are valid records made from the rule and the id, with the customer as their resource', () => {
    const previous = readBack(
      withRule(first, { ruleId: 'user.2fa-enabled', title: 'Every user has two-factor authentication enabled', severity: 'high', truncated: 1, truncatedFailingIds: ['cut-1'] }),
    );

    const records = toAsffFindings({ report: makeReport({ startedAt: RUN_2, failingUsers: 2 }), previous, target: TARGET, now: IMPORTED_AT });
    const cut = byFinding(records, 'cut-1');

    expect(cut).toMatchObject({
      Title: 'Every user has two-factor authentication enabled',
      GeneratorId: 'user.2fa-enabled',
      Compliance: { Status: 'PASSED' },
      RecordState: 'ARCHIVED',
      Severity: { Label: 'INFORMATIONAL', Original: 'high' },
      CreatedAt: RUN_1,
      Resources: [expect.objectContaining({ Id: `fastly:customer/${CUSTOMER.id}` })],
    });
    expect(cut?.Description).toMatch(/Its details were not kept: the archived report lists only the first findings of user\.2fa-enabled\.$/);
    expect(asffProblems(cut!)).toEqual([]);
  });
});

describe('the fields of a record', () => {
  const report = withDelta(makeReport({ startedAt: RUN_2, failingUsers: 1 }), undefined);
  const records = toAsffFindings({ report, target: TARGET, now: IMPORTED_AT });
  const user = byFinding(records, idOf(report, userLogin(1)))!;

  it('names the product, the account, the rule and the compliance requirements the rule is evidence for', () => {
    expect(user).toMatchObject({
      SchemaVersion: '2018-10-08',
      ProductArn: 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default',
      ProductName: 'Fastly Compliance Auditor',
      CompanyName: 'fastly-compliance-auditor',
      AwsAccountId: '123456789012',
      GeneratorId: 'user.2fa-enabled',
      Types: ['Software and Configuration Checks/Industry and Regulatory Standards/PCI-DSS', 'Software and Configuration Checks/Industry and Regulatory Standards/SOC 2'],
      FindingProviderFields: { Severity: { Label: 'HIGH', Original: 'high' }, Types: user.Types },
    });
    expect(user.Compliance?.RelatedRequirements).toEqual(['PCI DSS 8.4.2 (4.0)', 'SOC 2 CC6.1 (2017 TSC)']);
    expect(user.Remediation?.Recommendation?.Text).toMatch(/^\S/);
    expect(user.Remediation?.Recommendation?.Url).toMatch(/^https:\/\/(docs|www)\.fastly\.com\//);
    expect(user.Resources).toEqual([
      {
        Type: 'Other',
        Id: `fastly:customer/${CUSTOMER.id}/user/user-1`,
        Partition: 'aws',
        Region: 'eu-west-1',
        Details: { Other: { CustomerId: CUSTOMER.id, CustomerName: CUSTOMER.name, SubjectType: 'user', SubjectId: 'user-1', SubjectName: userLogin(1) } },
      },
    ]);
    expect(user.ProductFields).toEqual({
      'fastly-compliance-auditor/CustomerId': CUSTOMER.id,
      'fastly-compliance-auditor/CustomerName': CUSTOMER.name,
      'fastly-compliance-auditor/RuleId': 'user.2fa-enabled',
      'fastly-compliance-auditor/FindingId': idOf(report, userLogin(1)),
      'fastly-compliance-auditor/Status': 'FAIL',
      'fastly-compliance-auditor/RunId': 'run-0001',
    });
  });

  it('ids its records by customer and finding, and its resources by customer and subject, each segment encoded', () => {
    expect(asffId('cust/1', 'abc')).toBe('fastly-compliance-auditor/cust%2F1/abc');
    expect(resourceId('cust/1', undefined)).toBe('fastly:customer/cust%2F1');
    expect(resourceId('c1', { type: 'account', id: 'c1', name: 'ACME' })).toBe('fastly:customer/c1');
    expect(resourceId('c1', { type: 'token', id: 't/../1', name: 'x' })).toBe('fastly:customer/c1/token/t%2F..%2F1');
    expect(resourceId('c1', { type: 'invitation', id: 'inv1', name: 'a@example.com' })).toBe('fastly:customer/c1/invitation/inv1');
    expect(asffId('c'.repeat(600), 'abc')).toHaveLength(512);
  });

  it('keeps hostile, oversized API data inert and within every limit', () => {
    const hostile = `Evil\n# heading\u001b]8;;https://evil.example\u0007link\u202e${'A'.repeat(100_000)}`;
    const customer = { id: CUSTOMER.id, name: hostile };
    let big = makeReport({ startedAt: RUN_2, failingUsers: 1, customer });
    big = replaceFinding(big, userLogin(1), (finding) => ({
      ...finding,
      subject: { ...finding.subject, name: hostile },
      message: `login ${hostile} has no 2FA`,
      attribution: { eventId: 'e1', eventType: 'two_factor_auth.disable', at: RUN_1, actor: { id: 'u9', login: hostile }, ip: '192.0.2.1', admin: false, description: hostile },
    }));
    big = replaceFinding(big, 'ci-bot@example.com', (finding) => ({ ...finding, exception: { reason: hostile, expires: '2027-01-01', ticket: hostile, expired: false } }));

    const out = toAsffFindings({ report: withDelta(big, undefined), target: TARGET, now: IMPORTED_AT });

    expect(out.length).toBeGreaterThan(0);
    for (const record of out) expect(asffProblems(record)).toEqual([]);
    const userRecord = out.find((record) => record.Resources?.[0]?.Details?.Other?.SubjectId === 'user-1')!;
    expect(userRecord.Title).toHaveLength(256);
    expect(userRecord.Title).toMatch(/^Every user has two-factor authentication enabled \(user Evil\\n# heading\\x1b\]8;;https:\/\/evil\.example\\x07link\\u202eA+\.\.\.$/);
    expect(userRecord.Description).toHaveLength(1024);
    expect(userRecord.Description?.endsWith('...')).toBe(true);
    expect(out.find((record) => record.Note)?.Note?.Text).toHaveLength(512);
  });

  it('never dates a record after its import, whatever the clocks of earlier runs said', () => {
    const future = withDelta(makeReport({ startedAt: '2030-01-01T00:00:00.000Z', failingUsers: 1 }), undefined);
    for (const record of toAsffFindings({ report: future, target: TARGET, now: IMPORTED_AT })) {
      expect(record).toMatchObject({ CreatedAt: IMPORTED_AT.toISOString(), LastObservedAt: IMPORTED_AT.toISOString() });
    }
  });
});
