/**
 * Cold import: how long a new Node process takes to import a bundle (parse, link and run its
 * top level), timed inside that process so Node's own start-up is not counted.
 */
import { pathToFileURL } from 'node:url';
import { lastJsonLine, runNode } from './node-child.js';

const PROBE = [
  'const started = performance.now();',
  'await import(process.argv[1]);',
  'console.log(JSON.stringify({ ms: performance.now() - started }));',
].join('\n');

/** One cold import of `file`, in milliseconds. */
export async function coldImportMs(file: string): Promise<number> {
  // An empty environment: nothing (a token included) leaks into the bundle's top level.
  const { stdout } = await runNode(['--input-type=module', '-e', PROBE, pathToFileURL(file).href], { PATH: process.env.PATH });
  return lastJsonLine<{ ms: number }>(stdout).ms;
}
