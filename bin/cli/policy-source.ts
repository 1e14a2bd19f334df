/**
 * Which policy the CLI audits against: `--policy <file>`; else, in demo mode, the demo policy;
 * else ./policy.json when present (the policy the stack deploys, so the CLI and the Lambda judge
 * alike); else the built-in defaults.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadPolicyFile } from '../../lambda/policy/load.js';
import type { Policy } from '../../lambda/policy/schema.js';

export const DEFAULT_POLICY_FILE = 'policy.json';

export interface PolicySource {
  policy: Policy;
  /** The file read, or "built-in defaults". */
  origin: string;
}

export function resolvePolicy(file: string | undefined, demoPolicyFile?: string, cwd: string = process.cwd()): PolicySource {
  if (file !== undefined) return { policy: loadPolicyFile(resolve(cwd, file)), origin: file };
  if (demoPolicyFile !== undefined) return { policy: loadPolicyFile(demoPolicyFile), origin: `the demo policy (${relative(cwd, demoPolicyFile)})` };
  const fallback = resolve(cwd, DEFAULT_POLICY_FILE);
  if (existsSync(fallback)) return { policy: loadPolicyFile(fallback), origin: DEFAULT_POLICY_FILE };
  return { policy: { version: 1 }, origin: 'built-in defaults' };
}
