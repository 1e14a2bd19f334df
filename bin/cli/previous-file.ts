/**
 * An earlier JSON report read from a file (`audit --previous`, and the report a `fleet
 * --output-dir` run left for each account), checked by the same parser as the Lambda's latest
 * report: a file that is not a schemaVersion 1 report is a PreviousReportError naming the file.
 */
import { readFileSync } from 'node:fs';
import { parsePreviousReport, PreviousReportError, type PreviousReport } from '../../lambda/report/previous.js';

export function readPreviousReport(file: string): PreviousReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new PreviousReportError(file, `cannot be read (${reason})`);
  }
  return parsePreviousReport(text, file);
}
