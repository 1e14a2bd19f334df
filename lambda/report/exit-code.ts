/** The command line's exit codes (design.md): a pure function of the report and `--fail-on`. */
import { isAtLeast, type Report, type Severity } from './model.js';

export const EXIT_OK = 0;
/** Failing findings at or above the threshold. */
export const EXIT_FAILING = 1;
/** The audit could not run or was incomplete: bad input, API error, malformed response. */
export const EXIT_INCOMPLETE = 2;

export function exitCodeFor(report: Report, failOn: Severity): number {
  if (report.status === 'ERROR') return EXIT_INCOMPLETE;
  const failing = report.findings.some((finding) => finding.status === 'FAIL' && isAtLeast(finding.severity, failOn));
  return failing ? EXIT_FAILING : EXIT_OK;
}
