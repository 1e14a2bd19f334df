import { renderJson } from '../../../lambda/report/json.js';
import type { Report } from '../../../lambda/report/model.js';
import { makeReport, REFERENCES, RISKS, sampleChanges } from '../../helpers/report-fixtures.js';

/** The same report with every object's keys in reverse order, as a careless producer might build it. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reversed(inner)]));
  }
  return value;
}

describe('renderJson', () => {
  it('is pretty-printed JSON that parses back to the same report', () => {
    const report = makeReport({ changes: sampleChanges() });
    const json = renderJson(report);
    expect(json).toContain('\n  "runId": "run-0001",\n');
    expect(JSON.parse(json)).toEqual(report);
  });

  it('writes keys in the model order whatever order the object has', () => {
    const report = makeReport({ changes: sampleChanges() });
    report.delta = { new: ['a'], resolved: [], unchanged: [], previousStatus: 'PASS' };
    const json = renderJson(reversed(report) as Report);
    expect(json).toBe(renderJson(report));
    expect(Object.keys(JSON.parse(json))).toEqual([
      'schemaVersion', 'runId', 'startedAt', 'finishedAt', 'tool', 'customer', 'status',
      'summary', 'rules', 'findings', 'remediation', 'errors', 'warnings', 'delta',
    ]);
  });

  it('writes each finding\'s risk, remediation by channel (guidance kept) and references', () => {
    const report = makeReport();
    const json = JSON.parse(renderJson(report));
    const finding = json.findings.find((candidate: { ruleId: string }) => candidate.ruleId === 'account.force-2fa');
    expect(Object.keys(finding)).toEqual([
      'id', 'ruleId', 'title', 'severity', 'status', 'subject', 'message', 'evidence', 'risk', 'remediation', 'references',
    ]);
    expect(finding.risk).toBe(RISKS['account.force-2fa']);
    expect(finding.remediation).toEqual({
      guidance: 'Account > Security > Require 2FA API: PUT /customer/{id} force_2fa=true',
      console: 'Account > Security > Require 2FA',
      api: 'PUT /customer/{id} force_2fa=true',
      automatic: false,
    });
    expect(Object.keys(finding.remediation)).toEqual(['guidance', 'console', 'api', 'automatic']);
    expect(finding.references).toEqual(REFERENCES['account.force-2fa']);
  });

  it('leaves out the api of a rule without an API call', () => {
    const json = JSON.parse(renderJson(makeReport()));
    const owner = json.findings.find((candidate: { ruleId: string }) => candidate.ruleId === 'account.owner-2fa');
    expect(owner.remediation).toEqual({ guidance: owner.remediation.console, console: owner.remediation.console, automatic: false });
  });

  it('leaves out optional fields that are absent', () => {
    const json = JSON.parse(renderJson(makeReport()));
    expect('delta' in json).toBe(false);
    expect('exception' in json.findings[0]).toBe(false);
  });
});
