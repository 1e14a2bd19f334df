/**
 * The command line's watch state: one JSON file (`--state`), the same content the Lambda keeps at
 * state/<customer_id>.json. Checked before the first request (it must be writable, and readable
 * when it exists); read on every pass, so a file another process replaced is seen; written whole
 * to a temporary file beside it, then renamed, so an interrupted write never leaves half a state.
 * The watch's failures are remembered in memory: a loop prints a failure once, and again when the
 * account is watched again.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { WatchStateStore } from '../../lambda/watch/account.js';
import type { FailureStore } from '../../lambda/watch/pass.js';
import { renderState, type FailureRecord, type WatchState } from '../../lambda/watch/state.js';
import { checkOutputWritable } from './output-file.js';

function reason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

/** Throws, naming the file, when the state file cannot be read (when present) or written. */
export function checkStateFile(file: string): void {
  try {
    readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`--state ${file} cannot be read (${reason(error)})`);
  }
  checkOutputWritable(file, '--state');
}

export function fileStateStore(file: string): WatchStateStore {
  return {
    describe: () => file,
    read: async () => {
      try {
        return readFileSync(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new Error(`--state ${file} cannot be read (${reason(error)})`);
      }
    },
    write: async (state: WatchState) => {
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        writeFileSync(temporary, renderState(state));
        renameSync(temporary, file);
      } catch (error) {
        throw new Error(`--state ${file} could not be written (${reason(error)})`);
      }
    },
  };
}

export function memoryFailureStore(): FailureStore {
  const records = new Map<string, FailureRecord>();
  return {
    read: async (scope) => records.get(scope),
    write: async (scope, record) => {
      records.set(scope, record);
    },
  };
}
