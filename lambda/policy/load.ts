/** Reads and validates a policy file (the CLI, and the CDK app at synth). The only fs I/O here. */
import { readFileSync } from 'node:fs';
import type { PolicyIssue } from './issues.js';
import { parsePolicy, PolicyValidationError, type Policy } from './schema.js';

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

/** Throws PolicyValidationError for an unreadable file, invalid JSON or an invalid policy. */
export function loadPolicyFile(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new PolicyValidationError([{ path: '', message: `cannot read the policy file (${reason})` }], path);
  }
  // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
  const json = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new PolicyValidationError([jsonSyntaxIssue(json, error)], path);
  }
  const result = parsePolicy(data);
  if (!result.ok) throw new PolicyValidationError(result.issues, path);
  return result.policy;
}
