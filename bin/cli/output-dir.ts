/**
 * `fleet --output-dir`: checked before the first request. The directory must exist and take a new
 * file (one is created and removed again); each account's report file, `<dir>/<name>.json`, must
 * be writable where it exists already, and be a report this auditor wrote: it is the account's
 * previous report (the digest says what is new since), and it is replaced at the end.
 */
import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { PreviousReport } from '../../lambda/report/previous.js';
import { readPreviousReport } from './previous-file.js';

export class OutputDirError extends Error {
  override readonly name = 'OutputDirError';
}

export function reportFile(dir: string, account: string): string {
  return join(dir, `${account}.json`);
}

/** Throws OutputDirError (or the file's own error) naming what cannot be written; returns each account's previous report. */
export function checkOutputDir(dir: string, accounts: readonly string[]): Map<string, PreviousReport> {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch (error) {
    throw new OutputDirError(`--output-dir ${dir} cannot be used (${(error as NodeJS.ErrnoException).code ?? String(error)}: create it first)`);
  }
  if (!isDirectory) throw new OutputDirError(`--output-dir ${dir} is not a directory`);
  const probe = join(dir, `.fastly-auditor-write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (error) {
    throw new OutputDirError(`--output-dir ${dir} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const previous = new Map<string, PreviousReport>();
  for (const account of accounts) {
    const file = reportFile(dir, account);
    try {
      // Opened for writing and closed unchanged: it can be replaced at the end.
      closeSync(openSync(file, 'r+'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      throw new OutputDirError(`--output-dir ${dir}: ${file} cannot be replaced (${code ?? String(error)})`);
    }
    previous.set(account, readPreviousReport(file));
  }
  return previous;
}
