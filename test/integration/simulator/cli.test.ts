import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROUTE_NAMES } from '../../../simulator/index.js';

const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');
const SIMULATOR_CLI = fileURLToPath(new URL('../../../simulator/cli.ts', import.meta.url));
const LISTENING = /^Fastly API simulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): { child: ChildProcessWithoutNullStreams; exited: Promise<Exit> } {
  // Without jest's NODE_OPTIONS (--experimental-vm-modules), as a user would run it.
  const env = { ...process.env, NODE_OPTIONS: '' };
  const child = spawn(process.execPath, [TSX_CLI, SIMULATOR_CLI, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited };
}

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const end = buffered.indexOf('\n');
      if (end !== -1) resolve(buffered.slice(0, end));
    });
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code} before printing`)));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('prints the listening line, serves the API with the token given, and stops on SIGTERM', async () => {
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify({ customer: { id: 'cli-customer', name: 'CLI Co' }, users: [] }));
  const { child, exited } = runCli(['--port', '0', '--seed', seedFile, '--token', 'cli-token']);
  try {
    const line = await firstLine(child);
    const [, url, port] = LISTENING.exec(line) ?? [];
    expect(line).toMatch(LISTENING);
    expect(Number(port)).toBeGreaterThan(0);

    const reply = await fetch(`${url}/current_customer`, { headers: { 'Fastly-Key': 'cli-token' } });
    const refused = await fetch(`${url}/current_customer`, { headers: { 'Fastly-Key': 'simulator-token' } });

    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ id: 'cli-customer', name: 'CLI Co' });
    expect(refused.status).toBe(401);
  } finally {
    child.kill('SIGTERM');
  }
  const exit = await exited;
  expect(exit.code).toBe(0);
  expect(exit.stderr).toBe('');
});

async function listenAnywhere(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer();
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

it('listens on the port asked for, with the demo account by default', async () => {
  // Find a free port, then ask the CLI for it.
  const probe = await listenAnywhere();
  await probe.close();
  const { port } = probe;
  const { child, exited } = runCli(['--port', String(port)]);
  try {
    expect(await firstLine(child)).toBe(`Fastly API simulator listening on http://127.0.0.1:${port}`);
    const reply = await fetch(`http://127.0.0.1:${port}/current_customer`, {
      headers: { 'Fastly-Key': 'simulator-token' },
    });
    expect(await reply.json()).toMatchObject({ name: 'Acme Streaming Ltd' });
  } finally {
    child.kill('SIGINT');
  }
  expect((await exited).code).toBe(0);
});

it('a bad seed file: a clear error naming the file, exit code 2', async () => {
  const seedFile = join(dir, 'bad-seed.json');
  writeFileSync(seedFile, '{"customer": [], "users": []}');

  const exit = await runCli(['--port', '0', '--seed', seedFile]).exited;

  expect(exit.code).toBe(2);
  expect(exit.stdout).toBe('');
  expect(exit.stderr).toContain(`Invalid seed file ${seedFile}: "customer" must be an object`);
});

it('a missing seed file: exit code 2 naming the file', async () => {
  const seedFile = join(dir, 'no-such-seed.json');

  const exit = await runCli(['--seed', seedFile]).exited;

  expect(exit.code).toBe(2);
  expect(exit.stderr).toContain(`Cannot read seed file ${seedFile}`);
});

it('--fault makes routes misbehave from the shell: a status, then a fault for the next request only', async () => {
  const { child, exited } = runCli(['--fault', 'GET /current_customer=503', '--fault', 'list_users=wrong-shape,times:1', '--fault', 'GET /events=403:jsonapi']);
  try {
    const [, url] = LISTENING.exec(await firstLine(child)) ?? [];
    const headers = { 'Fastly-Key': 'simulator-token' };

    const customer = await fetch(`${url}/current_customer`, { headers });
    const users = [await fetch(`${url}/customer/bBRsk29cztUX1kmObfEjdp/users`, { headers }), await fetch(`${url}/customer/bBRsk29cztUX1kmObfEjdp/users`, { headers })];

    expect([customer.status, await customer.json()]).toEqual([503, { msg: 'Service Unavailable' }]);
    expect(Array.isArray(await users[0]!.json())).toBe(false);
    expect(Array.isArray(await users[1]!.json())).toBe(true);
    // The access reads take faults too.
    expect((await fetch(`${url}/events`, { headers })).status).toBe(403);
    expect((await fetch(`${url}/invitations`, { headers })).status).toBe(200);
  } finally {
    child.kill('SIGTERM');
  }
  const exit = await exited;
  expect(exit.stderr).toContain('Fault on get_logged_in_customer: {"status":503}');
  expect(exit.code).toBe(0);
});

it('a bad --fault: exit code 2 saying what is wrong, nothing started', async () => {
  const exit = await runCli(['--fault', 'GET /current_customer=explode']).exited;

  expect(exit.code).toBe(2);
  expect(exit.stdout).toBe('');
  expect(exit.stderr).toContain('--fault "GET /current_customer=explode": unknown mode "explode"');
});

it('--help lists every fault mode and every route', async () => {
  const exit = await runCli(['--help']).exited;

  for (const route of ROUTE_NAMES) expect([route, exit.stdout.includes(route)]).toEqual([route, true]);

  for (const mode of ['<status>[:legacy|jsonapi|problem]', 'latency:<ms>', 'malformed-json', 'wrong-types', 'wrong-shape', 'reset', 'hang', 'header:<name>:<value>', 'times:<n>', 'body:<text>']) {
    expect([mode, exit.stdout.includes(mode)]).toEqual([mode, true]);
  }
  expect(exit.code).toBe(0);
});

it('a bad port: exit code 2', async () => {
  const exit = await runCli(['--port', 'eighty']).exited;

  expect(exit.code).toBe(2);
  expect(exit.stderr).toContain('expected a port number');
});

it('a port already in use: exit code 2 naming the port', async () => {
  const taken = await listenAnywhere();
  try {
    const exit = await runCli(['--port', String(taken.port)]).exited;

    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain(`Cannot start the simulator on port ${taken.port}`);
  } finally {
    await taken.close();
  }
});
