import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicyFile } from '../../../lambda/policy/load.js';
import { PolicyValidationError } from '../../../lambda/policy/schema.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-load-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function loadError(path: string): PolicyValidationError {
  try {
    loadPolicyFile(path);
  } catch (error) {
    if (error instanceof PolicyValidationError) return error;
    throw error;
  }
  throw new Error('expected loadPolicyFile to throw');
}

it('loads a valid policy file', () => {
  const path = write('ok.json', JSON.stringify({ version: 1, rules: { 'user.inactive': { maxInactiveDays: 30 } } }));
  expect(loadPolicyFile(path)).toEqual({ version: 1, rules: { 'user.inactive': { maxInactiveDays: 30 } } });
});

it('loads a file saved with a byte-order mark', () => {
  const path = write('bom.json', '\uFEFF{ "version": 1 }');
  expect(loadPolicyFile(path)).toEqual({ version: 1 });
});

it('an invalid policy lists every problem with the file name and path', () => {
  const path = write('bad.json', JSON.stringify({ version: 1, rules: { 'account.force-3fa': {}, 'user.inactive': { maxInactiveDays: 0 } } }));
  const error = loadError(path);
  expect(error.source).toBe(path);
  expect(error.issues).toHaveLength(2);
  expect(error.message.split('\n')).toEqual([
    `${path}: rules["user.inactive"].maxInactiveDays: must be at least 1`,
    `${path}: rules["account.force-3fa"]: unknown rule id; did you mean "account.force-2fa"?`,
  ]);
});

it('invalid JSON names the line and column', () => {
  const path = write('syntax.json', '{\n  "version": 1,\n  "rules": { "user.inactive": { "maxInactiveDays": 30, } }\n}\n');
  const error = loadError(path);
  expect(error.issues).toHaveLength(1);
  expect(error.issues[0]?.path).toBe('line 3, column 56');
  expect(error.issues[0]?.message).toMatch(/^invalid JSON: /);
  expect(error.message).toMatch(new RegExp(`^${path}: line 3, column 56: invalid JSON: `));
});

it('a truncated file points at its end', () => {
  const path = write('truncated.json', '{\n  "version": 1,\n');
  expect(loadError(path).issues[0]?.path).toBe('line 3, column 1');
});

it('a missing file is a PolicyValidationError saying it cannot be read', () => {
  const path = join(dir, 'absent.json');
  const error = loadError(path);
  expect(error.issues).toEqual([{ path: '', message: 'cannot read the policy file (ENOENT)' }]);
  expect(error.message).toBe(`${path}: cannot read the policy file (ENOENT)`);
});
