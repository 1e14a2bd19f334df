/**
 * The bundles the benchmark measures, all built with the esbuild options the stack uses for the
 * Lambda handler (lib/handler-bundling.ts); only the entry point differs.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { handlerEsbuildOptions } from '../../lib/handler-bundling.js';
import type { Policy } from '../../lambda/policy/schema.js';

const PEER_ENTRY = fileURLToPath(new URL('./peer-entry.ts', import.meta.url));
const SCALE_ENTRY = fileURLToPath(new URL('./scale-child.ts', import.meta.url));

export interface BuiltBundle {
  /** The .mjs file. */
  file: string;
  /** Size of the .mjs file (the source map next to it is not counted). */
  bytes: number;
}

export interface Bundles {
  /** The Lambda handler, exactly as the stack bundles it. */
  handler: BuiltBundle;
  /** scripts/bench/peer-entry.ts: the official fastly client doing the audit's fetch. */
  peer: BuiltBundle;
  /** scripts/bench/scale-child.ts: the audit over a large account, for the scale measurement. */
  scale: BuiltBundle;
}

async function bundle(policy: Policy, outfile: string, entry?: string): Promise<BuiltBundle> {
  const options = handlerEsbuildOptions(policy);
  await build({ ...options, ...(entry === undefined ? {} : { entryPoints: [entry] }), outfile, write: true, logLevel: 'error' });
  return { file: outfile, bytes: statSync(outfile).size };
}

export async function buildBundles(policy: Policy, dir: string): Promise<Bundles> {
  const [handler, peer, scale] = await Promise.all([
    bundle(policy, join(dir, 'handler', 'index.mjs')),
    bundle(policy, join(dir, 'peer', 'index.mjs'), PEER_ENTRY),
    bundle(policy, join(dir, 'scale', 'index.mjs'), SCALE_ENTRY),
  ]);
  return { handler, peer, scale };
}
