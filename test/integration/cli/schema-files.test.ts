/**
 * The JSON Schema files as the README tells people to make them: `npm run schema` writes them, and
 * a piped `npm start --silent -- schema` gives JSON with no npm banner mixed in. Both are run as
 * documented, through npm and a shell, and their files parsed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCHEMA_FILES } from '../../../bin/cli/schema-files.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'schema-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A shell command in the repository, as a user types it (without jest's NODE_OPTIONS). */
function shell(command: string) {
  return spawnSync('sh', ['-c', command], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } });
}

const committed = (file: string): unknown => JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8'));

it('npm run schema writes every committed schema, each valid JSON and equal to the committed file', () => {
  const result = shell(`npm run schema -- --out-dir '${dir}'`);

  expect(result.status).toBe(0);
  expect(SCHEMA_FILES.map((schema) => schema.file)).toContain('policy.schema.json');
  for (const { file } of SCHEMA_FILES) {
    expect([file, JSON.parse(readFileSync(join(dir, file), 'utf8'))]).toEqual([file, committed(file)]);
  }
});

it('npm start --silent -- schema > file writes the policy schema and nothing else', () => {
  const file = join(dir, 'piped.schema.json');

  const result = shell(`npm start --silent -- schema > '${file}'`);

  expect(result.status).toBe(0);
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(committed('policy.schema.json'));
});
