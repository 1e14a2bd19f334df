/** The command line's exit code from the report and --fail-on: FIXED is not failing. */
import { EXIT_FAILING, EXIT_INCOMPLETE, EXIT_OK, exitCodeFor } from '../../../lambda/report/exit-code.js';
import { makeReport, withFindingsFixed } from '../../helpers/report-fixtures.js';

describe('exitCodeFor', () => {
  it('is 1 for a failing finding at or above --fail-on, 0 below it', () => {
    const report = makeReport({ failingUsers: 0 });

    expect([exitCodeFor(report, 'low'), exitCodeFor(report, 'critical')]).toEqual([EXIT_FAILING, EXIT_FAILING]);
  });

  it('is 0 when every failing finding was fixed and verified in the run', () => {
    const report = withFindingsFixed(makeReport({ failingUsers: 0 }), ['account.owner-2fa', 'account.force-2fa']);

    expect(report.findings.filter((finding) => finding.status === 'FIXED')).toHaveLength(2);
    expect(exitCodeFor(report, 'low')).toBe(EXIT_OK);
  });

  it('still counts what was not fixed', () => {
    const report = withFindingsFixed(makeReport({ failingUsers: 0 }), ['account.force-2fa']);

    expect([exitCodeFor(report, 'critical'), exitCodeFor(report, 'high')]).toEqual([EXIT_FAILING, EXIT_FAILING]);
    expect(exitCodeFor(withFindingsFixed(makeReport({ failingUsers: 0 }), ['account.owner-2fa']), 'critical')).toBe(EXIT_OK);
  });

  it('is 2 for an incomplete audit, whatever was fixed', () => {
    const report = withFindingsFixed(makeReport({ failingUsers: 0, errors: [{ message: 'list_users failed' }] }), ['account.owner-2fa', 'account.force-2fa']);

    expect(exitCodeFor(report, 'low')).toBe(EXIT_INCOMPLETE);
  });
});
