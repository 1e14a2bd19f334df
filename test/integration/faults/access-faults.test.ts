/**
 * Every simulator fault mode on the reads of tokens, invitations and the audit log, through
 * runAudit in apply mode with a fix pending. Tokens or invitations unreadable: the rules that need
 * them are ERROR (never PASS), the run is ERROR and nothing is written. The audit log unreadable:
 * a warning only; the run is judged and fixed as without attribution. The token is in no output.
 */
import { runAudit } from '../../../lambda/audit.js';
import { createFastlyClient } from '../../../lambda/fastly/client.js';
import type { Report } from '../../../lambda/report/model.js';
import { renderText } from '../../../lambda/report/text.js';
import { startSimulator, type RecordedRequest, type RouteName, type Simulator } from '../../../simulator/index.js';
import {
  ACCESS_OPERATIONS,
  AUDITOR_ADDRESS,
  CLIENT_TIMEOUT_MS,
  FAST_RETRY,
  FAULT_MODES,
  FAULT_TOKEN,
  FAULTLINE_POLICY,
  faultlineSeed,
  rulesNeeding,
} from '../../helpers/fault-fixtures.js';
import { reportOutputs } from '../../helpers/report-outputs.js';

interface Run {
  report: Report;
  requests: RecordedRequest[];
}

async function audit(inject?: (simulator: Simulator) => void): Promise<Run> {
  const simulator = await startSimulator({ seed: faultlineSeed(), token: FAULT_TOKEN, clientAddress: AUDITOR_ADDRESS });
  try {
    inject?.(simulator);
    const api = createFastlyClient({ token: FAULT_TOKEN, baseUrl: simulator.url, timeoutMs: CLIENT_TIMEOUT_MS, retry: FAST_RETRY });
    const report = await runAudit({ api, policy: FAULTLINE_POLICY, mode: 'apply', runId: 'access-faults' });
    for (const output of reportOutputs(report)) expect(output).not.toContain(FAULT_TOKEN);
    return { report, requests: [...simulator.requests] };
  } finally {
    await simulator.stop();
  }
}

const writes = (run: Run) => run.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.body}`);
const ruleStatus = (report: Report, ruleId: string) => report.rules.find((row) => row.ruleId === ruleId)?.status;

const NEEDS: Record<string, 'tokens' | 'invitations'> = {
  list_customer_tokens: 'tokens',
  list_automation_tokens: 'tokens',
  list_invitations: 'invitations',
};

it('without a fault: tokens and invitations judged, account.pci attributed and FIXED, one PUT', async () => {
  const run = await audit();
  // The one FAIL was fixed and verified in the run: nothing is left failing.
  expect(run.report.status).toBe('PASS');
  for (const ruleId of [...rulesNeeding('tokens'), ...rulesNeeding('invitations')]) expect([ruleId, ruleStatus(run.report, ruleId)]).toEqual([ruleId, 'PASS']);
  const pci = run.report.findings.find((finding) => finding.ruleId === 'account.pci');
  expect(pci).toMatchObject({ status: 'FIXED', fix: { field: 'has_pci', before: false, after: true } });
  // Who made the change the fix undid stays on record; the text shows the fix, not a "changed by" line.
  expect(pci?.attribution?.eventId).toBe('ev-1');
  expect(renderText(run.report)).toMatch(/Fixed in this run: 1\n {2}- account\.pci .*: has_pci: false -> true, verified/);
  expect(renderText(run.report)).not.toContain('changed by');
  expect(writes(run)).toEqual(['PUT has_pci=true']);
});

describe.each(FAULT_MODES)('fault: $name', (mode) => {
  it.each(ACCESS_OPERATIONS)('on %s: its rules ERROR, never PASS, the error says what failed, nothing written', async (operation) => {
    const run = await audit((simulator) => simulator.setFault(operation as RouteName, mode.fault()));

    expect(run.report.status).toBe('ERROR');
    const error = run.report.errors.find((candidate) => candidate.operation === operation);
    expect(error?.message).toMatch(mode.message);
    expect(error?.status).toBe(mode.status);
    expect(error?.action).toEqual(expect.stringMatching(/\w{3,}/));
    const needing = rulesNeeding(NEEDS[operation] ?? 'tokens');
    expect(needing.length).toBeGreaterThan(0);
    for (const ruleId of needing) expect([ruleId, ruleStatus(run.report, ruleId)]).toEqual([ruleId, 'ERROR']);
    expect(writes(run)).toEqual([]);
    expect(run.report.remediation.changes).toEqual([expect.objectContaining({ field: 'has_pci', status: 'skipped' })]);
  });

  it('on list_events: a warning, the run judged and fixed as without attribution', async () => {
    const run = await audit((simulator) => simulator.setFault('list_events', mode.fault()));

    expect(run.report.status).toBe('PASS');
    expect(run.report.findings.find((finding) => finding.ruleId === 'account.pci')?.status).toBe('FIXED');
    expect(run.report.errors).toEqual([]);
    expect(run.report.warnings).toEqual([expect.objectContaining({ operation: 'list_events', message: expect.stringMatching(mode.message) })]);
    expect(run.report.rules.filter((row) => row.status === 'ERROR')).toEqual([]);
    expect(run.report.findings.some((finding) => finding.attribution)).toBe(false);
    expect(writes(run)).toEqual(['PUT has_pci=true']);
  });
});
