/**
 * runAudit() in process, against the loopback simulator through the real got client: the full
 * report of the demo account, failed and untrustworthy fetches (ERROR, never PASS, no writes),
 * apply mode and its idempotence, a 10,000-user account, and real-shaped user lists.
 */
import { fileURLToPath } from 'node:url';
import { runAudit } from '../../../lambda/audit.js';
import { adviceForStatus } from '../../../lambda/fastly/advice.js';
import { createFastlyClient } from '../../../lambda/fastly/client.js';
import { getRule, RULE_IDS } from '../../../lambda/policy/catalog.js';
import { loadPolicyFile } from '../../../lambda/policy/load.js';
import { COMPLIANCE } from '../../../lambda/policy/compliance.js';
import { complianceSummary } from '../../../lambda/report/compliance-summary.js';
import { withDelta } from '../../../lambda/report/delta.js';
import { FINDING_STATUSES, SEVERITIES, type RemediationMode, type Report } from '../../../lambda/report/model.js';
import { generateSeed, startSimulator, type Simulator, type SimulatorOptions } from '../../../simulator/index.js';
import { policy } from '../../helpers/policy-fixtures.js';
import { REPORT_KEYS } from '../../helpers/report-fixtures.js';

const TOKEN = 'SENTINEL-TOKEN-audit-7d2a';
/** The demo seed's dates are written relative to this day. */
const NOW = new Date('2026-11-29T03:00:00Z');
/** The demo policy's auditorEgress: the simulator sees the auditor there, as in demo mode. */
const AUDITOR_ADDRESS = '198.51.100.10';
const DEMO_POLICY = loadPolicyFile(fileURLToPath(new URL('../../../simulator/seeds/demo-policy.json', import.meta.url)));
const DEMO_CUSTOMER = { id: 'bBRsk29cztUX1kmObfEjdp', name: 'Acme Streaming Ltd' };

/** design.md, "Report" (and "More of the account": warnings): the top-level keys, in order, of a report without a previous one. */

const RULES_NEEDING_USERS = RULE_IDS.filter((id) => getRule(id).needs.includes('users'));

let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function start(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  sim = await startSimulator({ token: TOKEN, clientAddress: AUDITOR_ADDRESS, ...options });
  return sim;
}

/**
 * One audit run through a fresh client; one retry with a tiny wait keeps faulted runs fast.
 * Every report, failed runs included, is checked for the token.
 */
async function audit(simulator: Simulator, mode: RemediationMode = 'plan', auditPolicy = DEMO_POLICY, runId = 'run-1'): Promise<Report> {
  const api = createFastlyClient({ token: TOKEN, baseUrl: simulator.url, retry: { limit: 1, baseDelayMs: 1 } });
  const report = await runAudit({ api, policy: auditPolicy, mode, runId, now: () => NOW });
  expect(JSON.stringify(report)).not.toContain(TOKEN);
  return report;
}

const writes = (simulator: Simulator) => simulator.requests.filter((request) => request.method !== 'GET');
const ruleStatus = (report: Report, ruleId: string) => report.rules.find((row) => row.ruleId === ruleId)?.status;
const findingsOf = (report: Report, ruleId: string) => report.findings.filter((finding) => finding.ruleId === ruleId);

/** The summary must follow from the findings and rule rows, whatever the account. */
function expectConsistentSummary(report: Report): void {
  const { summary, findings, rules } = report;
  for (const status of FINDING_STATUSES.filter((s) => s !== 'PASS')) {
    expect([status, summary.byStatus[status]]).toEqual([status, findings.filter((f) => f.status === status).length]);
  }
  for (const severity of SEVERITIES) {
    const failing = findings.filter((f) => f.severity === severity && f.status === 'FAIL');
    expect([severity, summary.bySeverity[severity]]).toEqual([severity, failing.length]);
  }
  // A rule row counts the subjects judged; an ERROR rule judged none.
  const judged = summary.byStatus.PASS + summary.byStatus.FAIL + summary.byStatus.MUTED + summary.byStatus.FIXED;
  expect(rules.reduce((sum, row) => sum + row.checked, 0)).toBe(judged);
  expect(rules.filter((row) => row.status === 'ERROR').map((row) => row.checked)).toEqual(
    rules.filter((row) => row.status === 'ERROR').map(() => 0),
  );
  for (const row of rules) {
    expect([row.ruleId, row.failed, row.muted]).toEqual([
      row.ruleId,
      findingsOf(report, row.ruleId).filter((f) => f.status === 'FAIL').length,
      findingsOf(report, row.ruleId).filter((f) => f.status === 'MUTED').length,
    ]);
  }
  const highest = SEVERITIES.find((severity) => findings.some((f) => f.status === 'FAIL' && f.severity === severity)) ?? null;
  expect(summary.highestFailingSeverity).toBe(highest);
}

describe('a full report of the demo account', () => {
  it('has every top-level key, one row per rule, the expected findings and consistent counts', async () => {
    const simulator = await start();

    const report = await audit(simulator);

    expect(Object.keys(report)).toEqual(REPORT_KEYS);
    expect(report.schemaVersion).toBe(1);
    expect(report.runId).toBe('run-1');
    expect(report.startedAt).toBe(NOW.toISOString());
    expect(report.tool.name).toBe('fastly-compliance-auditor');
    expect(report.customer).toEqual(DEMO_CUSTOMER);
    expect(report.status).toBe('FAIL');
    expect(report.errors).toEqual([]);
    expect(report.rules.map((row) => row.ruleId)).toEqual([...RULE_IDS]);
    expect(report.rules).toHaveLength(15);
    expect(report.summary.usersChecked).toBe(9);
    expect(report.summary.tokensChecked).toBe(12);
    expect(report.summary.invitationsChecked).toBe(3);
    expect(report.warnings).toEqual([]);
    expectConsistentSummary(report);

    const twoFactor = findingsOf(report, 'user.2fa-enabled').map((f) => [f.subject.name, f.status, f.severity]);
    expect(twoFactor).toEqual(
      expect.arrayContaining([
        ['tom.becker@acme.example', 'FAIL', 'critical'],
        ['lena.vogel@acme.example', 'FAIL', 'critical'],
        ['greta.lindqvist@acme.example', 'FAIL', 'high'],
        ['aiko.tanaka@acme.example', 'MUTED', 'high'],
      ]),
    );
    expect(twoFactor).toHaveLength(4);
    expect(ruleStatus(report, 'account.force-sso')).toBe('NOT_APPLICABLE');
    expect(ruleStatus(report, 'account.owner-2fa')).toBe('PASS');
    expect(report.findings.every((f) => /^[0-9a-f]{16}$/.test(f.id))).toBe(true);
    expect(new Set(report.findings.map((f) => f.id)).size).toBe(report.findings.length);

    // Compliance: every requirement of the table, each the worst of its rules' statuses.
    expect(report.compliance).toEqual(complianceSummary(report.rules));
    expect(report.compliance).toHaveLength(COMPLIANCE.length);
    expect(report.compliance?.find((row) => row.requirement === '12.10.1')).toMatchObject({ framework: 'PCI DSS', status: ruleStatus(report, 'account.security-contact') });
    // The access review: one row per user, with the API tokens each holds and what fails for them.
    expect(report.accessReview?.users.map((user) => user.login)).toEqual(
      expect.arrayContaining(['tom.becker@acme.example', 'greta.lindqvist@acme.example', 'sam.okafor.dev@gmail.com']),
    );
    expect(report.accessReview?.users).toHaveLength(9);
    expect(report.accessReview?.users.find((user) => user.login === 'tom.becker@acme.example')).toMatchObject({
      twoFactor: 'disabled',
      roles: ['superuser'],
      failingRuleIds: expect.arrayContaining(['user.2fa-enabled']),
    });
    // Aiko's 2FA finding is muted by the demo policy's exception: not a failing rule of hers.
    expect(report.accessReview?.users.find((user) => user.login === 'aiko.tanaka@acme.example')?.failingRuleIds).not.toContain('user.2fa-enabled');
    expect(report.accessReview?.tokens?.length).toBeGreaterThan(0);
    expect(report.accessReview?.tokens?.some((token) => token.name === 'manage.fastly.com browser session')).toBe(false);
  });

  it('finding ids are the same on a second run', async () => {
    const simulator = await start();

    const first = await audit(simulator, 'plan', DEMO_POLICY, 'run-1');
    const second = await audit(simulator, 'plan', DEMO_POLICY, 'run-2');

    expect(second.runId).toBe('run-2');
    expect(second.findings.map((f) => f.id)).toEqual(first.findings.map((f) => f.id));
    expect(second.findings.length).toBeGreaterThan(5);
  });

  it('plan mode lists the changes it would make and writes nothing', async () => {
    const simulator = await start();

    const report = await audit(simulator, 'plan');

    expect(report.remediation.mode).toBe('plan');
    const changes = report.remediation.changes.map((c) => [c.field, c.from, c.to, c.status]);
    expect(changes).toEqual(
      expect.arrayContaining([
        ['has_pci', false, true, 'planned'],
        ['ip_whitelist', '0.0.0.0/0', '198.51.100.0/24', 'planned'],
        // Four users lack 2FA and maxUsersLoggedOut is 0.
        ['force_2fa', false, true, 'refused'],
      ]),
    );
    expect(writes(simulator)).toEqual([]);
  });
});

describe('a failed fetch is ERROR, never PASS, and nothing is written', () => {
  it('users endpoint refused (403): every rule that needs users is ERROR, with advice, and no PUT even in apply mode', async () => {
    const simulator = await start();
    simulator.setFault('list_users', { status: 403 });

    const report = await audit(simulator, 'apply');

    expect(report.status).toBe('ERROR');
    expect(report.customer).toEqual(DEMO_CUSTOMER);
    for (const ruleId of RULES_NEEDING_USERS) expect([ruleId, ruleStatus(report, ruleId)]).toEqual([ruleId, 'ERROR']);
    expect(RULES_NEEDING_USERS).toHaveLength(7);
    // Rules that need only the customer are still judged on it.
    expect(ruleStatus(report, 'account.pci')).toBe('FAIL');
    expect(report.errors).toEqual([
      expect.objectContaining({ status: 403, operation: 'list_users', action: adviceForStatus(403) }),
    ]);
    expect(report.errors[0]?.message).toMatch(/Could not read the users.*403/);
    expect(findingsOf(report, 'user.2fa-enabled')[0]?.message).toMatch(/^Not evaluated: the user list could not be read/);
    // No access review without the users; no requirement they give evidence for passes.
    expect(report.accessReview).toBeUndefined();
    expect(report.compliance?.find((row) => row.requirement === '8.4.2')?.status).toBe('ERROR');
    expect(report.remediation.changes.filter((c) => c.status === 'verified' || c.status === 'failed')).toEqual([]);
    expect(report.remediation.changes.map((c) => c.status)).toContain('skipped');
    expect(writes(simulator)).toEqual([]);
    expectConsistentSummary(report);
  });

  it('customer endpoint refused: every rule is ERROR, the users are not fetched, nothing is written', async () => {
    const simulator = await start();
    simulator.setFault('get_logged_in_customer', { status: 403 });
    const everyRuleAuto = policy({
      rules: { 'account.force-2fa': { remediate: 'auto', maxUsersLoggedOut: 100 }, 'account.pci': { remediate: 'auto' } },
    });

    const report = await audit(simulator, 'apply', everyRuleAuto);

    expect(report.status).toBe('ERROR');
    expect(report.rules.map((row) => row.status)).toEqual(RULE_IDS.map(() => 'ERROR'));
    expect(report.findings.every((f) => f.status === 'ERROR')).toBe(true);
    expect(report.summary.byStatus.PASS).toBe(0);
    expect(report.errors).toEqual([expect.objectContaining({ status: 403, operation: 'get_logged_in_customer' })]);
    expect(simulator.requests.map((r) => r.route)).toEqual(['get_logged_in_customer']);
    expect(report.remediation.changes).toEqual([]);
    expectConsistentSummary(report);
  });

  it('a rule the policy disables stays NOT_APPLICABLE when the customer cannot be read', async () => {
    const simulator = await start();
    simulator.setFault('get_logged_in_customer', { status: 403 });

    const report = await audit(simulator, 'plan', DEMO_POLICY);

    expect(ruleStatus(report, 'account.force-sso')).toBe('NOT_APPLICABLE');
    expect(report.rules.filter((row) => row.status !== 'ERROR').map((row) => row.ruleId)).toEqual(['account.force-sso']);
  });

  it('wrongly typed users: ERROR naming the field', async () => {
    const simulator = await start();
    simulator.setFault('list_users', { wrongTypes: true });

    const report = await audit(simulator);

    expect(report.status).toBe('ERROR');
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]?.message).toContain('two_factor_auth_enabled');
    expect(report.errors[0]?.action).toContain('field [0].two_factor_auth_enabled');
    expect(ruleStatus(report, 'user.2fa-enabled')).toBe('ERROR');
    expect(report.summary.usersChecked).toBe(0);
  });

  it('a wrongly typed customer (force_2fa: "yes") is not read as on', async () => {
    const simulator = await start();
    simulator.setFault('get_logged_in_customer', { wrongTypes: true });

    const report = await audit(simulator);

    expect(report.status).toBe('ERROR');
    expect(ruleStatus(report, 'account.force-2fa')).toBe('ERROR');
    expect(report.errors[0]?.message).toContain('force_2fa');
  });

  it.each([
    ['list_users', 'user.inactive'],
    ['get_logged_in_customer', 'account.pci'],
  ] as const)('malformed JSON from %s: ERROR', async (route, ruleId) => {
    const simulator = await start();
    simulator.setFault(route, { malformedJson: true });

    const report = await audit(simulator);

    expect(report.status).toBe('ERROR');
    expect(report.errors).toEqual([expect.objectContaining({ operation: route })]);
    expect(report.errors[0]?.message).toMatch(/not JSON/);
    expect(ruleStatus(report, ruleId)).toBe('ERROR');
  });
});

describe('apply mode', () => {
  it('applies the accepted fixes in one PUT and verifies them; a second run finds PASS and writes nothing', async () => {
    const simulator = await start();

    const first = await audit(simulator, 'apply');

    const puts = writes(simulator);
    expect(puts.map((r) => [r.method, r.route])).toEqual([['PUT', 'update_customer']]);
    expect(Object.fromEntries(new URLSearchParams(puts[0]?.body))).toEqual({
      has_pci: 'true',
      ip_whitelist: '198.51.100.0/24',
    });
    const byField = Object.fromEntries(first.remediation.changes.map((c) => [c.field, c]));
    expect(byField.has_pci).toMatchObject({ status: 'verified', from: false, to: true, after: true });
    expect(byField.ip_whitelist).toMatchObject({ status: 'verified', after: '198.51.100.0/24' });
    expect(byField.force_2fa?.status).toBe('refused');
    expect(simulator.customer()).toMatchObject({ has_pci: true, ip_whitelist: '198.51.100.0/24', force_2fa: false });

    simulator.clearRequests();
    const second = await audit(simulator, 'apply', DEMO_POLICY, 'run-2');

    expect(ruleStatus(second, 'account.pci')).toBe('PASS');
    expect(ruleStatus(second, 'account.ip-allowlist')).toBe('PASS');
    expect(writes(simulator)).toEqual([]);
    expect(second.remediation.changes.map((c) => c.field)).toEqual(['force_2fa']);
    // The ids of what is still failing did not move.
    const stillFailing = new Set(second.findings.map((f) => f.id));
    expect(first.findings.filter((f) => stillFailing.has(f.id))).toHaveLength(second.findings.length);
  });
});

describe('status FIXED', () => {
  it('a fix verified in the run makes its finding FIXED, with the value found and the value read back', async () => {
    const simulator = await start();
    const before = await audit(simulator, 'plan');

    const report = withDelta(await audit(simulator, 'apply', DEMO_POLICY, 'run-2'), before);

    const fixed = report.findings.filter((f) => f.status === 'FIXED');
    expect(fixed.map((f) => [f.ruleId, f.subject.type, f.fix])).toEqual([
      ['account.ip-allowlist', 'account', { field: 'ip_whitelist', before: '0.0.0.0/0', after: '198.51.100.0/24' }],
      ['account.pci', 'account', { field: 'has_pci', before: false, after: true }],
    ]);
    // What was wrong is still said, and the rows show the rules fixed, not failing.
    expect(fixed[1]?.message).toBe(findingsOf(before, 'account.pci')[0]?.message);
    expect([ruleStatus(report, 'account.ip-allowlist'), ruleStatus(report, 'account.pci')]).toEqual(['FIXED', 'FIXED']);
    expect(report.rules.find((row) => row.ruleId === 'account.pci')).toMatchObject({ failed: 0, checked: 1 });
    expect(report.summary.byStatus.FIXED).toBe(2);
    expect(report.summary.bySeverity.medium).toBe(before.summary.bySeverity.medium - 1);
    expectConsistentSummary(report);
    // Against the run before, the fixed findings are resolved, and nothing is new.
    expect(report.delta?.resolved).toEqual(expect.arrayContaining(fixed.map((f) => f.id)));
    expect(report.delta?.resolved).toHaveLength(2);
    expect(report.delta?.new).toEqual([]);
  });

  it('a fix that is refused or only planned leaves its finding FAIL', async () => {
    const simulator = await start();

    const report = await audit(simulator, 'plan');

    expect(report.findings.filter((f) => f.status === 'FIXED')).toEqual([]);
    expect(findingsOf(report, 'account.pci').map((f) => [f.status, f.fix])).toEqual([['FAIL', undefined]]);
  });
});

describe('account shapes', () => {
  it('a generated 10,000-user account: every user checked, counts right', async () => {
    const seed = generateSeed({ users: 10_000, seed: 7 });
    const simulator = await start({ seed });
    const withoutTwoFactor = seed.users.filter((user) => user.two_factor_auth_enabled !== true).length;
    const superusers = seed.users.filter((user) => user.role === 'superuser').length;

    const report = await audit(simulator, 'plan', policy());

    expect(report.status).toBe('FAIL');
    expect(report.summary.usersChecked).toBe(10_000);
    const twoFactorRow = report.rules.find((row) => row.ruleId === 'user.2fa-enabled');
    expect(twoFactorRow).toMatchObject({ checked: 10_000, failed: withoutTwoFactor, muted: 0 });
    expect(withoutTwoFactor).toBeGreaterThan(1000);
    expect(findingsOf(report, 'user.superuser-count')[0]?.evidence).toMatchObject({ count: superusers, max: 3 });
    expectConsistentSummary(report);
  }, 60_000);

  it('real-shaped users full of nulls and unknown roles are judged, not rejected', async () => {
    const customerId = 'x4xCwxxJxGCx123Rx5xTx';
    const recorded = (id: string, login: string, extra: Record<string, unknown>) => ({
      id,
      customer_id: customerId,
      login,
      name: login,
      two_factor_auth_enabled: null,
      locked: null,
      require_new_password: null,
      limit_services: false,
      created_at: '2021-03-04T05:06:07Z',
      updated_at: '2021-03-04T05:06:07Z',
      deleted_at: null,
      ...extra,
    });
    const seed = {
      customer: {
        id: customerId,
        name: 'Recorded Co',
        owner_id: 'u-owner',
        security_contact_id: null,
        force_2fa: true,
        force_sso: null,
        has_pci: false,
        has_pci_passwords: null,
        ip_whitelist: null,
        some_new_field: { nested: true },
      },
      users: [
        recorded('u-owner', 'owner@example.com', { role: 'superuser', two_factor_auth_enabled: true, last_active_at: '2026-11-20T10:00:00Z' }),
        recorded('u-null', 'null@example.com', { role: 'engineer' }),
        recorded('u-tls', 'tls@example.com', { role: 'tls_admin', two_factor_auth_enabled: true }),
        recorded('u-future', 'future@example.com', { role: 'quantum_operator', roles: ['quantum_operator', 'superuser'], two_factor_auth_enabled: false }),
        recorded('u-bare', 'bare@example.com', { role: null, future_flag: 'kept' }),
      ],
    };
    const simulator = await start({ seed });

    const report = await audit(simulator, 'plan', policy({ rules: { 'user.superuser-count': { max: 1 } } }));

    expect(report.status).toBe('FAIL');
    expect(report.errors).toEqual([]);
    expect(report.summary.usersChecked).toBe(5);
    expect(report.rules.some((row) => row.status === 'ERROR')).toBe(false);
    const twoFactor = Object.fromEntries(findingsOf(report, 'user.2fa-enabled').map((f) => [f.subject.id, f]));
    expect(Object.keys(twoFactor).sort()).toEqual(['u-bare', 'u-future', 'u-null']);
    expect(twoFactor['u-null']?.evidence).toMatchObject({ two_factor_auth_enabled: null, state: 'unknown' });
    // A superuser through the multi-role list, whatever its unknown primary role.
    expect(twoFactor['u-future']?.severity).toBe('critical');
    expect(findingsOf(report, 'user.superuser-count')[0]?.evidence).toMatchObject({ count: 2 });
    // No last_active_at: nothing to judge, so not a failure.
    expect(ruleStatus(report, 'user.inactive')).toBe('PASS');
    expect(findingsOf(report, 'user.inactive').map((f) => f.status)).toEqual(['NOT_APPLICABLE', 'NOT_APPLICABLE', 'NOT_APPLICABLE', 'NOT_APPLICABLE']);
    expect(ruleStatus(report, 'account.force-2fa')).toBe('PASS');
    expect(findingsOf(report, 'account.force-sso')[0]?.message).toContain('not set in the API response');
    expect(ruleStatus(report, 'account.security-contact')).toBe('FAIL');
    expectConsistentSummary(report);
  });
});
