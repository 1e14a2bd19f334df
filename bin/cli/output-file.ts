/**
 * The `--output` file: checked before the first request, written after the audit. The check
 * opens an existing file for writing without changing it, or creates the file and removes it
 * again, so a path that cannot be written stops the run before the account is touched and no
 * stray file is left behind.
 */
import { closeSync, openSync, unlinkSync, writeFileSync } from 'node:fs';

const REASONS: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a part of its path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
};

/** "cannot be written (ENOENT: its directory does not exist)". */
function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  const reason = REASONS[code];
  return reason === undefined ? code : `${code}: ${reason}`;
}

export class OutputFileError extends Error {
  override readonly name = 'OutputFileError';

  constructor(
    readonly file: string,
    error: unknown,
    when: string,
    option = '--output',
  ) {
    super(`${option} ${file} ${when} (${describe(error)})`);
  }
}

/** Throws OutputFileError naming the file (and the option that gave it) when it cannot be written; changes nothing on disk. */
export function checkOutputWritable(file: string, option = '--output'): void {
  try {
    closeSync(openSync(file, 'r+'));
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new OutputFileError(file, error, 'cannot be written', option);
  }
  try {
    closeSync(openSync(file, 'wx'));
  } catch (error) {
    throw new OutputFileError(file, error, 'cannot be written', option);
  }
  unlinkSync(file);
}

/** Writes the report; throws OutputFileError naming the file when that fails. */
export function writeOutputFile(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new OutputFileError(file, error, 'could not be written after the audit');
  }
}
