/**
 * The one previous-report parser (CLI --previous and the Lambda's latest report): what it
 * accepts, what it keeps, and problems that name the source and the JSON path.
 */
import { AuditorError } from '../../../lambda/errors.js';
import { toReportError } from '../../../lambda/failure.js';
import { computeDelta } from '../../../lambda/report/delta.js';
import { createErrorReport } from '../../../lambda/report/error-report.js';
import { renderJson } from '../../../lambda/report/json.js';
import { checkSameCustomer, parsePreviousReport, PreviousReportError } from '../../../lambda/report/previous.js';
import { makeReport, withFindingsFixed } from '../../helpers/report-fixtures.js';

const SOURCE = 'reports/old.json';

/** The error parsing `value` (as JSON text) throws; fails the test when it parses. */
function problem(value: unknown): PreviousReportError {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  try {
    parsePreviousReport(text, SOURCE);
  } catch (error) {
    if (error instanceof PreviousReportError) return error;
    throw error;
  }
  throw new Error('expected the previous report to be refused');
}

describe('parsePreviousReport accepts', () => {
  it('a report as the auditor writes it, keeping what the delta and the renderers read', () => {
    const report = makeReport({ failingUsers: 2 });

    const parsed = parsePreviousReport(renderJson(report), SOURCE);

    expect(parsed).toMatchObject({ schemaVersion: 1, runId: report.runId, status: report.status, customer: report.customer, summary: report.summary });
    expect(parsed.rules).toEqual(report.rules);
    expect(parsed.findings).toEqual(
      report.findings.map(({ id, ruleId, title, severity, status, subject, message }) => ({ id, ruleId, title, severity, status, subject, message })),
    );
  });

  it('the same delta as the report it was written from', () => {
    const previous = makeReport({ failingUsers: 3 });
    const current = makeReport({ failingUsers: 2 });

    expect(computeDelta(current, parsePreviousReport(renderJson(previous), SOURCE))).toEqual(computeDelta(current, previous));
    expect(computeDelta(current, previous)?.resolved).toHaveLength(1);
  });

  it('a report with a delta, fields it does not read, and a byte-order mark', () => {
    const report = { ...makeReport(), delta: { new: [], resolved: [], unchanged: [], previousStatus: 'PASS' }, compliance: [{ framework: 'PCI DSS' }] };
    report.findings[0]!.evidence = { anything: ['goes', 1, null] };

    const parsed = parsePreviousReport(`\uFEFF${JSON.stringify(report)}`, SOURCE);

    expect(parsed.runId).toBe(report.runId);
    expect(parsed).not.toHaveProperty('compliance');
  });

  it('the ERROR report of a run that could not start', () => {
    const report = createErrorReport({
      runId: 'run-error',
      startedAt: new Date('2026-03-14T03:00:00Z'),
      finishedAt: new Date('2026-03-14T03:00:01Z'),
      errors: [{ message: 'secret x has no token', operation: 'read_token_secret', action: 'put it' }],
      mode: 'plan',
    });

    expect(parsePreviousReport(renderJson(report), SOURCE)).toMatchObject({ status: 'ERROR', findings: [], errors: report.errors });
  });
});

describe('parsePreviousReport reads reports of both generations', () => {
  it('a report with FIXED findings and a FIXED count', () => {
    const report = withFindingsFixed(makeReport(), ['account.force-2fa']);

    const parsed = parsePreviousReport(renderJson(report), SOURCE);

    expect(parsed.summary.byStatus.FIXED).toBe(1);
    expect(parsed.findings.find((finding) => finding.ruleId === 'account.force-2fa')?.status).toBe('FIXED');
  });

  it('a report written before FIXED existed, whose counts have no FIXED', () => {
    const report = JSON.parse(renderJson(makeReport())) as { summary: { byStatus: Record<string, number> } };
    delete report.summary.byStatus.FIXED;

    expect(parsePreviousReport(JSON.stringify(report), SOURCE).summary.byStatus).not.toHaveProperty('FIXED');
  });
});

describe('parsePreviousReport refuses, naming the source and the JSON path', () => {
  it('a null finding', () => {
    const error = problem({ ...makeReport(), findings: [null] });

    expect(error.message).toBe(`previous report ${SOURCE} is not a schemaVersion 1 report (findings[0]: expected an object, got null)`);
    expect(error.issues).toEqual([{ path: 'findings[0]', message: 'expected an object, got null' }]);
    expect(error.source).toBe(SOURCE);
  });

  it('another schema version', () => {
    expect(problem({ ...makeReport(), schemaVersion: 2 }).message).toBe(
      `previous report ${SOURCE} is not a schemaVersion 1 report (schemaVersion: expected one of 1, got number 2)`,
    );
  });

  it('missing top-level fields', () => {
    const { status: _status, customer: _customer, ...rest } = makeReport();

    expect(problem(rest).issues).toEqual([
      { path: 'customer', message: 'is required' },
      { path: 'status', message: 'is required' },
    ]);
  });

  it('findings without what the delta and the renderers read', () => {
    const report = makeReport({ failingUsers: 2 });
    const findings = report.findings.map((finding) => ({ ...finding }));
    delete (findings[0] as Partial<(typeof findings)[number]>).id;
    findings[1] = { ...findings[1]!, severity: 'urgent' as never, subject: { ...findings[1]!.subject, name: 42 as never } };

    const error = problem({ ...report, findings });

    expect(error.issues.map((issue) => issue.path)).toEqual(['findings[0].id', 'findings[1].severity', 'findings[1].subject.name']);
    expect(error.message).toContain('findings[0].id: is required');
    expect(error.message).toContain('findings[1].severity: expected one of "critical", "high", "medium", "low", got the string "urgent"');
    expect(error.message).toContain('findings[1].subject.name: expected a string, got number 42');
  });

  it('a finding id that is empty (the delta keys on it)', () => {
    const report = makeReport();
    report.findings[0]!.id = '';

    expect(problem(report).message).toContain('(findings[0].id: must not be empty)');
  });

  it('something that is not a report at all, listing five problems and counting the rest', () => {
    const error = problem([{ findings: [] }]);
    expect(error.message).toBe(`previous report ${SOURCE} is not a schemaVersion 1 report ((root): expected an object, got an array)`);

    const many = problem({ schemaVersion: 1 });
    expect(many.issues.length).toBeGreaterThan(5);
    expect(many.message).toMatch(new RegExp(`; and ${many.issues.length - 5} more\\)$`));
  });

  it('text that is not JSON', () => {
    const error = problem('{"schemaVersion": 1, "runId": ');

    expect(error.message).toMatch(/^previous report reports\/old\.json is not valid JSON \(.+\)$/);
    expect(error.issues).toEqual([]);
  });
});

describe('checkSameCustomer', () => {
  const previous = parsePreviousReport(renderJson(makeReport()), SOURCE);

  it('accepts the report of the account audited', () => {
    expect(() => checkSameCustomer(previous, SOURCE, { id: previous.customer.id, name: 'renamed' })).not.toThrow();
  });

  it('refuses another customer\'s report, naming the file and both accounts', () => {
    let error: unknown;
    try {
      checkSameCustomer(previous, SOURCE, { id: 'other-id', name: 'Other Co' });
    } catch (thrown) {
      error = thrown;
    }

    expect(error).toBeInstanceOf(PreviousReportError);
    expect((error as Error).message).toBe(
      `previous report ${SOURCE} is for customer x4xCwxxJxGCx123Rx5xTx (ACME Corp), not for the account this run audits, other-id (Other Co)`,
    );
  });
});

describe('PreviousReportError', () => {
  it('is a member of the error family with its own step and action', () => {
    const error = problem({ ...makeReport(), findings: [null] });

    expect(error).toBeInstanceOf(AuditorError);
    expect(error.name).toBe('PreviousReportError');
    expect(toReportError(error)).toEqual({
      message: error.message,
      operation: 'read_previous_report',
      action: 'Give --previous a JSON report this auditor wrote (--format json or --output), or leave --previous out.',
    });
  });
});

