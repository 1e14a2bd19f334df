import { readFileSync } from 'node:fs';
import { TOOL_NAME, TOOL_VERSION } from '../../../lambda/version.js';

describe('product identity', () => {
  it('matches package.json, so reports and the User-Agent name the version that ran', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

    expect({ name: TOOL_NAME, version: TOOL_VERSION }).toEqual({ name: pkg.name, version: pkg.version });
  });
});
