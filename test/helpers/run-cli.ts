/**
 * Runs the audit command line as a user would, in a child process (`node --import tsx
 * bin/audit.ts`), and keeps every output it produced so a suite can check the token never leaked.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const AUDIT_CLI = fileURLToPath(new URL('../../bin/audit.ts', import.meta.url));
/** A child that outlives this is stuck; the test fails instead of hanging the suite. */
const CHILD_TIMEOUT_MS = 45_000;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Every text a child printed or wrote, labelled, for suite-wide assertions. */
export const collectedOutputs: { label: string; text: string }[] = [];

export function collectOutput(label: string, text: string): void {
  collectedOutputs.push({ label, text });
}

/**
 * The environment of a user's shell without anything that would change the run behind the
 * test's back: no token or API URL unless the test gives one, no colour settings, and not
 * jest's NODE_OPTIONS.
 */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['FASTLY_API_TOKEN', 'FASTLY_API_URL', 'FASTLY_TIMEOUT_MS', 'FORCE_COLOR', 'NO_COLOR', 'NODE_OPTIONS']) delete env[key];
  return { ...env, ...extra };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', AUDIT_CLI, ...args], { cwd: REPO_ROOT, env: childEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const label = `audit ${args.join(' ')}`;
      collectOutput(`${label} (stdout)`, stdout);
      collectOutput(`${label} (stderr)`, stderr);
      resolve({ code, stdout, stderr });
    });
  });
}
