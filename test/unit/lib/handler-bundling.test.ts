import { existsSync } from 'node:fs';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import {
  ESM_REQUIRE_BANNER,
  HANDLER_ENTRY,
  HANDLER_RUNTIME,
  HANDLER_TARGET,
  handlerBundlingOptions,
  handlerEsbuildOptions,
  POLICY_DEFINE_KEY,
} from '../../../lib/handler-bundling.js';
import { examplePolicy } from '../../helpers/cdk.js';

describe('handler bundling options', () => {
  const policy = examplePolicy();

  it('points at the Lambda entry and targets the runtime’s Node.js version', () => {
    expect(HANDLER_ENTRY).toMatch(/\/lambda\/handler\.ts$/);
    expect(existsSync(HANDLER_ENTRY)).toBe(true);
    expect(HANDLER_RUNTIME.name).toBe('nodejs24.x');
    expect(HANDLER_TARGET).toBe('node24');
  });

  it('bakes the policy in as a JSON string literal under process.env.FASTLY_AUDIT_POLICY_JSON', () => {
    const define = handlerBundlingOptions(policy).define ?? {};
    expect(Object.keys(define)).toEqual([POLICY_DEFINE_KEY]);
    expect(POLICY_DEFINE_KEY).toBe('process.env.FASTLY_AUDIT_POLICY_JSON');
    // esbuild reads the value as JavaScript: parsing it twice gives the policy back.
    expect(JSON.parse(JSON.parse(define[POLICY_DEFINE_KEY] as string) as string)).toEqual(policy);
  });

  it('gives NodejsFunction an ESM, minified, source-mapped bundle with the createRequire banner', () => {
    expect(handlerBundlingOptions(policy)).toMatchObject({
      format: OutputFormat.ESM,
      target: 'node24',
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      mainFields: ['module', 'main'],
      banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
      externalModules: [],
    });
  });

  it("gives esbuild's API the same settings", () => {
    const cdk = handlerBundlingOptions(policy);
    const esbuild = handlerEsbuildOptions(policy);
    expect(esbuild).toEqual({
      entryPoints: [HANDLER_ENTRY],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: cdk.target,
      minify: cdk.minify,
      sourcemap: cdk.sourceMap,
      sourcesContent: cdk.sourcesContent,
      mainFields: cdk.mainFields,
      banner: { js: ESM_REQUIRE_BANNER },
      define: cdk.define,
      external: cdk.externalModules,
    });
    expect(cdk.banner).toBe(ESM_REQUIRE_BANNER);
  });
});
