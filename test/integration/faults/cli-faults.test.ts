/**
 * The command line under faults, as a child process against a simulator in this process: for a
 * representative set of modes on each operation (retried, refused, untrustworthy, unanswered),
 * exit code 2, an ERROR report that passes nothing it could not read, no write after a failed
 * read, one write when the write fails, and the token in neither stdout nor stderr.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../../lambda/report/model.js';
import { runCli } from '../../helpers/run-cli.js';
import { startSimulator, type RecordedRequest, type RouteName } from '../../../simulator/index.js';
import { AUDITOR_ADDRESS, FAULT_TOKEN, FAULTLINE_POLICY, faultlineSeed, faultMode, rulesNeeding, type FaultMode } from '../../helpers/fault-fixtures.js';

/** The CLI's per-response timeout in these runs (FASTLY_TIMEOUT_MS); retries keep their defaults. */
const CLI_TIMEOUT_MS = '300';
const MODES = ['503', '401', 'malformed JSON', 'hang'].map(faultMode);

const dir = mkdtempSync(join(tmpdir(), 'fault-cli-'));
const policyFile = join(dir, 'faultline-policy.json');
writeFileSync(policyFile, JSON.stringify(FAULTLINE_POLICY));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  requests: RecordedRequest[];
}

async function auditWithFault(operation: RouteName, mode: FaultMode): Promise<CliRun> {
  const simulator = await startSimulator({ seed: faultlineSeed(), token: FAULT_TOKEN, clientAddress: AUDITOR_ADDRESS });
  try {
    simulator.setFault(operation, mode.fault());
    const result = await runCli(['audit', '--format', 'json', '--policy', policyFile, '--remediate'], {
      FASTLY_API_TOKEN: FAULT_TOKEN,
      FASTLY_API_URL: simulator.url,
      FASTLY_TIMEOUT_MS: CLI_TIMEOUT_MS,
    });
    return { ...result, requests: [...simulator.requests] };
  } finally {
    await simulator.stop();
  }
}

function expectIncomplete(run: CliRun, operation: string): Report {
  expect([run.code, run.stderr]).toEqual([2, expect.stringContaining(operation)]);
  expect(run.stdout).not.toContain(FAULT_TOKEN);
  expect(run.stderr).not.toContain(FAULT_TOKEN);
  const report = JSON.parse(run.stdout) as Report;
  expect(report.status).toBe('ERROR');
  expect(report.errors.map((error) => error.operation)).toContain(operation);
  return report;
}

const writes = (run: CliRun) => run.requests.filter((request) => request.method !== 'GET');

describe.each(MODES)('CLI, fault: $name', (mode) => {
  it.concurrent('on get_logged_in_customer: exit 2, no rule passes, nothing written', async () => {
    const run = await auditWithFault('get_logged_in_customer', mode);
    const report = expectIncomplete(run, 'get_logged_in_customer');
    expect(report.rules.filter((row) => row.status === 'PASS')).toEqual([]);
    expect(writes(run)).toEqual([]);
  });

  it.concurrent('on list_users: exit 2, no rule that needs the users passes, nothing written', async () => {
    const run = await auditWithFault('list_users', mode);
    const report = expectIncomplete(run, 'list_users');
    const needUsers = new Set(rulesNeeding('users'));
    expect(report.rules.filter((row) => needUsers.has(row.ruleId)).map((row) => row.status)).toEqual([...needUsers].map(() => 'ERROR'));
    expect(writes(run)).toEqual([]);
  });

  it.concurrent('on update_customer: exit 2, one PUT, the fix failed and account.pci is not PASS', async () => {
    const run = await auditWithFault('update_customer', mode);
    const report = expectIncomplete(run, 'update_customer');
    expect(writes(run).map((request) => request.method)).toEqual(['PUT']);
    expect(report.remediation.changes.map((change) => [change.field, change.status])).toEqual([['has_pci', 'failed']]);
    expect(report.rules.find((row) => row.ruleId === 'account.pci')?.status).toBe('FAIL');
  });
});

it('an unusable FASTLY_TIMEOUT_MS is refused with exit 2 before any request', async () => {
  const simulator = await startSimulator({ seed: faultlineSeed(), token: FAULT_TOKEN, clientAddress: AUDITOR_ADDRESS });
  try {
    const run = await runCli(['audit', '--policy', policyFile], {
      FASTLY_API_TOKEN: FAULT_TOKEN,
      FASTLY_API_URL: simulator.url,
      FASTLY_TIMEOUT_MS: '0.5s',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('FASTLY_TIMEOUT_MS must be a whole number of milliseconds from 1 to 600000, got "0.5s"');
    expect(simulator.requests).toEqual([]);
  } finally {
    await simulator.stop();
  }
});
