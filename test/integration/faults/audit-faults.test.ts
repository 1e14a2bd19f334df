/**
 * Every simulator fault mode on each operation the audit uses, through runAudit in this process
 * (apply mode, with a fix the policy allows): a clear ERROR that names the operation and what
 * went wrong, never a PASS for what could not be read, no write after a failed read, exactly
 * one write when the write itself fails, and the token in no output.
 */
import { runAudit } from '../../../lambda/audit.js';
import { createFastlyClient } from '../../../lambda/fastly/client.js';
import type { Report } from '../../../lambda/report/model.js';
import { RULE_IDS } from '../../../lambda/policy/catalog.js';
import { startSimulator, type RecordedRequest, type Simulator } from '../../../simulator/index.js';
import {
  AUDITOR_ADDRESS,
  CLIENT_TIMEOUT_MS,
  FAST_RETRY,
  FAULT_MODES,
  FAULT_TOKEN,
  FAULTLINE_POLICY,
  faultlineSeed,
  rulesNeeding,
  type FaultMode,
} from '../../helpers/fault-fixtures.js';
import { reportOutputs } from '../../helpers/report-outputs.js';

interface Run {
  report: Report;
  requests: RecordedRequest[];
  customer: Record<string, unknown>;
}

async function audit(mode: 'plan' | 'apply', inject?: (simulator: Simulator) => void): Promise<Run> {
  const simulator = await startSimulator({ seed: faultlineSeed(), token: FAULT_TOKEN, clientAddress: AUDITOR_ADDRESS });
  try {
    inject?.(simulator);
    const api = createFastlyClient({ token: FAULT_TOKEN, baseUrl: simulator.url, timeoutMs: CLIENT_TIMEOUT_MS, retry: FAST_RETRY });
    const report = await runAudit({ api, policy: FAULTLINE_POLICY, mode, runId: 'fault-suite' });
    return { report, requests: [...simulator.requests], customer: simulator.customer() };
  } finally {
    await simulator.stop();
  }
}

const writes = (run: Run) => run.requests.filter((request) => request.method !== 'GET');
const ruleStatus = (report: Report, ruleId: string) => report.rules.find((row) => row.ruleId === ruleId)?.status;

function expectClearError(report: Report, operation: string, mode: FaultMode): void {
  expect(report.status).toBe('ERROR');
  const error = report.errors.find((candidate) => candidate.operation === operation);
  expect(error?.message).toMatch(mode.message);
  expect(error?.status).toBe(mode.status);
  expect(error?.action).toEqual(expect.stringMatching(/\w{3,}/));
  for (const output of reportOutputs(report)) expect(output).not.toContain(FAULT_TOKEN);
}

describe('without a fault (the baseline the faults are measured against)', () => {
  it('plan mode: every rule passes except account.pci', async () => {
    const { report } = await audit('plan');
    expect(report.status).toBe('FAIL');
    expect(report.rules.filter((row) => row.status !== 'PASS' && row.status !== 'NOT_APPLICABLE').map((row) => row.ruleId)).toEqual([
      'account.pci',
    ]);
  });

  it('apply mode: one PUT fixes has_pci and is verified', async () => {
    const run = await audit('apply');
    expect(writes(run).map((request) => [request.method, request.body])).toEqual([['PUT', 'has_pci=true']]);
    expect(run.report.remediation.changes).toEqual([expect.objectContaining({ field: 'has_pci', status: 'verified' })]);
    expect(run.report.errors).toEqual([]);
  });
});

describe.each(FAULT_MODES)('fault: $name', (mode) => {
  it('on get_logged_in_customer: ERROR, every rule ERROR, no user list read, nothing written', async () => {
    const run = await audit('apply', (simulator) => simulator.setFault('get_logged_in_customer', mode.fault()));

    expectClearError(run.report, 'get_logged_in_customer', mode);
    expect(run.report.rules.map((row) => row.status)).toEqual(RULE_IDS.map(() => 'ERROR'));
    expect(run.report.summary.byStatus.PASS).toBe(0);
    expect(run.requests.map((request) => request.route)).not.toContain('list_users');
    expect(writes(run)).toEqual([]);
    expect(run.report.remediation.changes).toEqual([]);
    expect(run.customer.has_pci).toBe(false);
  });

  it('on list_users: ERROR, no PASS for any rule that needs the users, nothing written', async () => {
    const run = await audit('apply', (simulator) => simulator.setFault('list_users', mode.fault()));

    expectClearError(run.report, 'list_users', mode);
    const needUsers = rulesNeeding('users');
    expect(needUsers.length).toBeGreaterThan(3);
    expect(needUsers.map((ruleId) => [ruleId, ruleStatus(run.report, ruleId)])).toEqual(needUsers.map((ruleId) => [ruleId, 'ERROR']));
    expect(writes(run)).toEqual([]);
    // The fix is still shown, but not attempted on partial data.
    expect(run.report.remediation.changes).toEqual([expect.objectContaining({ field: 'has_pci', status: 'skipped' })]);
    expect(run.customer.has_pci).toBe(false);
  });

  it('on update_customer: ERROR, the fix failed after exactly one PUT, account.pci still FAIL', async () => {
    const run = await audit('apply', (simulator) => simulator.setFault('update_customer', mode.fault()));

    expectClearError(run.report, 'update_customer', mode);
    expect(writes(run).map((request) => request.method)).toEqual(['PUT']);
    expect(run.report.remediation.changes).toEqual([
      expect.objectContaining({ field: 'has_pci', from: false, to: true, status: 'failed', reason: expect.stringMatching(/^write failed: /) }),
    ]);
    expect(ruleStatus(run.report, 'account.pci')).toBe('FAIL');
    // Everything else was read and judged as usual.
    expect(run.report.rules.filter((row) => row.status === 'ERROR')).toEqual([]);
  });
});
