/**
 * Reads a JSON file a person wrote (the policy, the accounts file): a file that cannot be read or
 * is not JSON becomes one problem with where it is (line and column), in the shape the schemas'
 * problems have, so every caller reports them alike.
 */
import { readFileSync } from 'node:fs';
import type { PolicyIssue } from './policy/issues.js';

/** Line and column (1-based) of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** V8 reports "... in JSON at position N" (Node 20) and may add "(line L column C)"; both are folded into the path. */
function jsonSyntaxIssue(text: string, error: unknown): PolicyIssue {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(raw)?.[1];
  const offset = position !== undefined ? Number(position) : /end of JSON input/.test(raw) ? text.length : undefined;
  const detail = raw.replace(/\s*(in JSON )?at position \d+/, '').replace(/\s*\(line \d+ column \d+\)/, '');
  if (offset === undefined) return { path: '', message: `invalid JSON: ${detail}` };
  const { line, column } = lineAndColumn(text, offset);
  return { path: `line ${line}, column ${column}`, message: `invalid JSON: ${detail}` };
}

export type JsonFileRead = { ok: true; data: unknown } | { ok: false; issues: PolicyIssue[] };

/** `what` names the file in the message when it cannot be read: "the policy file". */
export function readJsonFile(path: string, what: string): JsonFileRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    return { ok: false, issues: [{ path: '', message: `cannot read ${what} (${reason})` }] };
  }
  // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
  const json = text.replace(/^\uFEFF/, '');
  try {
    return { ok: true, data: JSON.parse(json) };
  } catch (error) {
    return { ok: false, issues: [jsonSyntaxIssue(json, error)] };
  }
}
