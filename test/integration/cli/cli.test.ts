/**
 * The command line as a child process: demo mode, the formats and --output, --fail-on, a clean
 * account, every way an audit cannot run (exit 2, a message on stderr, never PASS), validate and
 * schema, and --remediate. The simulator runs in this process on 127.0.0.1; the token is a
 * sentinel that must appear in no output of any run.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { demoSeed, type Fault, type RouteName } from '../../../simulator/index.js';
import { closedPortUrl } from '../../helpers/fastly-servers.js';
import { BAD_POLICY, CLEAN_AUDITOR_ADDRESS, CLEAN_POLICY, PCI_AUTO_POLICY, cleanAccount, lowAndMediumFailing } from '../../helpers/cli-accounts.js';
import {
  DEMO_POLICY,
  escapeRegExp,
  expectIncomplete,
  expectNoToken,
  putsTo,
  scratchDirectory,
  SENTINEL,
  TOKEN_ENV,
  withSimulator,
} from '../../helpers/cli-harness.js';
import { parseCsv } from '../../helpers/csv-parse.js';
import { activeContent, htmlProblems, pageElements } from '../../helpers/html-check.js';
import { makeReport, REPORT_KEYS } from '../../helpers/report-fixtures.js';
import { collectOutput, collectedOutputs, REPO_ROOT, runCli } from '../../helpers/run-cli.js';

/** The text report's first line. */
const SUMMARY_LINE = /^Fastly audit .+ \(.+\): (PASS|FAIL|ERROR) - /;

const scratch = scratchDirectory('audit-cli-');
const { dir, file } = scratch;
const cleanPolicyFile = file('clean-policy.json', CLEAN_POLICY);
const pciAutoPolicyFile = file('pci-auto-policy.json', PCI_AUTO_POLICY);
const badPolicyFile = file('bad-policy.json', BAD_POLICY);
const truncatedPolicyFile = file('truncated-policy.json', '{ "version": 1, "rules": { ');
/** An otherwise valid earlier report whose first finding is null. */
const nullFindingReportFile = file('previous-null-finding.json', { ...makeReport(), findings: [null] });

afterAll(() => {
  // Every run's stdout, stderr and --output file, all together, hold no token.
  expect(collectedOutputs.length).toBeGreaterThan(40);
  scratch.cleanUp();
});

function readOutputFile(path: string): string {
  const text = readFileSync(path, 'utf8');
  collectOutput(`--output ${path}`, text);
  return text;
}

it.concurrent('with no token it audits the demo account, says so on stderr, and exits 1', async () => {
  const result = await runCli([]);

  expect(result.stderr).toMatch(/^Demo mode: no Fastly API token \(FASTLY_API_TOKEN is not set\)/);
  expect(result.stdout.split('\n')[0]).toMatch(/^Fastly audit \(DEMO\) Acme Streaming Ltd \(bBRsk29cztUX1kmObfEjdp\): FAIL - \d+ failing/);
  // Its tokens, invitations and audit log too, dated as of today: who turned force_2fa off a week ago.
  expect(result.stdout).toMatch(/^ {4}- token terraform-prod: API token "terraform-prod" \(global\) never expires/m);
  expect(result.stdout).toMatch(/^ {4}- invitation freelancer\.dev@outlook\.com: /m);
  expect(result.stdout).toMatch(/^ {6}changed by tom\.becker@acme\.example at \S+ from 203\.0\.113\.45 \(customer\.update\)$/m);
  expect(result.code).toBe(1);
}, 30_000);

describe('against a simulator with a token', () => {
  it.concurrent('--format json prints the report, and --output writes the same JSON', async () => {
    const output = file('report.json');
    const { result, requests } = await withSimulator({ seed: demoSeed() }, async (sim) => ({
      result: await runCli(['--api-url', sim.url, '--policy', DEMO_POLICY, '--format', 'json', '--output', output], TOKEN_ENV),
      requests: sim.requests,
    }));

    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(REPORT_KEYS);
    expect(report).toMatchObject({ schemaVersion: 1, status: 'FAIL', customer: { id: 'bBRsk29cztUX1kmObfEjdp' }, errors: [] });
    expect(report.rules).toHaveLength(15);
    expect(readOutputFile(output)).toBe(result.stdout);
    // The CLI did authenticate with the sentinel, so its absence from the output means something.
    expect(requests.every((r) => r.authenticated && r.method === 'GET')).toBe(true);
    expect(requests[0]?.route).toBe('get_logged_in_customer');
    expect(new Set(requests.map((r) => r.route))).toEqual(
      new Set(['get_logged_in_customer', 'list_users', 'list_customer_tokens', 'list_automation_tokens', 'list_invitations', 'list_events']),
    );
    expect(result.stderr).toContain(`Policy: ${DEMO_POLICY}. Remediation: plan.`);
    expect(result.code).toBe(1);
    expectNoToken(result.stdout, result.stderr);
  });

  it.concurrent('--format markdown prints a rules table', async () => {
    const result = await withSimulator({ seed: demoSeed() }, (sim) =>
      runCli(['--api-url', sim.url, '--policy', DEMO_POLICY, '--format', 'markdown'], TOKEN_ENV),
    );

    expect(result.stdout).toMatch(/^# Fastly audit: Acme Streaming Ltd\n/);
    expect(result.stdout).toContain('| `account.force-2fa` | Two-factor authentication is forced for the account | high | FAIL |');
    expect(result.code).toBe(1);
    expectNoToken(result.stdout, result.stderr);
  });

  it.concurrent('--format html prints one valid, inert page, and --output still writes the JSON report', async () => {
    const output = file('report-for-html.json');
    const result = await withSimulator({ seed: demoSeed() }, (sim) =>
      runCli(['--api-url', sim.url, '--policy', DEMO_POLICY, '--format', 'html', '--output', output], TOKEN_ENV),
    );

    expect(result.stdout).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(result.stdout).toContain('<h1>Acme Streaming Ltd <span class="badge s-FAIL">FAIL</span></h1>');
    expect(await htmlProblems(result.stdout)).toEqual([]);
    expect(activeContent(await pageElements(result.stdout))).toEqual([]);
    const report = JSON.parse(readOutputFile(output)) as { status: string; accessReview: { users: unknown[] } };
    expect(report.status).toBe('FAIL');
    expect(result.stdout).toContain(`<h2>Users (${report.accessReview.users.length})</h2>`);
    expect(result.code).toBe(1);
    expectNoToken(result.stdout, result.stderr);
  });

  it.concurrent('--format csv prints the access review: a header and one row per user', async () => {
    const result = await withSimulator({ seed: demoSeed() }, (sim) =>
      runCli(['--api-url', sim.url, '--policy', DEMO_POLICY, '--format', 'csv'], TOKEN_ENV),
    );

    const [header, ...rows] = parseCsv(result.stdout);
    expect(header).toEqual(['Login', 'Name', 'Roles', '2FA', 'Locked', 'Last active', 'Created', 'API tokens', 'Failing rules']);
    expect(rows.map((row) => row[0])).toEqual(demoSeed().users.map((user) => user.login));
    expect(rows.find((row) => row[0] === 'sam.okafor.dev@gmail.com')?.[8]).toBe('user.email-domain');
    expect(result.code).toBe(1);
    expectNoToken(result.stdout, result.stderr);
  });

  test.concurrent.each([
    ['low', 1],
    ['medium', 1],
    ['high', 0],
    ['critical', 0],
  ])('--fail-on %s, with only low and medium rules failing, exits %i', async (severity, code) => {
    const result = await withSimulator({ seed: lowAndMediumFailing(), clientAddress: CLEAN_AUDITOR_ADDRESS }, (sim) =>
      runCli(['--api-url', sim.url, '--policy', cleanPolicyFile, '--fail-on', severity], TOKEN_ENV),
    );

    expect(result.stdout.split('\n')[0]).toMatch(/: FAIL - 2 failing \(1 medium, 1 low\)/);
    expect(result.code).toBe(code);
    expectNoToken(result.stdout, result.stderr);
  });

  it.concurrent('--previous: a second run reports what changed since the first', async () => {
    const first = file('first-run.json');
    const { second } = await withSimulator({ seed: demoSeed() }, async (sim) => {
      await runCli(['--api-url', sim.url, '--policy', DEMO_POLICY, '--output', first], TOKEN_ENV);
      sim.updateState({ users: sim.users().map((user) => (user.login === 'marcus.webb@acme.example' ? { ...user, two_factor_auth_enabled: false } : user)) });
      return { second: await runCli(['--api-url', sim.url, '--policy', DEMO_POLICY, '--previous', first, '--format', 'json'], TOKEN_ENV) };
    });

    const report = JSON.parse(second.stdout) as { delta?: { new: string[]; unchanged: string[]; previousStatus: string }; findings: { id: string; subject: { name: string } }[] };
    expect(report.delta).toMatchObject({ previousStatus: 'FAIL', resolved: [] });
    expect(report.delta?.new.map((id) => report.findings.find((finding) => finding.id === id)?.subject.name)).toEqual(['marcus.webb@acme.example']);
    expect(report.delta?.unchanged.length).toBeGreaterThan(0);
    expect(second.code).toBe(1);
    expectNoToken(readOutputFile(first), second.stdout, second.stderr);
  });

  it.concurrent('a clean account exits 0 with status PASS', async () => {
    const output = file('clean-report.json');
    const result = await withSimulator({ seed: cleanAccount(), clientAddress: CLEAN_AUDITOR_ADDRESS }, (sim) =>
      runCli(['--api-url', sim.url, '--policy', cleanPolicyFile, '--output', output], TOKEN_ENV),
    );

    expect(result.stdout.split('\n')[0]).toBe('Fastly audit Tidy Media (tIdYmEdIa0000000000001): PASS - 0 failing, 3 users checked');
    const report = JSON.parse(readOutputFile(output)) as { status: string; findings: unknown[] };
    expect(report.status).toBe('PASS');
    expect(report.findings).toEqual([]);
    expect(result.code).toBe(0);
  });

  it.concurrent('--remediate applies the fix in one PUT and says what changed; without it the text says "would set"', async () => {
    const options = { seed: lowAndMediumFailing(), clientAddress: CLEAN_AUDITOR_ADDRESS };
    const [planned, applied] = await Promise.all([
      withSimulator(options, async (sim) => ({
        result: await runCli(['--api-url', sim.url, '--policy', pciAutoPolicyFile], TOKEN_ENV),
        puts: putsTo(sim),
      })),
      withSimulator(options, async (sim) => ({
        result: await runCli(['--api-url', sim.url, '--policy', pciAutoPolicyFile, '--remediate'], TOKEN_ENV),
        puts: putsTo(sim),
        customer: sim.customer(),
      })),
    ]);

    expect(planned.puts).toEqual([]);
    expect(planned.result.stdout).toContain('Remediation (mode plan)');
    expect(planned.result.stdout).toContain('would set has_pci: false -> true (account.pci)');

    expect(applied.puts.map((put) => put.body)).toEqual(['has_pci=true']);
    expect(applied.customer.has_pci).toBe(true);
    expect(applied.result.stderr).toContain('Remediation: apply.');
    expect(applied.result.stdout).toContain('Changed and verified:');
    expect(applied.result.stdout).toContain('set has_pci: false -> true (account.pci), verified');
    expect(applied.result.stdout).not.toContain('would set');
    // The finding fixed and verified in this run is FIXED, no longer failing; the idle user (low) still fails.
    expect(applied.result.stdout.split('\n')[0]).toMatch(/: FAIL - 1 failing \(1 low\), 1 fixed, /);
    expect(applied.result.stdout).toContain('Fixed in this run: 1\n  - account.pci (medium), account Tidy Media: has_pci: false -> true, verified');
    expect([planned.result.code, applied.result.code]).toEqual([1, 1]);
    expectNoToken(planned.result.stdout, planned.result.stderr, applied.result.stdout, applied.result.stderr);
  });

  it.concurrent('--remediate --fail-on medium exits 0 once the only medium finding is fixed and verified', async () => {
    const options = { seed: lowAndMediumFailing(), clientAddress: CLEAN_AUDITOR_ADDRESS };
    const args = ['--policy', pciAutoPolicyFile, '--fail-on', 'medium', '--format', 'json'];
    const [planned, applied] = await Promise.all([
      withSimulator(options, (sim) => runCli(['--api-url', sim.url, ...args], TOKEN_ENV)),
      withSimulator(options, (sim) => runCli(['--api-url', sim.url, ...args, '--remediate'], TOKEN_ENV)),
    ]);

    const report = JSON.parse(applied.stdout) as { summary: { byStatus: { FIXED: number } }; findings: { ruleId: string; status: string; fix?: unknown }[] };
    expect(report.summary.byStatus.FIXED).toBe(1);
    expect(report.findings.find((finding) => finding.ruleId === 'account.pci')).toMatchObject({
      status: 'FIXED',
      fix: { field: 'has_pci', before: false, after: true },
    });
    expect([planned.code, applied.code]).toEqual([1, 0]);
  });
});

/** A loopback Secrets Manager that answers GetSecretValue with `secretString`, and records the calls. */
async function startSecretsManager(secretString: string): Promise<{ url: string; calls: { target: string; body: string }[]; close(): Promise<void> }> {
  const calls: { target: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      calls.push({ target: String(req.headers['x-amz-target']), body });
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ ARN: `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${SecretId}-AbCdEf`, Name: SecretId, SecretString: secretString }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

describe('--token-secret', () => {
  it.concurrent('reads the token from Secrets Manager and audits with it', async () => {
    const secrets = await startSecretsManager(JSON.stringify({ token: SENTINEL }));
    try {
      const awsEnv = {
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
        AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
      };
      const { result, requests } = await withSimulator({ seed: demoSeed() }, async (sim) => ({
        result: await runCli(['--token-secret', 'fastly/audit-token', '--api-url', sim.url, '--policy', DEMO_POLICY], awsEnv),
        requests: sim.requests,
      }));

      expect(secrets.calls).toEqual([{ target: 'secretsmanager.GetSecretValue', body: JSON.stringify({ SecretId: 'fastly/audit-token' }) }]);
      expect(requests.length).toBeGreaterThan(1);
      expect(requests.every((r) => r.authenticated)).toBe(true);
      expect(result.stderr).not.toContain('Demo mode');
      expect(result.stdout.split('\n')[0]).toMatch(/^Fastly audit Acme Streaming Ltd \(bBRsk29cztUX1kmObfEjdp\): FAIL - /);
      expect(result.code).toBe(1);
      expectNoToken(result.stdout, result.stderr);
    } finally {
      await secrets.close();
    }
  });
});

describe('exit 2 when the audit cannot run or is incomplete', () => {
  it.concurrent('a policy with mistakes: the message names the file and the path of each mistake', async () => {
    const result = await runCli(['--policy', badPolicyFile], TOKEN_ENV);

    expectIncomplete(result, /rules\["account\.force-3fa"\]: unknown rule id; did you mean "account\.force-2fa"\?/);
    expect(result.stderr).toContain(`${badPolicyFile}: rules["account.ip-allowlist"].minPrefixLength`);
    expect(result.stderr).toContain('exceptions[0].reason: is required');
    expect(result.stdout).toBe('');
  });

  it.concurrent('a missing policy file', async () => {
    const missing = join(dir, 'no-such-policy.json');
    const result = await runCli(['--policy', missing], TOKEN_ENV);

    expectIncomplete(result, new RegExp(`${escapeRegExp(missing)}: cannot read the policy file \\(ENOENT\\)`));
    expect(result.stdout).toBe('');
  });

  it.concurrent('a policy file that is not JSON: the message gives line and column', async () => {
    const result = await runCli(['--policy', truncatedPolicyFile], TOKEN_ENV);

    expectIncomplete(result, /truncated-policy\.json: line 1, column \d+: invalid JSON/);
    expect(result.stdout).toBe('');
  });

  it.concurrent('a --previous report with a null finding: names the file and the path, before any request', async () => {
    const { result, requests } = await withSimulator({ seed: demoSeed() }, async (sim) => ({
      result: await runCli(['--api-url', sim.url, '--policy', DEMO_POLICY, '--previous', nullFindingReportFile], TOKEN_ENV),
      requests: sim.requests,
    }));

    expectIncomplete(result, new RegExp(`previous report ${escapeRegExp(nullFindingReportFile)} is not a schemaVersion 1 report \\(findings\\[0\\]: expected an object, got null\\)`));
    expect(requests).toEqual([]);
    expect(result.stdout).toBe('');
  });

  it.concurrent('a --previous file that does not exist: named, before any request', async () => {
    const missing = join(dir, 'no-such-report.json');
    const { result, requests } = await withSimulator({ seed: demoSeed() }, async (sim) => ({
      result: await runCli(['--api-url', sim.url, '--policy', DEMO_POLICY, '--previous', missing], TOKEN_ENV),
      requests: sim.requests,
    }));

    expectIncomplete(result, new RegExp(`previous report ${escapeRegExp(missing)} cannot be read \\(ENOENT\\)`));
    expect(requests).toEqual([]);
  });

  it.concurrent('API data that echoes the token: redacted on stdout, stderr and in --output', async () => {
    // Arrange: the account's name holds the token (a proxy or a careless admin could put it there).
    const seed = demoSeed();
    const output = file('echoed-token-report.json');

    // Act
    const result = await withSimulator({ seed: { ...seed, customer: { ...seed.customer, name: `Acme ${SENTINEL}` } } }, (sim) =>
      runCli(['--api-url', sim.url, '--policy', DEMO_POLICY, '--format', 'json', '--output', output], TOKEN_ENV),
    );

    // Assert
    const written = readOutputFile(output);
    expect((JSON.parse(result.stdout) as { customer: { name: string } }).customer.name).toBe('Acme [REDACTED]');
    expect(written).toBe(result.stdout);
    expectNoToken(result.stdout, result.stderr, written);
  });

  it.concurrent('a bad --api-url that holds the token: named, with the token redacted', async () => {
    const result = await runCli(['--api-url', `ftp://${SENTINEL}@api.example`, '--policy', DEMO_POLICY], TOKEN_ENV);

    expectIncomplete(result, /Fastly API base URL must be http\(s\): ftp:\/\/\[REDACTED\]@api\.example/);
    expect(result.stdout).toBe('');
  });

  it.concurrent('an unreachable API (a closed port)', async () => {
    const url = await closedPortUrl();
    const result = await runCli(['--api-url', url, '--policy', DEMO_POLICY], TOKEN_ENV);

    expectIncomplete(result, /Audit incomplete[\s\S]*get_logged_in_customer: Could not read the account: network error ECONNREFUSED/);
    expect(result.stderr).toContain('what to do: The Fastly API could not be reached: check the API URL');
    expect(result.stdout.split('\n')[0]).toMatch(/: ERROR - audit incomplete, 1 error/);
  });

  it.concurrent('a wrong token (401): the advice says to replace the token', async () => {
    const { result, requests } = await withSimulator({ token: 'the-real-token' }, async (sim) => ({
      result: await runCli(['--api-url', sim.url, '--policy', DEMO_POLICY], TOKEN_ENV),
      requests: sim.requests,
    }));

    expectIncomplete(result, /HTTP 401 Unauthorized: Provided credentials are missing or invalid/);
    expect(result.stderr).toMatch(/what to do: The Fastly API token is missing, invalid or expired/);
    expect(requests.map((r) => [r.route, r.authenticated])).toEqual([['get_logged_in_customer', false]]);
  });

  it.concurrent("a token whose user is not a superuser: the token rules cannot be checked, and stderr says what to do", async () => {
    const result = await withSimulator({ seed: demoSeed(), tokenUserId: 'fVzUrrrUaR46drUvLinbJC' }, (sim) =>
      runCli(['--api-url', sim.url, '--policy', DEMO_POLICY], TOKEN_ENV),
    );

    expectIncomplete(result, /list_customer_tokens \(403\): Could not read the API tokens: HTTP 403 Forbidden/);
    expect(result.stderr).toMatch(/what to do: Only a superuser may read the account's API tokens: give the auditor a token of a superuser \(the global:read scope is enough to read\).*Or turn off token\.expiry, token\.unused, token\.owner/);
    expect(result.stdout).toMatch(/Warnings\n {2}- list_events \(403\): Could not read the audit log/);
  });

  const faults: [string, RouteName, Fault, RegExp][] = [
    ['403 on the account', 'get_logged_in_customer', { status: 403 }, /HTTP 403 Forbidden[\s\S]*what to do: The token lacks the rights/],
    ['403 on the users', 'list_users', { status: 403 }, /list_users \(403\): Could not read the users/],
    [
      '429 with a reset an hour away',
      'get_logged_in_customer',
      { status: 429, headers: { 'Fastly-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 3600) } },
      /HTTP 429 Too Many Requests: You have exceeded your hourly rate limit[\s\S]*what to do: Fastly rate limit reached/,
    ],
    ['500 on every attempt', 'get_logged_in_customer', { status: 500 }, /HTTP 500 Internal Server Error: Internal Server Error after 4 attempts/],
    ['malformed JSON', 'list_users', { malformedJson: true }, /list_users returned an invalid response: response is not JSON/],
    ['wrongly typed users', 'list_users', { wrongTypes: true }, /field \[0\]\.two_factor_auth_enabled: Invalid input: expected boolean, received string/],
    ['a wrongly typed customer', 'get_logged_in_customer', { wrongTypes: true }, /field force_2fa: Invalid input: expected boolean, received string/],
    ['users in the wrong shape', 'list_users', { wrongShape: true }, /list_users returned an invalid response: response body: Invalid input: expected array, received object/],
  ];

  test.concurrent.each(faults)('%s', async (name, route, fault, stderrPattern) => {
    const output = file(`${name.replace(/\W+/g, '-')}.json`);
    const result = await withSimulator({ seed: demoSeed() }, (sim) => {
      sim.setFault(route, fault);
      return runCli(['--api-url', sim.url, '--policy', DEMO_POLICY, '--output', output], TOKEN_ENV);
    });

    expectIncomplete(result, stderrPattern);
    expect(result.stderr).toMatch(/^Policy: .*\nAudit incomplete: some rules could not be checked\.\n/);
    expect(result.stdout.split('\n')[0]).toMatch(SUMMARY_LINE);
    expect(result.stdout.split('\n')[0]).toMatch(/: ERROR - audit incomplete, 1 error, /);
    expect(result.stdout).toContain(' not checked, ');
    expect(result.stdout).toMatch(/^Not checked \(\d+\): the data these rules need could not be read$/m);
    // The archived form says the same: what failed, and what to do about it.
    const report = JSON.parse(readOutputFile(output)) as { status: string; errors: { operation?: string; action?: string }[] };
    expect(report.status).toBe('ERROR');
    expect(report.errors).toEqual([expect.objectContaining({ operation: route, action: expect.any(String) })]);
  });

  test.concurrent.each([
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate': the commands are audit \(the default\), fleet, watch, validate and schema/],
    ['an unknown option', ['--bogus'], /unknown option '--bogus'/],
    ['a --fail-on it does not know', ['--fail-on', 'severe'], /argument 'severe' is invalid\. Allowed choices are critical, high, medium, low/],
  ])('%s', async (_name, args, stderrPattern) => {
    const result = await runCli(args, TOKEN_ENV);

    expectIncomplete(result, stderrPattern);
    expect(result.stdout).toBe('');
  });
});

describe('validate and schema', () => {
  it.concurrent('validate policy.json exits 0', async () => {
    const result = await runCli(['validate', 'policy.json']);

    expect(result.stdout).toBe('policy.json: valid (7 rule blocks, 1 exceptions)\n');
    expect(result.code).toBe(0);
  });

  it.concurrent('validate prints every problem of a bad file with its path and exits 2', async () => {
    const result = await runCli(['validate', badPolicyFile]);

    const problems = result.stderr.trim().split('\n');
    expect(problems).toHaveLength(3);
    // Every problem line carries the tool's prefix, not only the first.
    expect(problems.filter((line) => !line.startsWith('fastly-compliance-auditor: '))).toEqual([]);
    expect(problems.map((line) => line.replace(/^fastly-compliance-auditor: /, ''))).toEqual(
      expect.arrayContaining([
        `${badPolicyFile}: rules["account.force-3fa"]: unknown rule id; did you mean "account.force-2fa"?`,
        `${badPolicyFile}: rules["account.ip-allowlist"].minPrefixLength: must be at most 32`,
        `${badPolicyFile}: exceptions[0].reason: is required`,
      ]),
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });

  it.concurrent('validate refuses an allowlist fix its own guardrail would always refuse, with the path', async () => {
    const refused = file('refused-allowlist-fix.json', {
      version: 1,
      rules: { 'account.ip-allowlist': { remediate: 'auto', desired: '203.0.113.0/24', auditorEgress: ['198.51.100.7'] } },
    });

    const result = await runCli(['validate', refused]);

    expect(result.stderr).toBe(
      `fastly-compliance-auditor: ${refused}: rules["account.ip-allowlist"].auditorEgress[0]: 198.51.100.7 is not covered by "desired" (203.0.113.0/24): writing it would lock the auditor out, so the fix would be refused every time\n`,
    );
    expect(result.code).toBe(2);
  });

  it.concurrent('schema prints the committed policy.schema.json', async () => {
    const result = await runCli(['schema']);

    const committed: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'policy.schema.json'), 'utf8'));
    expect(JSON.parse(result.stdout)).toEqual(committed);
    expect(result.code).toBe(0);
  });
});
