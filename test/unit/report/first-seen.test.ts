/**
 * First-seen dates: a finding keeps the date it was first reported open for as long as it stays
 * open from one complete report to the next, and the date survives the archive's JSON and the
 * slimmed previous report the Lambda keeps.
 */
import { withDelta } from '../../../lambda/report/delta.js';
import { withFirstSeen } from '../../../lambda/report/first-seen.js';
import { renderJson } from '../../../lambda/report/json.js';
import type { Report } from '../../../lambda/report/model.js';
import { deltaBaseOf, parsePreviousReport } from '../../../lambda/report/previous.js';
import { makeReport, userLogin, withFindingsFixed } from '../../helpers/report-fixtures.js';

const FIRST = '2026-03-12T02:00:00.000Z';
const SECOND = '2026-03-13T02:00:00.000Z';
const THIRD = '2026-03-14T02:00:00.000Z';

function seen(report: Report): Record<string, string | undefined> {
  return Object.fromEntries(report.findings.map((finding) => [`${finding.status} ${finding.subject.name}`, finding.firstSeenAt]));
}

/** A report as the next run reads it back from the archive. */
function readBack(report: Report) {
  return deltaBaseOf(parsePreviousReport(renderJson(report), 'latest.json'));
}

describe('withFirstSeen', () => {
  it('dates every open and fixed finding of a first run by the run, and no not-applicable one', () => {
    const report = withFirstSeen(withFindingsFixed(makeReport({ startedAt: FIRST, failingUsers: 1 }), ['account.force-2fa']), undefined);

    expect(seen(report)).toEqual({
      'FAIL owner@example.com': FIRST,
      'FIXED ACME Corp': FIRST,
      [`FAIL ${userLogin(1)}`]: FIRST,
      'MUTED ci-bot@example.com': FIRST,
      'NOT_APPLICABLE ACME Corp': undefined,
    });
  });

  it('keeps the date while a finding stays open, through the archive and back, and dates a new one by its run', () => {
    const first = withDelta(makeReport({ startedAt: FIRST, failingUsers: 1 }), undefined);
    const second = withDelta(makeReport({ startedAt: SECOND, failingUsers: 2 }), readBack(first));
    const third = withDelta(makeReport({ startedAt: THIRD, failingUsers: 2 }), readBack(second));

    expect(seen(third)).toEqual(
      expect.objectContaining({
        'FAIL owner@example.com': FIRST,
        [`FAIL ${userLogin(1)}`]: FIRST,
        [`FAIL ${userLogin(2)}`]: SECOND,
        'MUTED ci-bot@example.com': FIRST,
      }),
    );
    expect(renderJson(third)).toContain(`"firstSeenAt": "${FIRST}"`);
  });

  it('starts again when a finding was resolved in between', () => {
    const first = withDelta(makeReport({ startedAt: FIRST, failingUsers: 1 }), undefined);
    const second = withDelta(makeReport({ startedAt: SECOND, failingUsers: 0 }), readBack(first));
    const third = withDelta(makeReport({ startedAt: THIRD, failingUsers: 1 }), readBack(second));

    expect(seen(third)[`FAIL ${userLogin(1)}`]).toBe(THIRD);
  });

  it('gives a finding the previous report only counted, or one from a report without dates, that report\'s start', () => {
    const previous = makeReport({ startedAt: SECOND, failingUsers: 2 });
    const counted = previous.findings.find((finding) => finding.subject.name === userLogin(2))!;
    const rules = previous.rules.map((rule) => (rule.ruleId === 'user.2fa-enabled' ? { ...rule, truncated: 1, truncatedFailingIds: [counted.id] } : rule));
    const base = readBack({ ...previous, rules, findings: previous.findings.filter((finding) => finding !== counted) });

    const current = withFirstSeen(makeReport({ startedAt: THIRD, failingUsers: 2 }), base);

    expect(seen(current)[`FAIL ${userLogin(2)}`]).toBe(SECOND);
    expect(seen(current)[`FAIL ${userLogin(1)}`]).toBe(SECOND);
  });
});

describe('the slimmed previous report', () => {
  it('keeps what a record of a resolved finding needs, with long messages cut to what a Security Hub description holds', () => {
    const report = makeReport({ failingUsers: 1 });
    report.findings[0] = { ...report.findings[0]!, message: 'x'.repeat(5_000) };

    const base = readBack(withDelta(report, undefined));

    expect(base.findings[0]).toEqual({
      id: report.findings[0].id,
      ruleId: report.findings[0].ruleId,
      title: report.findings[0].title,
      severity: report.findings[0].severity,
      status: 'FAIL',
      subject: report.findings[0].subject,
      message: 'x'.repeat(1_024),
      firstSeenAt: report.startedAt,
    });
    expect(base.findings.map((finding) => finding.status)).not.toContain('NOT_APPLICABLE');
  });
});
