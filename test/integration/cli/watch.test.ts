/**
 * `watch` as a user runs it: the command line as a child process against the simulator on
 * 127.0.0.1, with a state file in a scratch directory. Inputs are checked before any request; a
 * regression prints at once with who made it and exits 1; nothing new is one line on stderr; a
 * loop runs until Ctrl-C; the token appears nowhere.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { demoSeed } from '../../../simulator/index.js';
import { escapeRegExp, expectIncomplete, expectNoToken, scratchDirectory, SENTINEL, TOKEN_ENV, withSimulator } from '../../helpers/cli-harness.js';
import { collectOutput, REPO_ROOT, runCli } from '../../helpers/run-cli.js';

const scratch = scratchDirectory('watch-cli-');
afterAll(() => scratch.cleanUp());

const TOM = 'TzdbKB1Ga8FPJsKbMnY0Lc';
/** The demo account with forced 2FA on: the watch has something to see turned off. */
const seed = () => {
  const demo = demoSeed();
  return { ...demo, customer: { ...demo.customer, force_2fa: true } };
};

describe('watch --demo', () => {
  it('writes a baseline, then shows the scripted regression with who made it, and exits 1', async () => {
    const result = await runCli(['watch', '--demo']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/baseline written to .*account\.force-2fa PASS/);
    expect(result.stderr).toContain('Demo: a superuser turns force_2fa off');
    expect(result.stdout).toMatch(/^DEMO Fastly watch: ALERT for Acme Streaming Ltd/);
    expect(result.stdout).toContain('REGRESSION  account.force-2fa (high): force_2fa turned off');
    expect(result.stdout).toMatch(/changed by tom\.becker@acme\.example at \S+ from 203\.0\.113\.45 \(customer\.update\)/);
  });
});

describe('watch against an API', () => {
  it('baseline, nothing new, then a regression at once: exit 0, 0, 1, and the state kept in between', async () => {
    await withSimulator({ seed: seed() }, async (sim) => {
      const state = scratch.file('state-sequence.json');
      const args = ['watch', '--state', state, '--api-url', sim.url];

      const first = await runCli(args, TOKEN_ENV);
      const written = readFileSync(state, 'utf8');
      const writtenAt = statSync(state).mtimeMs;
      const second = await runCli(args, TOKEN_ENV);
      const afterSecond = { text: readFileSync(state, 'utf8'), at: statSync(state).mtimeMs };
      sim.recordChange({ customer: { force_2fa: false }, userId: TOM, ip: '198.51.100.9' });
      const third = await runCli([...args, '--format', 'json'], TOKEN_ENV);

      expect([first.code, second.code, third.code]).toEqual([0, 0, 1]);
      expect(first.stdout).toBe('');
      expect(JSON.parse(written)).toMatchObject({ kind: 'watch-state', customer: { id: demoSeed().customer.id } });
      expect(second.stderr).toMatch(new RegExp(`no change since the state in ${escapeRegExp(state)}`));
      // Nothing new: the file is left as it was.
      expect(afterSecond).toEqual({ text: written, at: writtenAt });
      expect(readFileSync(state, 'utf8')).not.toBe(written);
      const alert = JSON.parse(third.stdout);
      expect(alert).toMatchObject({ mode: 'watch', change: 'REGRESSION', changes: [{ ruleId: 'account.force-2fa', from: true, to: false, attribution: { actor: { login: 'tom.becker@acme.example' }, ip: '198.51.100.9' } }] });
      expectNoToken(first.stderr, second.stderr, third.stdout, third.stderr, readFileSync(state, 'utf8'));
    });
  });

  it('rebuilds a corrupt state file as the baseline, with a warning, and alerts nothing', async () => {
    await withSimulator({ seed: seed() }, async (sim) => {
      const state = scratch.file('corrupt.json', '{"schemaVersion": 1, "kind": "wat');

      const result = await runCli(['watch', '--state', state, '--api-url', sim.url], TOKEN_ENV);

      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/warning: .*corrupt\.json is not valid JSON .*: this pass is the baseline, and nothing is alerted/);
      expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ kind: 'watch-state' });
    });
  });

  it('exits 2 when the account cannot be read, naming the status, without the token', async () => {
    await withSimulator({ seed: seed() }, async (sim) => {
      sim.setFault('get_logged_in_customer', { status: 401 });

      const result = await runCli(['watch', '--state', scratch.file('rejected.json'), '--api-url', sim.url], TOKEN_ENV);

      expectIncomplete(result, /watch failed: Could not read the account: .*401/);
    });
  });

  it('loops every --interval seconds until Ctrl-C, and exits 1 after the regression it saw', async () => {
    await withSimulator({ seed: seed() }, async (sim) => {
      const state = scratch.file('loop.json');
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../../bin/audit.ts', import.meta.url)), 'watch', '--state', state, '--api-url', sim.url, '--interval', '1'], {
        cwd: REPO_ROOT,
        env: { ...process.env, NODE_OPTIONS: '', ...TOKEN_ENV },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const waitFor = async (test: () => boolean) => {
        for (let waited = 0; !test(); waited += 50) {
          if (waited > 30_000) throw new Error(`gave up waiting; stderr so far:\n${stderr}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };

      await waitFor(() => stderr.includes('baseline written'));
      sim.recordChange({ customer: { force_2fa: false }, userId: TOM });
      await waitFor(() => stdout.includes('REGRESSION'));
      await waitFor(() => stderr.includes('no change since'));
      const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.kill('SIGINT');
      const code = await exit;
      collectOutput('watch --interval (stdout)', stdout);
      collectOutput('watch --interval (stderr)', stderr);

      expect(code).toBe(1);
      expect(stdout.match(/^Fastly watch: ALERT/gm)).toHaveLength(1);
      expect(sim.requests.filter((request) => request.route === 'get_logged_in_customer').length).toBeGreaterThanOrEqual(3);
    });
  });
});

describe('watch inputs, checked before any request', () => {
  it.each([
    ['no --state', [], {}, /--state <file> is required/],
    ['an interval of 0', ['--state', 'x.json', '--interval', '0'], {}, /--interval.*must be a whole number of seconds from 1 to 86400/],
    ['an interval that is not a number', ['--state', 'x.json', '--interval', '5m'], {}, /must be a whole number of seconds/],
    ['a state in a missing directory', ['--state', '/nonexistent-dir/state.json'], {}, /--state \/nonexistent-dir\/state\.json cannot be written \(ENOENT/],
    ['a bad FASTLY_TIMEOUT_MS', ['--state', 'x.json'], { FASTLY_TIMEOUT_MS: '0' }, /FASTLY_TIMEOUT_MS must be a whole number/],
    ['a policy that does not parse', ['--state', 'x.json', '--policy', 'bad-policy.json'], {}, /bad-policy\.json/],
  ])('exits 2 for %s', async (_case, extra, env, message) => {
    writeFileSync(scratch.file('bad-policy.json'), '{"version": 1, "rules": {"account.force-2fa": {"remediate": "sometimes"}}}');
    await withSimulator({ seed: seed() }, async (sim) => {
      const args = ['watch', ...extra.map((arg) => (arg === 'x.json' ? scratch.file('unused.json') : arg === 'bad-policy.json' ? scratch.file('bad-policy.json') : arg)), '--api-url', sim.url];

      const result = await runCli(args, { ...TOKEN_ENV, ...env });

      expectIncomplete(result, message);
      expect(sim.requests).toEqual([]);
    });
  });

  it('never sends the token over plain http to another host', async () => {
    const result = await runCli(['watch', '--state', scratch.file('remote.json'), '--api-url', 'http://api.example.com'], { FASTLY_API_TOKEN: SENTINEL });

    expectIncomplete(result, /http/);
  });
});
