/**
 * What the command-line suites share: the sentinel token (it must appear in no output), a
 * simulator per test that accepts it, a scratch directory for policy and report files, and the
 * checks of a run that could not complete.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index.js';
import { collectedOutputs, type CliResult } from './run-cli.js';

export const SENTINEL = 'SENTINEL-TOKEN-c4f1e9';
export const TOKEN_ENV = { FASTLY_API_TOKEN: SENTINEL };
export const DEMO_POLICY = 'simulator/seeds/demo-policy.json';

/** Runs `body` against a fresh simulator that accepts the sentinel token, then stops it. */
export async function withSimulator<T>(options: Partial<SimulatorOptions>, body: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ token: SENTINEL, ...options });
  try {
    return await body(sim);
  } finally {
    await sim.stop();
  }
}

export function expectNoToken(...texts: string[]): void {
  for (const text of texts) expect(text).not.toContain(SENTINEL);
}

/** Exit 2, a message on stderr, and nothing on stdout that reads as a pass. */
export function expectIncomplete(result: CliResult, stderrPattern: RegExp): void {
  expect(result.stderr).toMatch(stderrPattern);
  expect(result.stdout).not.toMatch(/\bPASS\b/);
  expect(result.code).toBe(2);
  expectNoToken(result.stdout, result.stderr);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A scratch directory for one suite: `file(name, content)` writes a file there (JSON unless a
 * string) and returns its path; `cleanUp()` removes it and checks that no output of the suite's
 * runs held the token.
 */
export function scratchDirectory(prefix: string): { dir: string; file(name: string, content?: unknown): string; cleanUp(): void } {
  // Created at load time: concurrent tests may start before beforeAll hooks finish.
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name, content) {
      const path = join(dir, name);
      if (content !== undefined) writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return path;
    },
    cleanUp() {
      rmSync(dir, { recursive: true, force: true });
      expect(collectedOutputs.filter((output) => output.text.includes(SENTINEL)).map((output) => output.label)).toEqual([]);
    },
  };
}

export const putsTo = (sim: Simulator) => sim.requests.filter((request) => request.method === 'PUT');
