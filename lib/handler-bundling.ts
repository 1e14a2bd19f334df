/**
 * The one place that says how the Lambda handler is bundled. The construct hands
 * `handlerBundlingOptions` to NodejsFunction; tests and the benchmark run esbuild themselves with
 * `handlerEsbuildOptions`, the same settings in esbuild's own API shape.
 */
import { fileURLToPath } from 'node:url';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { bakeFleet, FLEET_DEFINE_KEY, type RegisteredAccount } from '../lambda/fleet/registry.js';
import type { Policy } from '../lambda/policy/schema.js';

/** The repository root: NodejsFunction's project root, so synth works from any directory. */
export const PROJECT_ROOT: string = fileURLToPath(new URL('..', import.meta.url));

/** The lock file NodejsFunction hashes and resolves from (else it searches upwards from the cwd). */
export const DEPS_LOCK_FILE: string = fileURLToPath(new URL('../package-lock.json', import.meta.url));

/** Absolute path of the Lambda entry point. */
export const HANDLER_ENTRY: string = fileURLToPath(new URL('../lambda/handler.ts', import.meta.url));

/** The newest Node.js runtime this aws-cdk-lib knows (NODEJS_LATEST lags behind it). */
export const HANDLER_RUNTIME: Runtime = Runtime.NODEJS_24_X;

/** esbuild target matching the runtime, e.g. 'node24'. */
export const HANDLER_TARGET: string = HANDLER_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, 'node$1');

/**
 * An ESM bundle has no `require`; got and its dependencies still call it for Node built-ins
 * (e.g. `http2`), which fails at run time with "Dynamic require of ... is not supported".
 */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/** The name the handler reads the policy from; replaced at bundle time, never set in the Lambda environment. */
export const POLICY_DEFINE_KEY = 'process.env.FASTLY_AUDIT_POLICY_JSON';

/**
 * esbuild `define`: the policy's JSON text as a string literal (Lambda environment variables are
 * capped at 4 KB), and a fleet's accounts with their policies (lambda/fleet/registry.ts).
 */
export function policyDefine(policy: Policy, fleet?: readonly RegisteredAccount[]): Record<string, string> {
  return {
    [POLICY_DEFINE_KEY]: JSON.stringify(JSON.stringify(policy)),
    ...(fleet ? { [FLEET_DEFINE_KEY]: JSON.stringify(bakeFleet(fleet)) } : {}),
  };
}

/**
 * Everything, the AWS SDK included, is bundled: the function runs the exact dependency versions
 * the tests ran, not whatever SDK the runtime happens to ship.
 */
const EXTERNAL_MODULES: string[] = [];
const MAIN_FIELDS = ['module', 'main'];

/** For NodejsFunction's `bundling` prop (local esbuild; no Docker). */
export function handlerBundlingOptions(policy: Policy, fleet?: readonly RegisteredAccount[]): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: HANDLER_TARGET,
    minify: true,
    sourceMap: true,
    sourceMapMode: SourceMapMode.DEFAULT,
    // Stack traces need the mappings only; leaving the sources out halves the asset.
    sourcesContent: false,
    mainFields: MAIN_FIELDS,
    banner: ESM_REQUIRE_BANNER,
    define: policyDefine(policy, fleet),
    externalModules: EXTERNAL_MODULES,
  };
}

/** The same settings for esbuild's JS API; add `outfile` (an `.mjs` name) or `outdir` and `write`. */
export function handlerEsbuildOptions(policy: Policy, fleet?: readonly RegisteredAccount[]): BuildOptions {
  return {
    entryPoints: [HANDLER_ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: HANDLER_TARGET,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    define: policyDefine(policy, fleet),
    external: EXTERNAL_MODULES,
  };
}
