/**
 * A benchmark's API in a process of its own, so its work (parsing, serializing, logging requests)
 * does not run on the event loop being timed: `tsx <entry> <args...>` prints one JSON line,
 * {"url": ...}, once it listens, and stops when its stdin closes.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

export async function startServerProcess(entry: string, args: string[]): Promise<ServerProcess> {
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}`)));
    child.stdout.setEncoding('utf8').once('data', (line: string) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return {
    url,
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
