/**
 * `fleet` as a user runs it: the command line as a child process against a fleet simulator on
 * 127.0.0.1 (one account per token). One account's failure (a 401, an API that hangs past
 * FASTLY_TIMEOUT_MS, a secret that cannot be read) is its ERROR and never the others'; the digest
 * names every account; the exit code is the worst account's; every input is checked before the
 * first request; concurrency is bounded; and no token appears in any output or file.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FleetDigest } from '../../../lambda/fleet/digest.js';
import type { Report } from '../../../lambda/report/model.js';
import { demoSeed, ROUTE_NAMES, startFleetSimulator, type FleetSimulator, type FleetSimulatorAccount } from '../../../simulator/index.js';
import { startAwsRecorder, type AwsRecorder } from '../../helpers/aws-recorder.js';
import { CLEAN_AUDITOR_ADDRESS, CLEAN_POLICY, cleanAccount, lowAndMediumFailing } from '../../helpers/cli-accounts.js';
import { scratchDirectory, SENTINEL } from '../../helpers/cli-harness.js';
import { makeReport } from '../../helpers/report-fixtures.js';
import { collectOutput, runCli, type CliResult } from '../../helpers/run-cli.js';

const scratch = scratchDirectory('fleet-cli-');
const { dir, file } = scratch;
afterAll(() => scratch.cleanUp());

/** Each account's token holds the sentinel: the suite's clean-up checks no output holds it. */
const token = (name: string) => `${SENTINEL}-${name}`;
const cleanPolicy = file('clean-policy.json', CLEAN_POLICY);

function accountsFile(name: string, accounts: { name: string; policyFile?: string; remediation?: string }[]): string {
  return file(name, { version: 1, defaults: { policyFile: cleanPolicy }, accounts: accounts.map((account) => ({ tokenSecretName: `fastly/${account.name}`, ...account })) });
}

function tokensEnv(names: string[], extra: Record<string, string> = {}): Record<string, string> {
  return { ...Object.fromEntries(names.map((name) => [`FASTLY_API_TOKEN_${name.toUpperCase().replace(/-/g, '_')}`, token(name)])), ...extra };
}

/** A fleet simulator whose accounts take their tokens; `unknown` accounts get none (401 for theirs). */
async function withFleet<T>(accounts: (Omit<FleetSimulatorAccount, 'token'> & { token?: string })[], body: (fleet: FleetSimulator) => Promise<T>): Promise<T> {
  const fleet = await startFleetSimulator(accounts.map((account) => ({ token: token(account.name), ...account })));
  try {
    return await body(fleet);
  } finally {
    await fleet.stop();
  }
}

const clean = { seed: cleanAccount(), clientAddress: CLEAN_AUDITOR_ADDRESS };
const readJson = <T>(path: string): T => {
  const text = readFileSync(path, 'utf8');
  collectOutput(path, text);
  return JSON.parse(text) as T;
};

describe('a fleet with one account fine, one answering 401 and one hanging', () => {
  let result: CliResult;
  let digest: FleetDigest;
  let fleet: FleetSimulator;
  const out = join(dir, 'reports-1');

  beforeAll(async () => {
    mkdirSync(out);
    const accounts = accountsFile('three.json', [{ name: 'fine' }, { name: 'unauthorized' }, { name: 'hung' }]);
    await withFleet(
      [
        { name: 'fine', options: clean },
        // Its token is not the one the CLI sends: the API answers 401.
        { name: 'unauthorized', token: 'another-token-entirely', options: clean },
        { name: 'hung', options: clean },
      ],
      async (simulator) => {
        fleet = simulator;
        simulator.account('hung').setFault('get_logged_in_customer', { hang: true });
        result = await runCli(['fleet', '--accounts', accounts, '--api-url', simulator.url, '--output-dir', out, '--format', 'json'], tokensEnv(['fine', 'unauthorized', 'hung'], { FASTLY_TIMEOUT_MS: '300' }));
      },
    );
    digest = JSON.parse(result.stdout) as FleetDigest;
  }, 60_000);

  it('exits 2, the worst account\'s code', () => {
    expect(result.code).toBe(2);
  });

  it('reports the fine account, and the others as ERROR saying what failed', () => {
    const byName = Object.fromEntries(digest.accounts.map((outcome) => [outcome.account, outcome]));

    expect(digest.accounts.map((outcome) => outcome.account).sort()).toEqual(['fine', 'hung', 'unauthorized']);
    expect(byName.fine).toMatchObject({ status: 'PASS', customer: { name: 'Tidy Media' }, failing: 0 });
    expect(byName.unauthorized).toMatchObject({ status: 'ERROR', errors: [{ message: expect.stringContaining('HTTP 401'), action: expect.stringContaining('token') }] });
    expect(byName.hung).toMatchObject({ status: 'ERROR', errors: [{ message: expect.stringMatching(/no response within 300 ms after 4 attempts/) }] });
    expect(digest).toMatchObject({ kind: 'fleet-digest', status: 'ERROR', totals: { accounts: 3, pass: 1, fail: 0, error: 2 } });
    // Worst first.
    expect(digest.accounts.at(-1)?.account).toBe('fine');
  });

  it('writes each account\'s report to the output directory', () => {
    expect(readJson<Report>(join(out, 'fine.json'))).toMatchObject({ schemaVersion: 1, status: 'PASS', customer: { name: 'Tidy Media' } });
    expect(readJson<Report>(join(out, 'unauthorized.json'))).toMatchObject({ status: 'ERROR', customer: { id: 'unknown' } });
    expect(readJson<Report>(join(out, 'hung.json'))).toMatchObject({ status: 'ERROR' });
    expect(digest.accounts.find((outcome) => outcome.account === 'fine')?.reportLocation).toBe(join(out, 'fine.json'));
  });

  it('says which accounts could not be audited, and shows no token anywhere', () => {
    expect(result.stderr).toMatch(/Fleet incomplete: 2 of 3 accounts could not be audited \((hung, unauthorized|unauthorized, hung)\)/);
    expect(`${result.stdout}${result.stderr}`).not.toContain(SENTINEL);
    // Only the fine account's data was read; nothing was written.
    expect(fleet.account('fine').requests.map((request) => request.route)).toEqual(expect.arrayContaining(['get_logged_in_customer', 'list_users']));
    expect(fleet.account('fine').requests.every((request) => request.method === 'GET')).toBe(true);
    expect(fleet.unknownKeyRequests).toBe(1);
  });
});

describe('fleet', () => {
  it.concurrent('prints the digest as text and markdown, and exits with the worst account against --fail-on', async () => {
    const accounts = accountsFile('two.json', [{ name: 'tidy' }, { name: 'low-media' }]);
    await withFleet(
      [
        { name: 'tidy', options: clean },
        { name: 'low-media', options: { seed: lowAndMediumFailing(), clientAddress: CLEAN_AUDITOR_ADDRESS } },
      ],
      async (fleet) => {
        const env = tokensEnv(['tidy', 'low-media']);
        const text = await runCli(['fleet', '--accounts', accounts, '--api-url', fleet.url], env);
        const high = await runCli(['fleet', '--accounts', accounts, '--api-url', fleet.url, '--fail-on', 'high', '--format', 'markdown'], env);

        expect(text.code).toBe(1);
        expect(text.stdout.split('\n')[0]).toBe('Fastly fleet audit: 1 of 2 accounts failing (medium)');
        expect(text.stdout).toMatch(/^FAIL\s+low-media\s+Tidy Media\s+2 failing \(1 medium, 1 low\), first run$/m);
        expect(text.stdout).toMatch(/^PASS\s+tidy\s+Tidy Media\s+0 failing, first run$/m);
        expect(high.code).toBe(0);
        expect(high.stdout).toMatch(/^# Fastly fleet audit: 1 of 2 accounts failing \(medium\)$/m);
        expect(high.stdout).toContain('| **FAIL** | low-media | Tidy Media |');
      },
    );
  });

  it.concurrent('compares each account with its report of the previous run in the output directory', async () => {
    const out = join(dir, 'reports-2');
    mkdirSync(out);
    const accounts = accountsFile('again.json', [{ name: 'low-media' }]);
    await withFleet([{ name: 'low-media', options: { seed: lowAndMediumFailing(), clientAddress: CLEAN_AUDITOR_ADDRESS } }], async (fleet) => {
      const args = ['fleet', '--accounts', accounts, '--api-url', fleet.url, '--output-dir', out, '--format', 'json'];
      const first = await runCli(args, tokensEnv(['low-media']));
      fleet.account('low-media').updateState({ customer: { force_2fa: false } });
      const second = await runCli(args, tokensEnv(['low-media']));

      expect((JSON.parse(first.stdout) as FleetDigest).accounts[0]).toMatchObject({ newFindings: null, change: 'FIRST_RUN' });
      expect((JSON.parse(second.stdout) as FleetDigest).accounts[0]).toMatchObject({ newFindings: 1, change: 'NEW' });
      expect(readJson<Report>(join(out, 'low-media.json')).delta?.new).toHaveLength(1);
    });
  });

  it.concurrent("replaces another customer's report in the output directory without comparing, and says so with the token redacted", async () => {
    // Arrange: the report already there is of another customer, whose id (hostile, from a file) echoes the account's token.
    const out = join(dir, 'reports-other-customer');
    mkdirSync(out);
    const otherId = `other-${token('tidy')}`;
    writeFileSync(join(out, 'tidy.json'), JSON.stringify(makeReport({ customer: { id: otherId, name: 'Other Corp' } })));
    const accounts = accountsFile('other-customer.json', [{ name: 'tidy' }]);

    // Act
    const result = await withFleet([{ name: 'tidy', options: clean }], (fleet) =>
      runCli(['fleet', '--accounts', accounts, '--api-url', fleet.url, '--output-dir', out, '--format', 'json'], tokensEnv(['tidy'])),
    );

    // Assert
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('tidy: the report in --output-dir is of customer other-[REDACTED], not tIdYmEdIa0000000000001: nothing to compare with, and it is replaced');
    expect((JSON.parse(result.stdout) as FleetDigest).accounts[0]).toMatchObject({ account: 'tidy', newFindings: null });
    expect(readJson<Report>(join(out, 'tidy.json'))).toMatchObject({ customer: { id: 'tIdYmEdIa0000000000001' } });
    expect(`${result.stdout}${result.stderr}`).not.toContain(SENTINEL);
  });

  it.concurrent('reads a token from Secrets Manager when its variable is not set; a secret that cannot be read is that account\'s ERROR', async () => {
    const recorder: AwsRecorder = await startAwsRecorder({ secrets: { 'fastly/from-secret': token('from-secret') } });
    try {
      const accounts = accountsFile('secrets.json', [{ name: 'from-secret' }, { name: 'no-secret' }, { name: 'from-env' }]);
      await withFleet(
        [
          { name: 'from-secret', options: clean },
          { name: 'no-secret', options: clean },
          { name: 'from-env', options: clean },
        ],
        async (fleet) => {
          const aws = { AWS_ENDPOINT_URL: recorder.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIAFLEETTEST0000000', AWS_SECRET_ACCESS_KEY: 'fleet-test-dummy', AWS_EC2_METADATA_DISABLED: 'true' };
          const result = await runCli(['fleet', '--accounts', accounts, '--api-url', fleet.url, '--format', 'json'], tokensEnv(['from-env'], aws));
          const byName = Object.fromEntries((JSON.parse(result.stdout) as FleetDigest).accounts.map((outcome) => [outcome.account, outcome]));

          expect(result.code).toBe(2);
          expect(byName['from-secret']).toMatchObject({ status: 'PASS' });
          expect(byName['from-env']).toMatchObject({ status: 'PASS' });
          expect(byName['no-secret']).toMatchObject({ status: 'ERROR', errors: [{ message: expect.stringContaining('could not read secret fastly/no-secret: ResourceNotFoundException') }] });
          expect(recorder.requests.map((request) => JSON.parse(request.body).SecretId).sort()).toEqual(['fastly/from-secret', 'fastly/no-secret']);
        },
      );
    } finally {
      await recorder.stop();
    }
  });

  it.concurrent('audits at most --concurrency accounts at once', async () => {
    const names = Array.from({ length: 6 }, (_, index) => `slow-${index + 1}`);
    const accounts = accountsFile('six.json', names.map((name) => ({ name })));
    const latencyMs = 250;
    await withFleet(
      names.map((name) => ({ name, options: clean })),
      async (fleet) => {
        for (const name of names) for (const route of ROUTE_NAMES) fleet.account(name).setFault(route, { latencyMs });
        const started = Date.now();
        const result = await runCli(['fleet', '--accounts', accounts, '--api-url', fleet.url, '--concurrency', '2'], tokensEnv(names));
        const elapsed = Date.now() - started;

        expect(result.code).toBe(0);
        // Each account's time with the API: from its first request to its last answer (every route answers after the latency).
        const windows = names.map((name) => {
          const times = fleet.account(name).requests.map((request) => request.at);
          return [Math.min(...times), Math.max(...times) + latencyMs] as const;
        });
        const overlapAt = (at: number) => windows.filter(([from, to]) => from <= at && at < to).length;
        expect(Math.max(...windows.map(([from]) => overlapAt(from)))).toBe(2);
        // Three waves of two round trips: never faster than that.
        expect(elapsed).toBeGreaterThanOrEqual(3 * 2 * latencyMs);
      },
    );
  });

  it.concurrent('runs the demo fleet: four accounts, one in ERROR, and says so', async () => {
    const result = await runCli(['fleet', '--demo']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Demo mode: the demo fleet of the built-in Fastly API simulator at http:\/\/127\.0\.0\.1:\d+ \(4 accounts, one token each\)\./);
    expect(result.stdout.split('\n')[0]).toBe('Fastly fleet audit (DEMO): 2 of 4 accounts failing (critical), 1 error');
    for (const name of ['acme-prod', 'acme-staging', 'tidy-media', 'legacy-cdn']) expect(result.stdout).toContain(name);
    expect(result.stdout).toMatch(/^PASS\s+tidy-media\s+Tidy Media/m);
    expect(result.stdout).toMatch(/^ERROR\s+legacy-cdn[\s\S]*what failed: Could not read the users: HTTP 403/m);
  });
});

describe('fleet checks every input before the first request', () => {
  const okAccounts = accountsFile('ok.json', [{ name: 'one' }]);
  const brokenPolicy = file('broken-policy.json', { version: 1, rules: { 'account.force-3fa': {} } });
  const notAReportDir = join(dir, 'not-a-report');
  mkdirSync(notAReportDir);
  writeFileSync(join(notAReportDir, 'one.json'), '{"hello": "world"}');

  it.concurrent.each<[string, (url: string) => string[], Record<string, string>, RegExp]>([
    ['an accounts file with a mistake', () => ['fleet', '--accounts', file('typo.json', { version: 1, accounts: [{ name: 'one', tokenSecretName: 'x', notfy: 'change' }] })], {}, /typo\.json: accounts\[0\]\.notfy: unknown key; did you mean "notify"\?/],
    ['a policy the accounts file names', () => ['fleet', '--accounts', accountsFile('bad-policy.json', [{ name: 'one', policyFile: brokenPolicy }])], {}, /bad-policy\.json: accounts\[0\]\.policyFile: .*broken-policy\.json: rules\["account\.force-3fa"\]: unknown rule id/],
    ['a missing output directory', () => ['fleet', '--accounts', okAccounts, '--output-dir', join(dir, 'nope')], {}, /--output-dir .*nope cannot be used \(ENOENT: create it first\)/],
    ['a file in the output directory that is not a report', () => ['fleet', '--accounts', okAccounts, '--output-dir', notAReportDir], {}, /one\.json.*schemaVersion/],
    ['plain http to another machine', () => ['fleet', '--accounts', okAccounts, '--api-url', 'http://fastly.example.com'], {}, /plain http to a host that is not this machine/],
    ['a token with a line break', () => ['fleet', '--accounts', okAccounts], { FASTLY_API_TOKEN_ONE: 'abc\ndef-ghijklmnop' }, /FASTLY_API_TOKEN_ONE: the Fastly API token contains a line break/],
    ['a FASTLY_TIMEOUT_MS that is not a number', () => ['fleet', '--accounts', okAccounts], { FASTLY_TIMEOUT_MS: '1e3' }, /FASTLY_TIMEOUT_MS must be a whole number/],
    ['no accounts file', () => ['fleet'], {}, /fleet needs --accounts <file> \(the accounts file\), or --demo/],
    ['--demo with --accounts', () => ['fleet', '--demo', '--accounts', okAccounts], {}, /--demo audits the built-in simulator's demo fleet: leave out --accounts/],
    ['a concurrency of 0', () => ['fleet', '--accounts', okAccounts, '--concurrency', '0'], {}, /--concurrency.*must be a whole number from 1 to 100/],
  ])('refuses %s with exit 2', async (_case, args, env, message) => {
    await withFleet([{ name: 'one', options: clean }], async (fleet) => {
      const argv = args(fleet.url);
      const withUrl = argv.includes('--api-url') || argv.includes('--demo') ? argv : [...argv, '--api-url', fleet.url];
      const result = await runCli(withUrl, { FASTLY_API_TOKEN_ONE: token('one'), ...env });

      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(2);
      expect(fleet.account('one').requests).toEqual([]);
      expect(fleet.unknownKeyRequests).toBe(0);
      expect(result.stdout).toBe('');
    });
  });

  it.concurrent('validate checks an accounts file and every policy it names', async () => {
    const good = await runCli(['validate', accountsFile('valid.json', [{ name: 'one' }, { name: 'two', policyFile: cleanPolicy }])]);
    const bad = await runCli(['validate', accountsFile('invalid.json', [{ name: 'one', policyFile: brokenPolicy }])]);

    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/valid\.json: valid \(2 accounts; policies: .*clean-policy\.json \(2\)\)/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid\.json: accounts\[0\]\.policyFile: .*broken-policy\.json: rules\["account\.force-3fa"\]: unknown rule id; did you mean "account\.force-2fa"\?/);
  });
});

it('demo seeds are the demo account', () => {
  expect(demoSeed().customer.name).toBe('Acme Streaming Ltd');
});
