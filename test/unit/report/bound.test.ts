import { boundFindings, MAX_FINDINGS_PER_RULE } from '../../../lambda/report/bound.js';
import { renderJson } from '../../../lambda/report/json.js';
import { parsePreviousReport } from '../../../lambda/report/previous.js';
import { makeReport } from '../../helpers/report-fixtures.js';

describe('boundFindings', () => {
  it('leaves a report with few findings per rule as it is', () => {
    const report = makeReport({ failingUsers: 5 });
    expect(boundFindings(report, 10)).toBe(report);
  });

  it('keeps the first findings of each rule, and counts the rest with the ids of those that fail', () => {
    const report = makeReport({ failingUsers: 5 });
    const userFindings = report.findings.filter((finding) => finding.ruleId === 'user.2fa-enabled');

    const bounded = boundFindings(report, 3);

    // Five failing users and one muted service account: three listed, three counted.
    expect(bounded.findings.filter((finding) => finding.ruleId === 'user.2fa-enabled')).toEqual(userFindings.slice(0, 3));
    expect(bounded.findings.filter((finding) => finding.ruleId !== 'user.2fa-enabled')).toEqual(report.findings.filter((finding) => finding.ruleId !== 'user.2fa-enabled'));
    const row = bounded.rules.find((rule) => rule.ruleId === 'user.2fa-enabled');
    expect(row).toMatchObject({ truncated: 3, truncatedFailingIds: userFindings.slice(3).filter((finding) => finding.status === 'FAIL').map((finding) => finding.id) });
    expect(row?.truncatedFailingIds).toHaveLength(2);
    // Everything else is the report's own.
    expect({ ...bounded, findings: [], rules: [] }).toEqual({ ...report, findings: [], rules: [] });
    expect(bounded.rules.filter((rule) => rule.truncated === undefined)).toEqual(report.rules.filter((rule) => rule.ruleId !== 'user.2fa-enabled'));
  });

  it('stays a schemaVersion 1 report the previous-report reader accepts, with the new fields after the old', () => {
    const json = renderJson(boundFindings(makeReport({ failingUsers: MAX_FINDINGS_PER_RULE + 2 })));
    const read = parsePreviousReport(json, 'bounded.json');
    expect(read.schemaVersion).toBe(1);
    expect(read.rules.find((rule) => rule.ruleId === 'user.2fa-enabled')).toMatchObject({ truncated: 3, truncatedFailingIds: expect.any(Array) });
    const row = (JSON.parse(json) as { rules: Record<string, unknown>[] }).rules.find((rule) => rule.ruleId === 'user.2fa-enabled');
    expect(Object.keys(row ?? {})).toEqual(['ruleId', 'title', 'severity', 'status', 'checked', 'failed', 'muted', 'truncated', 'truncatedFailingIds']);
  });
});
