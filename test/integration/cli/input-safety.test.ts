/**
 * design.md, "Command line: safety of inputs", as a user meets it: every input is checked before
 * the first request (--previous in full, --output writable, FASTLY_TIMEOUT_MS, the API URL and the
 * token), another customer's --previous is refused before any write, the demo runs only when
 * asked or when neither a token nor an API URL is given, and a report that cannot be written at
 * the end still reaches stdout. The CLI runs as a child process against a simulator on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoSeed } from '../../../simulator/index.js';
import { CLEAN_AUDITOR_ADDRESS, lowAndMediumFailing, PCI_AUTO_POLICY } from '../../helpers/cli-accounts.js';
import {
  DEMO_POLICY,
  escapeRegExp,
  expectIncomplete,
  putsTo,
  scratchDirectory,
  SENTINEL,
  TOKEN_ENV,
  withSimulator,
} from '../../helpers/cli-harness.js';
import { makeReport } from '../../helpers/report-fixtures.js';
import { REPO_ROOT, runCli, type CliResult } from '../../helpers/run-cli.js';

const scratch = scratchDirectory('audit-inputs-');
const { dir, file } = scratch;
const pciAutoPolicyFile = file('pci-auto-policy.json', PCI_AUTO_POLICY);
const badPolicyFile = file('bad-policy.json', { version: 1, rules: { 'account.force-3fa': {} } });
const pciAccount = { seed: lowAndMediumFailing(), clientAddress: CLEAN_AUDITOR_ADDRESS };

afterAll(() => scratch.cleanUp());

/** Runs the CLI against a fresh simulator; returns the run, the requests the simulator saw and its account after. */
async function audit(args: string[], env: Record<string, string> = TOKEN_ENV, options = pciAccount) {
  return withSimulator(options, async (sim) => {
    const result = await runCli(args.map((arg) => arg.replace('$URL', sim.url)), env);
    return { result, routes: sim.requests.map((request) => request.route), puts: putsTo(sim), customer: sim.customer() };
  });
}

const REMEDIATE = ['--api-url', '$URL', '--policy', pciAutoPolicyFile, '--remediate'];

describe('--previous is read in full before any request', () => {
  it.concurrent('a report missing its fields: every path named, no request, and never "(undefined)"', async () => {
    const previous = file('previous-minimal.json', { schemaVersion: 1, findings: [] });

    const { result, routes } = await audit([...REMEDIATE, '--previous', previous]);

    expectIncomplete(result, new RegExp(`previous report ${escapeRegExp(previous)} is not a schemaVersion 1 report \\(runId: is required; `));
    expect(result.stderr).not.toContain('undefined');
    expect(result.stdout).toBe('');
    expect(routes).toEqual([]);
  });

  it.concurrent('a null finding with --remediate: named, and the account is not touched', async () => {
    const previous = file('previous-null.json', { ...makeReport(), findings: [null] });

    const { result, routes, customer } = await audit([...REMEDIATE, '--previous', previous]);

    expectIncomplete(result, /findings\[0\]: expected an object, got null/);
    expect(routes).toEqual([]);
    expect(customer.has_pci).toBe(false);
  });

  it.concurrent("another customer's report: refused once the account is read, before any write", async () => {
    const previous = file('previous-other-customer.json', makeReport());

    const { result, routes, puts, customer } = await audit([...REMEDIATE, '--previous', previous]);

    expectIncomplete(
      result,
      new RegExp(
        `previous report ${escapeRegExp(previous)} is for customer x4xCwxxJxGCx123Rx5xTx \\(ACME Corp\\), not for the account this run audits, tIdYmEdIa0000000000001 \\(Tidy Media\\)`,
      ),
    );
    expect(routes).toEqual(['get_logged_in_customer']);
    expect(puts).toEqual([]);
    expect(customer.has_pci).toBe(false);
    expect(result.stdout).toBe('');
  });
});

describe('--output is checked before any request', () => {
  it.concurrent('a path in a directory that does not exist: exit 2 naming it, nothing sent', async () => {
    const output = join(dir, 'no-such-directory', 'r.json');

    const { result, routes, customer } = await audit([...REMEDIATE, '--output', output]);

    expectIncomplete(result, new RegExp(`--output ${escapeRegExp(output)} cannot be written \\(ENOENT: its directory does not exist\\)`));
    expect(routes).toEqual([]);
    expect(customer.has_pci).toBe(false);
  });

  it.concurrent('a directory: exit 2 naming it', async () => {
    const { result, routes } = await audit([...REMEDIATE, '--output', dir]);

    expectIncomplete(result, new RegExp(`--output ${escapeRegExp(dir)} cannot be written \\(EISDIR: it is a directory\\)`));
    expect(routes).toEqual([]);
  });

  it.concurrent('the check leaves no stray file when the run then stops, and an existing report untouched', async () => {
    const fresh = join(dir, 'fresh-report.json');
    const existing = file('existing-report.json', '{"kept": true}');

    const [first, second] = await Promise.all([
      runCli(['--policy', badPolicyFile, '--output', fresh], TOKEN_ENV),
      runCli(['--policy', badPolicyFile, '--output', existing], TOKEN_ENV),
    ]);

    expect([first.code, second.code]).toEqual([2, 2]);
    expect(existsSync(fresh)).toBe(false);
    expect(readFileSync(existing, 'utf8')).toBe('{"kept": true}');
  });

  it.concurrent('a file that can no longer be written at the end: the report is on stdout, exit 2 naming the file', async () => {
    const outputDir = join(dir, 'vanishing');
    mkdirSync(outputDir);
    const output = join(outputDir, 'r.json');

    const { result } = await withSimulator({ seed: demoSeed() }, async (sim) => {
      sim.setFault('list_users', { latencyMs: 1500 });
      const run = runCli(['--api-url', sim.url, '--policy', DEMO_POLICY, '--output', output, '--format', 'json'], TOKEN_ENV);
      // The account is read (so --output was checked): take the directory away before the report is written.
      await waitFor(() => sim.requests.some((request) => request.route === 'list_users'));
      rmSync(outputDir, { recursive: true });
      return { result: await run };
    });

    expect(JSON.parse(result.stdout)).toMatchObject({ schemaVersion: 1, status: 'FAIL' });
    expect(result.stderr).toContain(`--output ${output} could not be written after the audit (ENOENT: its directory does not exist); the report is on stdout only`);
    expect(result.code).toBe(2);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 20_000) throw new Error('condition not met in 20 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('FASTLY_TIMEOUT_MS is a whole number of milliseconds from 1 to 600000', () => {
  test.concurrent.each(['99999999999', '600001', '1e3', '0x10', '0', '-5', '1.5', 'ten'])('%s: exit 2 before any request', async (value) => {
    const { result, routes } = await audit(['--api-url', '$URL', '--policy', pciAutoPolicyFile], { ...TOKEN_ENV, FASTLY_TIMEOUT_MS: value });

    expectIncomplete(result, new RegExp(`FASTLY_TIMEOUT_MS must be a whole number of milliseconds from 1 to 600000, got "${escapeRegExp(value)}"`));
    expect(routes).toEqual([]);
  });

  it.concurrent('600000 is accepted', async () => {
    const { result } = await audit(['--api-url', '$URL', '--policy', pciAutoPolicyFile], { ...TOKEN_ENV, FASTLY_TIMEOUT_MS: '600000' });

    expect(result.code).toBe(1);
  });
});

describe('the demo runs only when asked, or with neither a token nor an API URL', () => {
  const NO_TOKEN = /no Fastly API token: set FASTLY_API_TOKEN or --token-secret/;

  it.concurrent('--api-url without a token: exit 2, not the demo, even with a lenient --fail-on', async () => {
    const result = await runCli(['--api-url', 'https://api.fastly.com', '--fail-on', 'critical'], { FASTLY_API_TOKEN: '' });

    expectIncomplete(result, NO_TOKEN);
    expect(result.stderr).toContain('(--api-url is set, so this run does not fall back to the demo account; use --demo for the demo)');
    expect(result.stderr).not.toContain('Demo mode');
    expect(result.stdout).toBe('');
  });

  it.concurrent('FASTLY_API_URL without a token: exit 2 too', async () => {
    const result = await runCli(['--fail-on', 'critical'], { FASTLY_API_URL: 'https://api.fastly.com' });

    expectIncomplete(result, NO_TOKEN);
    expect(result.stderr).toContain('(FASTLY_API_URL is set,');
    expect(result.stdout).toBe('');
  });

  it.concurrent('--demo reports say so: "demo": true in JSON, DEMO in the markdown heading', async () => {
    const [json, markdown] = await Promise.all([runCli(['--demo', '--format', 'json'], TOKEN_ENV), runCli(['--demo', '--format', 'markdown'])]);

    expect(json.stderr).toMatch(/^Demo mode: no Fastly API token used \(--demo\)/);
    expect(JSON.parse(json.stdout)).toMatchObject({ schemaVersion: 1, demo: true, customer: { name: 'Acme Streaming Ltd' } });
    expect(Object.keys(JSON.parse(json.stdout) as object).slice(0, 3)).toEqual(['schemaVersion', 'demo', 'runId']);
    expect(markdown.stdout).toMatch(/^# Fastly audit \(DEMO\): Acme Streaming Ltd\n/);
    // The demo's tokens, invitations and attribution come along.
    expect(JSON.parse(json.stdout)).toMatchObject({ summary: { tokensChecked: 12, invitationsChecked: 3 } });
    expect(markdown.stdout).toMatch(/^ {2}- changed by tom\.becker@acme\.example at \S+ from 203\.0\.113\.45 \(customer\.update\)$/m);
    expect([json.code, markdown.code]).toEqual([1, 1]);
  });

  it.concurrent('--demo with --api-url: exit 2, naming both', async () => {
    const result = await runCli(['--demo', '--api-url', 'https://api.fastly.com']);

    expectIncomplete(result, /--demo audits the built-in simulator's demo account: leave out --api-url/);
  });

  it.concurrent('a report of your own account carries no "demo" key', async () => {
    const { result } = await audit(['--api-url', '$URL', '--policy', pciAutoPolicyFile, '--format', 'json']);

    expect(JSON.parse(result.stdout)).not.toHaveProperty('demo');
  });
});

describe('the token goes only over https, or plain http to this machine', () => {
  it.concurrent('http:// to an address that is not loopback: exit 2 before any request', async () => {
    // 0.0.0.0 reaches the simulator on Linux: a request, had one been sent, would show up there.
    const { result, routes } = await withSimulator(pciAccount, async (sim) => ({
      result: await runCli(['--api-url', sim.url.replace('127.0.0.1', '0.0.0.0'), '--policy', pciAutoPolicyFile], TOKEN_ENV),
      routes: sim.requests.map((request) => request.route),
    }));

    expectIncomplete(result, /Fastly API base URL http:\/\/0\.0\.0\.0:\d+ is plain http to a host that is not this machine: the token would cross the network unencrypted; use https:\/\//);
    expect(routes).toEqual([]);
    expect(result.stdout).toBe('');
  });

  it.concurrent('http://localhost is this machine: allowed', async () => {
    const { result, routes } = await withSimulator(pciAccount, async (sim) => ({
      result: await runCli(['--api-url', sim.url.replace('127.0.0.1', 'localhost'), '--policy', pciAutoPolicyFile], TOKEN_ENV),
      routes: sim.requests.map((request) => request.route),
    }));

    expect(result.code).toBe(1);
    // The account first, then its users, tokens, invitations and audit log side by side.
    expect(routes[0]).toBe('get_logged_in_customer');
    expect(new Set(routes)).toEqual(
      new Set(['get_logged_in_customer', 'list_users', 'list_customer_tokens', 'list_automation_tokens', 'list_invitations', 'list_events']),
    );
  });
});

it.concurrent('a token with a line break: exit 2 saying so, not a network error, and nothing sent', async () => {
  const { result, routes } = await audit(['--api-url', '$URL', '--policy', pciAutoPolicyFile], { FASTLY_API_TOKEN: `${SENTINEL}\nsecond-line` });

  expectIncomplete(result, /FASTLY_API_TOKEN: the Fastly API token contains a line break/);
  expect(result.stderr).not.toMatch(/network error|egress/);
  expect(routes).toEqual([]);
});

it.concurrent('a short test token (FASTLY_API_TOKEN=e) is not redacted out of every word of an error', async () => {
  const missing = join(dir, 'no-such-policy.json');

  const result = await runCli(['--policy', missing], { FASTLY_API_TOKEN: 'e' });

  expectIncomplete(result, new RegExp(`${escapeRegExp(missing)}: cannot read the policy file \\(ENOENT\\)`));
  expect(result.stderr).not.toContain('[REDACTED]');
});

describe('output and help', () => {
  it.concurrent('a reader that closes the pipe early (| head -1) ends the run quietly, with its own exit code', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../../bin/audit.ts', import.meta.url)), '--format', 'json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, FASTLY_API_TOKEN: '', FASTLY_API_URL: '', NODE_OPTIONS: '' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(code).toBe(1);
  });

  it.concurrent('top-level --help shows the audit options, the environment and the exit codes', async () => {
    const result: CliResult = await runCli(['--help']);

    for (const text of ['--api-url <url>', '--fail-on <severity>', '--previous <file>', 'FASTLY_API_TOKEN', 'FASTLY_TIMEOUT_MS', 'Exit codes:', '2  the audit could not run']) {
      expect([text, result.stdout.includes(text)]).toEqual([text, true]);
    }
    expect(result.code).toBe(0);
  });
});
