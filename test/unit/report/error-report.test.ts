import { createErrorReport } from '../../../lambda/report/error-report.js';
import { renderText } from '../../../lambda/report/text.js';
import { TOOL_VERSION } from '../../../lambda/version.js';

describe('createErrorReport', () => {
  const input = {
    runId: 'req-1',
    startedAt: new Date('2026-03-14T02:00:00Z'),
    finishedAt: new Date('2026-03-14T02:00:01Z'),
    errors: [{ message: 'secret fastly-token has no token', action: 'put the token in the secret' }],
    mode: 'plan' as const,
  };

  it('is an ERROR report with nothing checked and the errors as given', () => {
    const report = createErrorReport(input);
    expect(report).toMatchObject({
      schemaVersion: 1,
      runId: 'req-1',
      startedAt: '2026-03-14T02:00:00.000Z',
      finishedAt: '2026-03-14T02:00:01.000Z',
      tool: { version: TOOL_VERSION },
      status: 'ERROR',
      rules: [],
      findings: [],
      remediation: { mode: 'plan', changes: [] },
      errors: input.errors,
    });
    expect(report.summary.usersChecked).toBe(0);
    expect(report.summary.highestFailingSeverity).toBeNull();
  });

  it('names an unknown customer when the run never learned it, and the real one when it did', () => {
    expect(createErrorReport(input).customer).toEqual({ id: 'unknown', name: 'unknown customer' });
    expect(createErrorReport({ ...input, customer: { id: 'c1', name: 'ACME' } }).customer).toEqual({ id: 'c1', name: 'ACME' });
  });

  it('renders the action for people', () => {
    expect(renderText(createErrorReport(input))).toContain('what to do: put the token in the secret');
  });
});
