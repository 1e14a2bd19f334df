/**
 * The lint rules that keep modules in their lanes (eslint.config.js): lambda/fastly, the client,
 * knows no report types and no audit; lambda code takes zod from lambda/zod.ts. Linted as if the
 * text were a file at that path, so the rule is shown to fire, not only to be configured.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: fileURLToPath(new URL('../../..', import.meta.url)) });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('lambda/fastly imports nothing of the report or the audit', () => {
  it.each([
    "import type { ReportError } from '../report/model.js';",
    "import { renderJson } from '../report/json.js';",
    "import { toReportError } from '../failure.js';",
    "import { runAudit } from '../audit.js';",
  ])('%s is refused', async (line) => {
    const messages = await restrictedImports('lambda/fastly/new-module.ts', `${line}\nexport {};\n`);
    expect(messages).toEqual([expect.stringContaining('lambda/fastly knows no report types')]);
  });

  it('its own modules and the error family are allowed', async () => {
    const code = "import { AuditorError } from '../errors.js';\nimport type { FastlyOperation } from './api.js';\nexport type { AuditorError, FastlyOperation };\n";
    await expect(restrictedImports('lambda/fastly/new-module.ts', code)).resolves.toEqual([]);
  });

  it('still takes zod only from lambda/zod.ts', async () => {
    const messages = await restrictedImports('lambda/fastly/new-module.ts', "import * as z from 'zod';\nexport { z };\n");
    expect(messages).toEqual([expect.stringContaining('lambda/zod.ts')]);
  });

  it('the audit side may import the report types', async () => {
    const code = "import type { ReportError } from './report/model.js';\nexport type { ReportError };\n";
    await expect(restrictedImports('lambda/failure.ts', code)).resolves.toEqual([]);
  });
});
