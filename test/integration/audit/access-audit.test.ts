/**
 * runAudit with the account's tokens, invitations and audit log over the simulator: each is read
 * only when an enabled rule or the attribution needs it (the request log proves it), a 403 makes
 * the rules that needed the data ERROR with what to do, an unreadable audit log is a warning, the
 * demo's FAILs are attributed in every output, and nothing here writes: no DELETE, no POST, never
 * a token revoked.
 */
import { fileURLToPath } from 'node:url';
import { runAudit } from '../../../lambda/audit.js';
import { createFastlyClient } from '../../../lambda/fastly/client.js';
import { loadPolicyFile } from '../../../lambda/policy/load.js';
import type { Policy } from '../../../lambda/policy/schema.js';
import { buildNotification } from '../../../lambda/report/notification.js';
import { renderMarkdown } from '../../../lambda/report/markdown.js';
import type { RemediationMode, Report } from '../../../lambda/report/model.js';
import { renderText } from '../../../lambda/report/text.js';
import { demoSeed, startSimulator, type RouteName, type Simulator, type SimulatorOptions } from '../../../simulator/index.js';
import { policy } from '../../helpers/policy-fixtures.js';
import { reportOutputs } from '../../helpers/report-outputs.js';

const TOKEN = 'access-audit-sentinel-4b81c2';
const NOW = new Date('2026-11-29T03:00:00Z');
const AUDITOR_ADDRESS = '198.51.100.10';
const DEMO_POLICY = loadPolicyFile(fileURLToPath(new URL('../../../simulator/seeds/demo-policy.json', import.meta.url)));
const ENGINEER = 'fVzUrrrUaR46drUvLinbJC';
const TOKEN_RULES = ['token.expiry', 'token.unused', 'token.owner'];

let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function audit(options: Partial<SimulatorOptions> = {}, auditPolicy: Policy = DEMO_POLICY, mode: RemediationMode = 'plan', inject?: (s: Simulator) => void) {
  sim = await startSimulator({ token: TOKEN, seed: demoSeed(), clientAddress: AUDITOR_ADDRESS, ...options });
  inject?.(sim);
  const api = createFastlyClient({ token: TOKEN, baseUrl: sim.url, retry: { limit: 1, baseDelayMs: 1 }, timeoutMs: 500 });
  const report = await runAudit({ api, policy: auditPolicy, mode, runId: 'access-run', now: () => NOW });
  for (const output of reportOutputs(report)) expect(output).not.toContain(TOKEN);
  return { report, requests: [...sim.requests] };
}

const routes = (requests: { route: RouteName | null }[]) => new Set(requests.map((request) => request.route));
const ruleStatus = (report: Report, id: string) => report.rules.find((row) => row.ruleId === id)?.status;
const withRules = (rules: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  policy({ rules: { ...DEMO_POLICY.rules, ...rules }, exceptions: DEMO_POLICY.exceptions, ...extra });

describe('read only when needed', () => {
  it('everything on: tokens, automation tokens, invitations and, for the FAILs, the audit log', async () => {
    const { requests } = await audit();
    expect(routes(requests)).toEqual(
      new Set(['get_logged_in_customer', 'list_users', 'list_customer_tokens', 'list_automation_tokens', 'list_invitations', 'list_events']),
    );
    // One audit-log query per event type that could explain a FAIL.
    const types = requests.filter((r) => r.route === 'list_events').map((r) => new URL(r.path, 'http://x').searchParams.get('filter[event_type]'));
    expect(types.sort()).toEqual(['customer.update', 'two_factor_auth.disable', 'user.create', 'user.promote', 'user.update']);
    expect(requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('the token and invitation rules and the attribution off: only the customer and its users', async () => {
    const off = { enabled: false };
    const { report, requests } = await audit({}, withRules({ 'token.expiry': off, 'token.unused': off, 'token.owner': off, 'invitation.stale': off }, { attribution: { enabled: false } }));
    expect(requests.map((r) => r.route)).toEqual(['get_logged_in_customer', 'list_users']);
    expect(report.summary).toMatchObject({ tokensChecked: 0, invitationsChecked: 0 });
    expect(report.findings.some((finding) => finding.attribution)).toBe(false);
  });

  it('one token rule is enough to read both token lists; invitations only for invitation.stale', async () => {
    const off = { enabled: false };
    const { requests } = await audit({}, withRules({ 'token.expiry': off, 'token.unused': off, 'invitation.stale': off }));
    expect(routes(requests).has('list_customer_tokens')).toBe(true);
    expect(routes(requests).has('list_automation_tokens')).toBe(true);
    expect(routes(requests).has('list_invitations')).toBe(false);
  });

  it('no FAIL that the audit log could explain: no audit-log request', async () => {
    const seed = demoSeed();
    const compliant = { ...seed, customer: { ...seed.customer, force_2fa: true, has_pci: true, has_pci_passwords: true, ip_whitelist: '198.51.100.0/24' } };
    const off = { enabled: false };
    const quiet = withRules({ 'user.2fa-enabled': off, 'user.superuser-count': off });
    const { report, requests } = await audit({ seed: compliant }, quiet);
    expect(report.findings.filter((f) => f.status === 'FAIL').map((f) => f.ruleId)).not.toContain('account.force-2fa');
    expect(routes(requests).has('list_events')).toBe(false);
  });
});

describe('a token that is not a superuser’s', () => {
  it('the token and invitation rules are ERROR with what to do, the audit log is a warning, the rest is judged', async () => {
    const { report } = await audit({ tokenUserId: ENGINEER });

    expect(report.status).toBe('ERROR');
    for (const id of [...TOKEN_RULES, 'invitation.stale']) expect([id, ruleStatus(report, id)]).toEqual([id, 'ERROR']);
    expect(report.summary.byStatus.PASS).toBeGreaterThan(0);
    expect(ruleStatus(report, 'account.force-2fa')).toBe('FAIL');
    expect(report.errors.map((error) => [error.operation, error.status])).toEqual([
      ['list_customer_tokens', 403],
      ['list_automation_tokens', 403],
      ['list_invitations', 403],
    ]);
    const [tokensError] = report.errors;
    expect(tokensError?.message).toMatch(/^Could not read the API tokens: HTTP 403 Forbidden/);
    expect(tokensError?.action).toMatch(/superuser \(the global:read scope is enough to read\).* Or turn off token\.expiry, token\.unused, token\.owner in the policy/);
    expect(report.errors[2]?.action).toMatch(/Or turn off invitation\.stale in the policy/);
    const tokenError = report.findings.find((finding) => finding.ruleId === 'token.expiry');
    expect(tokenError).toMatchObject({ status: 'ERROR', message: expect.stringMatching(/^Not evaluated: the account's API tokens could not be read \(Could not read the API tokens: HTTP 403/) });
    // Listed under "Not checked", with what to do once for the rules it applies to.
    const notChecked = renderText(report).split('\n\n').find((section) => section.startsWith('Not checked (4)')) ?? '';
    expect(notChecked).toMatch(/\n {2}what to do about (token\.\w+, ){2}token\.\w+: Only a superuser may read the account's API tokens.* Or turn off token\.expiry/);
    expect(notChecked).toMatch(/\n {2}what to do about invitation\.stale: Only a superuser may read the account's invitations/);

    expect(report.warnings).toEqual([
      expect.objectContaining({ operation: 'list_events', status: 403, message: expect.stringMatching(/^Could not read the audit log: HTTP 403 .*: failing findings are not attributed\.$/) }),
    ]);
    expect(report.warnings[0]?.action).toMatch(/Or set "attribution": \{"enabled": false\} in the policy\.$/);
    expect(report.findings.some((finding) => finding.attribution)).toBe(false);
  });
});

describe('an unreadable audit log is a warning, never an ERROR', () => {
  it.each([
    ['503', { status: 503 }],
    ['malformed JSON', { malformedJson: true }],
    ['a hang', { hang: true }],
  ])('%s: the report is FAIL, as without attribution', async (_name, fault) => {
    const { report } = await audit({}, DEMO_POLICY, 'plan', (s) => s.setFault('list_events', fault));
    expect(report.status).toBe('FAIL');
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([expect.objectContaining({ operation: 'list_events', action: expect.any(String) })]);
    expect(report.findings.some((finding) => finding.attribution)).toBe(false);
  });

  it('a log read only partly (maxEventPages) says so in a warning', async () => {
    const seed = demoSeed();
    const base = seed.events?.find((e) => (e.attributes as Record<string, unknown>).event_type === 'customer.update') ?? {};
    const many = Array.from({ length: 150 }, (_, i) => ({
      ...base,
      id: `bulk-${i}`,
      attributes: { ...(base.attributes as Record<string, unknown>), created_at: new Date(NOW.getTime() - (i + 1) * 60_000).toISOString(), metadata: { new: { name: 'x' } } },
    }));
    const { report } = await audit({ seed: { ...seed, events: [...(seed.events ?? []), ...many] } }, withRules({}, { attribution: { maxEventPages: 1 } }));
    expect(report.status).toBe('FAIL');
    expect(report.warnings).toEqual([expect.objectContaining({ operation: 'list_events', message: expect.stringMatching(/more than 1 pages .* only the newest were read/) })]);
  });
});

describe('the demo account', () => {
  it('attributes the force_2fa change, Tom’s 2FA and Lena’s promotion; nothing older than 30 days', async () => {
    const { report } = await audit();
    const attributed = report.findings
      .filter((finding) => finding.attribution)
      .map((finding) => [finding.ruleId, finding.subject.name, finding.attribution?.eventType, finding.attribution?.actor.login, finding.attribution?.at]);
    expect(attributed).toEqual([
      ['user.2fa-enabled', 'tom.becker@acme.example', 'two_factor_auth.disable', 'tom.becker@acme.example', '2026-11-24T17:02:41Z'],
      ['account.force-2fa', 'Acme Streaming Ltd', 'customer.update', 'tom.becker@acme.example', '2026-11-22T09:14:03Z'],
      ['user.superuser-count', 'Acme Streaming Ltd', 'user.promote', 'priya.raman@acme.example', '2026-11-12T14:37:56Z'],
    ]);
    // The allowlist was opened 45 days ago: outside the window.
    expect(report.findings.find((finding) => finding.ruleId === 'account.ip-allowlist')?.attribution).toBeUndefined();
  });

  it('shows each attribution in one line in text, markdown, the email and Slack', async () => {
    const { report } = await audit();
    const line = 'changed by tom.becker@acme.example at 2026-11-22T09:14:03Z from 203.0.113.45 (customer.update)';
    const notification = JSON.parse(buildNotification(report).message) as { email: string; https: string };
    const slack = (JSON.parse(notification.https) as { content: { description: string } }).content.description;
    for (const output of [renderText(report), renderMarkdown(report), notification.email, slack]) {
      expect(output.split('\n').filter((text) => text.includes(line))).toHaveLength(1);
    }
  });

  it('judges the seeded tokens and invitations', async () => {
    const { report } = await audit();
    const failing = (id: string) => report.findings.filter((f) => f.ruleId === id && f.status === 'FAIL').map((f) => f.subject.name).sort();
    expect(failing('token.expiry')).toEqual(['billing-export', 'github-actions-deploy', 'legacy-logs-shipper', 'old-deploy-key', 'terraform-prod', 'tom-laptop-cli']);
    expect(failing('token.unused')).toEqual(['billing-export', 'grafana-readonly', 'legacy-logs-shipper', 'old-deploy-key']);
    expect(failing('token.owner')).toEqual(['billing-export', 'old-deploy-key']);
    expect(failing('invitation.stale')).toEqual(['freelancer.dev@outlook.com', 'n.ortiz@acme.example']);
    // The console sessions are read and counted, never judged as API tokens.
    expect(report.summary.tokensChecked).toBe(12);
    expect(report.findings.filter((f) => f.ruleId === 'token.expiry').some((f) => f.subject.name.includes('browser session'))).toBe(false);
  });
});

describe('nothing here writes', () => {
  it('apply mode: the one PUT of the existing fixes, no DELETE or POST, no token revoked', async () => {
    const { report, requests } = await audit({}, DEMO_POLICY, 'apply');
    const writes = requests.filter((request) => request.method !== 'GET');
    expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual(['PUT /customer/bBRsk29cztUX1kmObfEjdp']);
    expect(new URLSearchParams(writes[0]?.body).has('force_2fa')).toBe(false);
    expect(report.remediation.changes.map((change) => change.ruleId)).toEqual(['account.force-2fa', 'account.ip-allowlist', 'account.pci']);
    expect(sim?.users()).toEqual(demoSeed().users);
  });
});
