/**
 * The executor against the loopback simulator through the real got client: one PUT with exactly
 * the planned fields, read-back verification, failures reported without retries, idempotence,
 * and no lockout when the written allowlist covers the auditor.
 */
import type { CustomerApi } from '../../../lambda/fastly/api.js';
import { createFastlyClient } from '../../../lambda/fastly/client.js';
import { evaluatePolicy } from '../../../lambda/policy/evaluate.js';
import { parsePolicy, type Policy } from '../../../lambda/policy/schema.js';
import { accountTokens } from '../../../lambda/policy/token-facts.js';
import { applyRemediation } from '../../../lambda/remediation/executor.js';
import { planRemediation, type RemediationPlan } from '../../../lambda/remediation/planner.js';
import { remediationSettings } from '../../../lambda/remediation/settings.js';
import type { RemediationChange, RemediationMode } from '../../../lambda/report/model.js';
import { startSimulator, type RecordedRequest, type Simulator, type SimulatorOptions } from '../../../simulator/index.js';
import { CUSTOMER_ID, FIXABLE_RULES, failingCustomer, usersAllWith2fa } from '../../helpers/remediation-fixtures.js';

const TOKEN = 'SENTINEL-TOKEN-remediation-5c1e';
const AUDITOR_ADDRESS = '203.0.113.10';
const NOW = new Date('2026-06-01T03:00:00Z');

function policyFrom(input: unknown): Policy {
  const parsed = parsePolicy(input);
  if (!parsed.ok) throw new Error(`test policy is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.policy;
}

const POLICY = policyFrom({
  version: 1,
  rules: {
    'account.force-2fa': { remediate: 'auto' },
    'account.force-sso': { remediate: 'auto', ssoConfigured: true },
    'account.ip-allowlist': {
      remediate: 'auto',
      allowedRanges: ['203.0.113.0/24'],
      desired: '203.0.113.0/24',
      auditorEgress: [AUDITOR_ADDRESS],
    },
    'account.pci': { remediate: 'auto' },
  },
});

const EXPECTED_FORM = { force_2fa: 'true', force_sso: 'true', ip_whitelist: '203.0.113.0/24', has_pci: 'true' };

let sim: Simulator | undefined;

afterEach(async () => {
  const unsafe = sim?.requests.filter((r) => r.method === 'DELETE' || r.method === 'POST') ?? [];
  await sim?.stop();
  sim = undefined;
  expect(unsafe).toEqual([]);
});

async function start(options: Partial<SimulatorOptions> = {}): Promise<{ sim: Simulator; api: CustomerApi }> {
  const seed = {
    customer: { ...failingCustomer() },
    users: usersAllWith2fa().map((u) => ({ ...u })),
  };
  sim = await startSimulator({ token: TOKEN, seed, clientAddress: AUDITOR_ADDRESS, ...options });
  // No GET retries: a faulted read must fail once, so the request log stays exact.
  const api = createFastlyClient({ token: TOKEN, baseUrl: sim.url, retry: { limit: 0 } });
  return { sim, api };
}

/** What runAudit does before writing: fetch, evaluate with the real rules, plan. */
async function auditAndPlan(api: CustomerApi, mode: RemediationMode, policy: Policy = POLICY): Promise<RemediationPlan> {
  const customer = await api.getCustomer(CUSTOMER_ID);
  const users = await api.listUsers(CUSTOMER_ID);
  const tokens = accountTokens(await api.listCustomerTokens(CUSTOMER_ID), await api.listAutomationTokens());
  const invitations = await api.listInvitations();
  const { findings } = evaluatePolicy({ customer, users, tokens, invitations, policy, now: NOW });
  return planRemediation({
    customer,
    users,
    findings,
    settings: remediationSettings(policy),
    mode,
    dataComplete: !findings.some((f) => f.status === 'ERROR'),
    rateLimit: api.rateLimit,
  });
}

const formOf = (request: RecordedRequest): Record<string, string> => Object.fromEntries(new URLSearchParams(request.body));
const methods = (requests: RecordedRequest[]): string[] => requests.map((r) => `${r.method} ${r.path}`);
const byField = (changes: RemediationChange[], field: string): RemediationChange | undefined =>
  changes.find((c) => c.field === field);

describe('applyRemediation', () => {
  it('writes every accepted change in one PUT with exactly the planned fields, then verifies each', async () => {
    const { sim, api } = await start();
    const plan = await auditAndPlan(api, 'apply');
    expect(plan.accepted.map((c) => c.ruleId)).toEqual([...FIXABLE_RULES]);
    const mark = sim.requests.length;

    const changes = await applyRemediation(api, CUSTOMER_ID, plan);

    expect(changes).toEqual([
      { ruleId: 'account.force-2fa', field: 'force_2fa', from: false, to: true, status: 'verified', after: true },
      { ruleId: 'account.force-sso', field: 'force_sso', from: false, to: true, status: 'verified', after: true },
      {
        ruleId: 'account.ip-allowlist',
        field: 'ip_whitelist',
        from: '0.0.0.0/0',
        to: '203.0.113.0/24',
        status: 'verified',
        after: '203.0.113.0/24',
      },
      { ruleId: 'account.pci', field: 'has_pci', from: false, to: true, status: 'verified', after: true },
    ]);
    const sent = sim.requests.slice(mark);
    expect(methods(sent)).toEqual([`PUT /customer/${CUSTOMER_ID}`, `GET /customer/${CUSTOMER_ID}`]);
    expect(sent[0]?.contentType).toContain('application/x-www-form-urlencoded');
    expect(formOf(sent[0]!)).toEqual(EXPECTED_FORM);
    expect(sim.customer()).toMatchObject({ force_2fa: true, force_sso: true, has_pci: true, ip_whitelist: '203.0.113.0/24' });
  });

  it('tells its observer of the write the moment Fastly accepts it, before the read-back, then of each outcome', async () => {
    const { sim, api } = await start();
    const plan = await auditAndPlan(api, 'apply');
    const events: string[] = [];
    const readsBefore = sim.requests.filter((r) => r.method === 'GET').length;
    const observer = {
      written: (changes: readonly RemediationChange[]) => {
        const readsSince = sim.requests.filter((r) => r.method === 'GET').length - readsBefore;
        events.push(`written ${changes.map((c) => `${c.field}=${String(c.to)}`).join(',')}; requests after the PUT: ${readsSince}`);
      },
      settled: (changes: readonly RemediationChange[]) => events.push(`settled ${changes.map((c) => `${c.field}:${c.status}`).join(',')}`),
    };

    await applyRemediation(api, CUSTOMER_ID, plan, observer);

    expect(events).toEqual([
      'written force_2fa=true,force_sso=true,ip_whitelist=203.0.113.0/24,has_pci=true; requests after the PUT: 0',
      'settled force_2fa:verified,force_sso:verified,ip_whitelist:verified,has_pci:verified',
    ]);
  });

  it('tells its observer only of the failure when the write itself fails', async () => {
    const { sim, api } = await start();
    const plan = await auditAndPlan(api, 'apply');
    sim.setFault('update_customer', { status: 503 });
    const events: string[] = [];

    await applyRemediation(api, CUSTOMER_ID, plan, {
      written: () => events.push('written'),
      settled: (changes) => events.push(...changes.map((c) => `${c.field}:${c.status}`)),
    });

    expect(events).toEqual(['force_2fa:failed', 'force_sso:failed', 'ip_whitelist:failed', 'has_pci:failed']);
  });

  it('sends only the accepted changes: refused and remediate-off changes stay out of the PUT', async () => {
    const { sim, api } = await start();
    const policy = policyFrom({
      version: 1,
      rules: {
        'account.force-2fa': { remediate: 'auto' },
        'account.force-sso': { remediate: 'auto' }, // ssoConfigured defaults to false: refused
        'account.ip-allowlist': { remediate: 'off', desired: '203.0.113.0/24', auditorEgress: [AUDITOR_ADDRESS] },
        'account.pci': { remediate: 'auto' },
      },
    });
    const plan = await auditAndPlan(api, 'apply', policy);

    const changes = await applyRemediation(api, CUSTOMER_ID, plan);

    expect(changes.map((c) => [c.field, c.status])).toEqual([
      ['force_2fa', 'verified'],
      ['force_sso', 'refused'],
      ['ip_whitelist', 'planned'],
      ['has_pci', 'verified'],
    ]);
    const puts = sim.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(formOf(puts[0]!)).toEqual({ force_2fa: 'true', has_pci: 'true' });
    expect(sim.customer()).toMatchObject({ force_sso: false, ip_whitelist: '0.0.0.0/0' });
  });

  it('sends nothing in plan mode and returns the plan unchanged', async () => {
    const { sim, api } = await start();
    const plan = await auditAndPlan(api, 'plan');
    const mark = sim.requests.length;

    const changes = await applyRemediation(api, CUSTOMER_ID, plan);

    expect(changes).toEqual(plan.changes);
    expect(changes.every((c) => c.status === 'planned')).toBe(true);
    expect(sim.requests.slice(mark)).toEqual([]);
  });

  it('reports a field the API ignored as failed, with the value found', async () => {
    const { api } = await start({ ignoreFields: ['force_2fa'] });
    const plan = await auditAndPlan(api, 'apply');

    const changes = await applyRemediation(api, CUSTOMER_ID, plan);

    expect(byField(changes, 'force_2fa')).toEqual({
      ruleId: 'account.force-2fa',
      field: 'force_2fa',
      from: false,
      to: true,
      status: 'failed',
      after: false,
      reason: 'written but read back false instead of true',
    });
    expect(changes.filter((c) => c.status === 'verified').map((c) => c.field)).toEqual([
      'force_sso',
      'ip_whitelist',
      'has_pci',
    ]);
  });

  it('fails every accepted change when the PUT fails, without retrying or reading back', async () => {
    const { sim, api } = await start();
    const plan = await auditAndPlan(api, 'apply');
    sim.setFault('update_customer', { status: 500 });
    const mark = sim.requests.length;

    const changes = await applyRemediation(api, CUSTOMER_ID, plan);

    expect(changes).toHaveLength(4);
    for (const change of changes) {
      expect(change.status).toBe('failed');
      expect(change.reason).toMatch(/^write failed: .*update_customer.*500/);
      expect(change.after).toBeUndefined();
      expect(change.from).toBe(plan.changes.find((c) => c.field === change.field)?.from);
    }
    expect(methods(sim.requests.slice(mark))).toEqual([`PUT /customer/${CUSTOMER_ID}`]);
    expect(JSON.stringify(changes)).not.toContain(TOKEN);
    expect(sim.customer()).toMatchObject({ force_2fa: false, has_pci: false });
  });

  it('fails every change as unverified when the read-back fails, though the write went through', async () => {
    const { sim, api } = await start();
    const plan = await auditAndPlan(api, 'apply');
    sim.setFault('get_customer', { status: 503 });

    const changes = await applyRemediation(api, CUSTOMER_ID, plan);

    for (const change of changes) {
      expect(change.status).toBe('failed');
      expect(change.reason).toMatch(/^written but could not be verified: .*get_customer.*503/);
      expect(change).not.toHaveProperty('after');
    }
    expect(sim.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(sim.customer()).toMatchObject({ force_2fa: true, has_pci: true });
    expect(JSON.stringify(changes)).not.toContain(TOKEN);
  });

  it('fails a change it cannot send (read-only field) without sending it, and still writes the rest', async () => {
    const { sim, api } = await start();
    const readOnly: RemediationChange = { ruleId: 'account.pci-passwords', field: 'has_pci_passwords', from: false, to: true, status: 'planned' };
    const force2fa: RemediationChange = { ruleId: 'account.force-2fa', field: 'force_2fa', from: false, to: true, status: 'planned' };

    const changes = await applyRemediation(api, CUSTOMER_ID, { accepted: [readOnly, force2fa], changes: [readOnly, force2fa] });

    expect(changes[0]).toMatchObject({ status: 'failed', reason: expect.stringContaining('not a writable customer field') });
    expect(changes[1]).toMatchObject({ status: 'verified', after: true });
    const puts = sim.requests.filter((r) => r.method === 'PUT');
    expect(puts.map(formOf)).toEqual([{ force_2fa: 'true' }]);
  });

  it('is idempotent: after a successful fix the next run finds PASS and sends no PUT', async () => {
    const { sim, api } = await start();
    await applyRemediation(api, CUSTOMER_ID, await auditAndPlan(api, 'apply'));

    const customer = await api.getCustomer(CUSTOMER_ID);
    const { findings } = evaluatePolicy({ customer, users: await api.listUsers(CUSTOMER_ID), policy: POLICY, now: NOW });
    const secondPlan = await auditAndPlan(api, 'apply');
    const secondChanges = await applyRemediation(api, CUSTOMER_ID, secondPlan);

    expect(findings.filter((f) => (FIXABLE_RULES as readonly string[]).includes(f.ruleId))).toEqual([]);
    expect(secondPlan).toEqual({ accepted: [], changes: [] });
    expect(secondChanges).toEqual([]);
    expect(sim.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });
});

describe('applyRemediation and the IP allowlist lockout', () => {
  it('writing a desired allowlist that covers the auditor keeps the API answering', async () => {
    const { sim, api } = await start();

    const changes = await applyRemediation(api, CUSTOMER_ID, await auditAndPlan(api, 'apply'));
    const afterwards = await api.getCustomer(CUSTOMER_ID);

    expect(byField(changes, 'ip_whitelist')?.status).toBe('verified');
    expect(afterwards.ip_whitelist).toBe('203.0.113.0/24');
    expect(sim.requests.at(-1)).toMatchObject({ method: 'GET', status: 200 });
    expect(sim.requests.every((r) => r.status < 400)).toBe(true);
  });

  it('refuses a desired allowlist that excludes the auditor, so nothing locks it out', async () => {
    const { sim, api } = await start();
    const rules = { 'account.ip-allowlist': { remediate: 'auto' as const, desired: '198.51.100.0/24', auditorEgress: [AUDITOR_ADDRESS] } };
    // Validation refuses such a policy at validate and synth; the guardrail still stands behind it.
    expect(parsePolicy({ version: 1, rules }).ok).toBe(false);
    const policy: Policy = { version: 1, rules };

    const changes = await applyRemediation(api, CUSTOMER_ID, await auditAndPlan(api, 'apply', policy));
    await api.getCustomer(CUSTOMER_ID);

    expect(byField(changes, 'ip_whitelist')?.status).toBe('refused');
    expect(sim.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(sim.requests.at(-1)).toMatchObject({ method: 'GET', status: 200 });
  });

  it('(control) the simulator really locks out a caller excluded by a written allowlist', async () => {
    const { sim, api } = await start();

    await api.updateCustomer(CUSTOMER_ID, { ip_whitelist: '198.51.100.0/24' });

    await expect(api.getCustomer(CUSTOMER_ID)).rejects.toMatchObject({ status: 403 });
    expect(sim.requests.at(-1)).toMatchObject({ method: 'GET', status: 403 });
  });
});
