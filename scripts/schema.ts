/**
 * `npm run schema [-- --out-dir <dir>]`: writes every committed JSON Schema (bin/cli/schema-files.ts)
 * into the repository root, or into <dir>. Writing the files itself, rather than piping the
 * `schema` command's output, keeps npm's banner out of them.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SCHEMA_FILES, schemaText } from '../bin/cli/schema-files.js';

const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: '.' } } });
const outDir = resolve(values['out-dir'] ?? '.');

for (const schema of SCHEMA_FILES) {
  const path = join(outDir, schema.file);
  writeFileSync(path, schemaText(schema));
  process.stderr.write(`wrote ${path}\n`);
}
