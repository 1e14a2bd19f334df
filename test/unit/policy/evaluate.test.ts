import { UserListSchema, type User } from '../../../lambda/fastly/schemas.js';
import { evaluatePolicy, findingId, type EvaluationInput } from '../../../lambda/policy/evaluate.js';
import { getRule, RULES } from '../../../lambda/policy/catalog.js';
import type { Finding, RuleRow } from '../../../lambda/report/model.js';
import { apiToken, invitation, tokens } from '../../helpers/access-fixtures.js';
import { CUSTOMER_ID, customer, daysAgo, NOW, owner, policy, user } from '../../helpers/policy-fixtures.js';

const rowOf = (rows: RuleRow[], id: string) => rows.find((row) => row.ruleId === id);
const findingsOf = (findings: Finding[], id: string) => findings.filter((finding) => finding.ruleId === id);
const compliantUsers = (): User[] => [owner(), user('u-dev')];
/** Tokens and invitations read, and none of them: the rules that judge them have nothing to fail on. */
const NONE_READ = { tokens: [], invitations: [] };

describe('a compliant account', () => {
  const evaluation = evaluatePolicy({
    customer: customer(),
    users: compliantUsers(),
    tokens: tokens([apiToken('t-dev')]),
    invitations: [invitation('i-new')],
    policy: policy(),
    now: NOW,
  });

  it('passes every rule; email-domain is NOT_APPLICABLE without configured domains', () => {
    expect(evaluation.rules.map((row) => [row.ruleId, row.status])).toEqual(
      RULES.map((rule) => [rule.id, rule.id === 'user.email-domain' ? 'NOT_APPLICABLE' : 'PASS']),
    );
    expect(evaluation.findings.map((finding) => [finding.ruleId, finding.status])).toEqual([['user.email-domain', 'NOT_APPLICABLE']]);
  });

  it('the summary counts every result, PASS included', () => {
    expect(evaluation.summary).toEqual({
      // 7 account rules, 2 users x (2FA, inactive), the superuser count, 1 token x 3 rules, 1 invitation;
      // email-domain not applicable.
      byStatus: { PASS: 16, FAIL: 0, ERROR: 0, NOT_APPLICABLE: 1, MUTED: 0, FIXED: 0 },
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0 },
      usersChecked: 2,
      tokensChecked: 1,
      invitationsChecked: 1,
      highestFailingSeverity: null,
    });
  });

  it('rule rows count the subjects judged', () => {
    expect(rowOf(evaluation.rules, 'user.2fa-enabled')).toEqual({
      ruleId: 'user.2fa-enabled',
      title: 'Every user has two-factor authentication enabled',
      severity: 'high',
      status: 'PASS',
      checked: 2,
      failed: 0,
      muted: 0,
    });
    expect(rowOf(evaluation.rules, 'user.email-domain')).toMatchObject({ status: 'NOT_APPLICABLE', checked: 0 });
  });
});

it('a disabled rule is NOT_APPLICABLE with nothing checked and no findings, even when it would fail', () => {
  const evaluation = evaluatePolicy({
    customer: customer({ force_sso: false }),
    users: compliantUsers(),
    policy: policy({ rules: { 'account.force-sso': { enabled: false } } }),
    now: NOW,
  });
  expect(rowOf(evaluation.rules, 'account.force-sso')).toMatchObject({ status: 'NOT_APPLICABLE', checked: 0, failed: 0, muted: 0 });
  expect(findingsOf(evaluation.findings, 'account.force-sso')).toEqual([]);
});

describe('missing data is an ERROR, never a PASS', () => {
  it('without users, every rule that needs them reports one ERROR naming the reason', () => {
    const evaluation = evaluatePolicy({
      customer: customer(),
      ...NONE_READ,
      policy: policy({ rules: { 'user.email-domain': { allowedDomains: ['example.com'] } } }),
      now: NOW,
      missing: { users: 'GET /customer/{id}/users failed with 500' },
    });
    const needUsers = RULES.filter((rule) => rule.needs.includes('users')).map((rule) => rule.id);
    expect(needUsers).toHaveLength(7);
    for (const id of needUsers) {
      expect(rowOf(evaluation.rules, id)).toMatchObject({ status: 'ERROR', checked: 0, failed: 0 });
      expect(findingsOf(evaluation.findings, id)).toEqual([
        expect.objectContaining({
          status: 'ERROR',
          subject: { type: 'account', id: CUSTOMER_ID, name: 'ACME Corp' },
          message: 'Not evaluated: the user list could not be read (GET /customer/{id}/users failed with 500).',
          severity: getRule(id).severity,
        }),
      ]);
    }
    expect(rowOf(evaluation.rules, 'account.force-2fa')?.status).toBe('PASS');
    expect(evaluation.summary.byStatus.ERROR).toBe(7);
    expect(evaluation.summary.usersChecked).toBe(0);
  });

  it('without the customer, account rules error and user rules still run under the id the users carry', () => {
    const evaluation = evaluatePolicy({ users: [owner(), user('u-dev', { two_factor_auth_enabled: false })], policy: policy(), now: NOW });
    const needCustomer = RULES.filter((rule) => rule.needs.includes('customer')).map((rule) => rule.id);
    expect(needCustomer).toHaveLength(7);
    for (const id of needCustomer) expect(rowOf(evaluation.rules, id)?.status).toBe('ERROR');
    const [error] = findingsOf(evaluation.findings, 'account.pci');
    expect(error?.message).toBe('Not evaluated: the customer account could not be read.');
    expect(error?.id).toBe(findingId(CUSTOMER_ID, 'account.pci', CUSTOMER_ID));
    expect(rowOf(evaluation.rules, 'user.2fa-enabled')).toMatchObject({ status: 'FAIL', failed: 1 });
  });

  it('with nothing at all, no rule passes', () => {
    const evaluation = evaluatePolicy({ policy: policy(), now: NOW, missing: { customer: '401 Unauthorized', users: 'not attempted' } });
    expect(evaluation.rules.every((row) => row.status === 'ERROR')).toBe(true);
    expect(findingsOf(evaluation.findings, 'account.owner-2fa')[0]?.message).toBe(
      'Not evaluated: the customer account could not be read (401 Unauthorized) and the user list could not be read (not attempted).',
    );
    expect(evaluation.summary.byStatus).toEqual({ PASS: 0, FAIL: 0, ERROR: 15, NOT_APPLICABLE: 0, MUTED: 0, FIXED: 0 });
    // Not checked is not failing: the severity counts are of FAIL findings only.
    expect(evaluation.summary.bySeverity).toEqual({ critical: 0, high: 0, medium: 0, low: 0 });
  });

  it('an exception does not mute an ERROR', () => {
    const evaluation = evaluatePolicy({
      customer: customer(),
      policy: policy({ exceptions: [{ rule: 'user.superuser-count', subject: CUSTOMER_ID, reason: 'x', expires: '2030-01-01' }] }),
      now: NOW,
    });
    expect(findingsOf(evaluation.findings, 'user.superuser-count')[0]?.status).toBe('ERROR');
  });
});

describe('severity', () => {
  const users = [user('u-su', { role: 'superuser', two_factor_auth_enabled: false }), user('u-eng', { two_factor_auth_enabled: null })];
  const severities = (input: Partial<EvaluationInput>) =>
    evaluatePolicy({ customer: customer(), users, policy: policy(), now: NOW, ...input }).findings
      .filter((finding) => finding.ruleId === 'user.2fa-enabled')
      .map((finding) => [finding.subject.id, finding.severity]);

  it('a per-subject severity beats the default', () => {
    expect(severities({})).toEqual([
      ['u-su', 'critical'],
      ['u-eng', 'high'],
    ]);
  });

  it('a policy override beats both, and sets the row severity', () => {
    const overridden = policy({ rules: { 'user.2fa-enabled': { severity: 'low' } } });
    expect(severities({ policy: overridden })).toEqual([
      ['u-eng', 'low'],
      ['u-su', 'low'],
    ]);
    const evaluation = evaluatePolicy({ customer: customer(), users, policy: overridden, now: NOW });
    expect(rowOf(evaluation.rules, 'user.2fa-enabled')?.severity).toBe('low');
  });
});

it('findings sort by FAIL/ERROR first, then severity, rule id and subject name; MUTED and NOT_APPLICABLE last', () => {
  const evaluation = evaluatePolicy({
    customer: customer({ has_pci: false, security_contact_id: null }),
    users: [
      owner(),
      user('u-z', { login: 'zed@example.com', two_factor_auth_enabled: false }),
      user('u-a', { login: 'amy@example.com', two_factor_auth_enabled: false }),
      user('u-m', { login: 'mia@example.com', two_factor_auth_enabled: false, last_active_at: null }),
    ],
    ...NONE_READ,
    policy: policy({ exceptions: [{ rule: 'user.2fa-enabled', subject: 'mia@example.com', reason: 'r', expires: '2030-01-01' }] }),
    now: NOW,
  });
  expect(evaluation.findings.map((finding) => [finding.status, finding.severity, finding.ruleId, finding.subject.name])).toEqual([
    ['FAIL', 'high', 'user.2fa-enabled', 'amy@example.com'],
    ['FAIL', 'high', 'user.2fa-enabled', 'zed@example.com'],
    ['FAIL', 'medium', 'account.pci', 'ACME Corp'],
    ['FAIL', 'low', 'account.security-contact', 'ACME Corp'],
    ['MUTED', 'high', 'user.2fa-enabled', 'mia@example.com'],
    ['NOT_APPLICABLE', 'medium', 'user.email-domain', 'ACME Corp'],
    ['NOT_APPLICABLE', 'low', 'user.inactive', 'mia@example.com'],
  ]);
  expect(evaluation.summary.bySeverity).toEqual({ critical: 0, high: 2, medium: 1, low: 1 });
  expect(evaluation.summary.highestFailingSeverity).toBe('high');
  expect(evaluation.summary.byStatus.MUTED).toBe(1);
});

describe('findings', () => {
  const evaluation = evaluatePolicy({
    customer: customer({ force_2fa: false }),
    users: compliantUsers(),
    policy: policy(),
    now: NOW,
  });
  const [finding] = findingsOf(evaluation.findings, 'account.force-2fa');

  it('carry the rule title, evidence, risk, remediation and references of the catalog', () => {
    const rule = getRule('account.force-2fa');
    expect(finding).toEqual({
      id: findingId(CUSTOMER_ID, 'account.force-2fa', CUSTOMER_ID),
      ruleId: 'account.force-2fa',
      title: 'Two-factor authentication is forced for the account',
      severity: 'high',
      status: 'FAIL',
      subject: { type: 'account', id: CUSTOMER_ID, name: 'ACME Corp' },
      message: 'Two-factor authentication is not forced for the account (force_2fa is false).',
      evidence: { force_2fa: false },
      risk: rule.risk,
      remediation: {
        guidance: `${rule.remediation.console} API: ${rule.remediation.api}`,
        console: rule.remediation.console,
        api: 'PUT /customer/{customer_id} with force_2fa=true; users without 2FA are logged out.',
        automatic: true,
      },
      references: rule.references,
    });
  });

  it('share the rule\'s risk, remediation and references by reference, not a copy per finding', () => {
    const users = Array.from({ length: 3 }, (_, index) => user(`u-${index}`, { two_factor_auth_enabled: false }));
    const { findings } = evaluatePolicy({ customer: customer(), users, policy: policy(), now: NOW });
    const perUser = findingsOf(findings, 'user.2fa-enabled');
    const rule = getRule('user.2fa-enabled');
    expect(perUser).toHaveLength(3);
    for (const each of perUser) {
      expect(each.remediation).toBe(rule.remediation);
      expect(each.references).toBe(rule.references);
      expect(each.risk).toBe(rule.risk);
    }
  });

  it('an ERROR finding carries the rule\'s risk, remediation and references too', () => {
    const { findings } = evaluatePolicy({ customer: customer(), policy: policy(), now: NOW, missing: { users: 'HTTP 500' } });
    const [error] = findingsOf(findings, 'user.inactive');
    expect(error?.status).toBe('ERROR');
    expect(error?.remediation).toBe(getRule('user.inactive').remediation);
    expect(error?.references).toBe(getRule('user.inactive').references);
    expect(error?.risk).toBe(getRule('user.inactive').risk);
  });

  it('ids are stable 16-hex-digit hashes of customer, rule and subject', () => {
    const id = findingId('c', 'user.inactive', 'u-1');
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(findingId('c', 'user.inactive', 'u-1')).toBe(id);
    expect(new Set([id, findingId('c2', 'user.inactive', 'u-1'), findingId('c', 'user.2fa-enabled', 'u-1'), findingId('c', 'user.inactive', 'u-2')]).size).toBe(4);
  });

  it('evaluation is pure: the same input gives the same result and is not changed', () => {
    const input: EvaluationInput = { customer: customer({ force_2fa: false }), users: compliantUsers(), policy: policy(), now: NOW };
    const before = JSON.stringify(input);
    expect(evaluatePolicy(input)).toEqual(evaluatePolicy(input));
    expect(JSON.stringify(input)).toBe(before);
  });
});

it('real-shaped users full of nulls, unknown roles and missing optional keys', () => {
  const users = UserListSchema.parse([
    // As recorded from the API in 2021: nulls, no email_hash or two_factor_setup_required.
    { id: 'u-owner', customer_id: CUSTOMER_ID, login: 'owner@example.com', name: 'Owner', role: 'superuser', two_factor_auth_enabled: null, locked: null, require_new_password: null, limit_services: false, created_at: '2021-01-01T00:00:00Z', updated_at: '2021-01-01T00:00:00Z', deleted_at: null },
    { id: 'u-tls', customer_id: CUSTOMER_ID, login: 'certs@example.com', name: 'Certs', role: 'tls_viewer', roles: ['tls_viewer'], two_factor_auth_enabled: true, locked: false, last_active_at: daysAgo(1), email_hash: 'abc' },
    { id: 'u-new-role', login: 'robot@example.com', role: 'edge_observer', two_factor_auth_enabled: true, some_future_field: { nested: true } },
    { id: 'u-minimal', login: 'min@example.com' },
    { id: 'u-nologin', role: 'user', two_factor_auth_enabled: true, last_active_at: daysAgo(400) },
  ]);
  const evaluation = evaluatePolicy({ customer: customer(), users, policy: policy(), now: NOW });

  expect(rowOf(evaluation.rules, 'user.2fa-enabled')).toMatchObject({ status: 'FAIL', checked: 5, failed: 2 });
  const unknown2fa = findingsOf(evaluation.findings, 'user.2fa-enabled');
  expect(unknown2fa.map((finding) => [finding.subject.name, finding.severity, finding.evidence.state])).toEqual([
    ['owner@example.com', 'critical', 'unknown'],
    ['min@example.com', 'high', 'unknown'],
  ]);
  expect(rowOf(evaluation.rules, 'account.owner-2fa')?.status).toBe('FAIL');
  expect(rowOf(evaluation.rules, 'user.superuser-count')).toMatchObject({ status: 'PASS', checked: 1 });
  expect(rowOf(evaluation.rules, 'user.inactive')).toMatchObject({ status: 'FAIL', checked: 2, failed: 1 });
  expect(findingsOf(evaluation.findings, 'user.inactive').find((finding) => finding.status === 'FAIL')?.subject).toEqual({
    type: 'user',
    id: 'u-nologin',
    name: 'u-nologin',
  });
  expect(evaluation.summary.usersChecked).toBe(5);
});

it('a 10,000-user account evaluates with the right counts', () => {
  const users = Array.from({ length: 10_000 }, (_, i) => {
    const fields: Record<string, unknown> = {
      role: i < 5 ? 'superuser' : i % 3 === 0 ? 'tls_viewer' : 'engineer',
      two_factor_auth_enabled: i % 10 === 0 ? false : i % 10 === 1 ? null : true,
      last_active_at: i % 4 === 0 ? daysAgo(200) : daysAgo(5),
      login: i % 50 === 0 ? `user${i}@gmail.com` : `user${i}@example.com`,
    };
    const built = user(`u-${i}`, fields);
    if (i % 4 === 1) delete built.last_active_at;
    return built;
  });
  const evaluation = evaluatePolicy({
    customer: customer({ owner_id: 'u-2', security_contact_id: 'u-2' }),
    users,
    ...NONE_READ,
    policy: policy({
      rules: { 'user.email-domain': { allowedDomains: ['example.com'] } },
      exceptions: [{ rule: 'user.2fa-enabled', subject: 'user10@example.com', reason: 'r', expires: '2030-01-01' }],
    }),
    now: NOW,
  });

  const counts = Object.fromEntries(evaluation.rules.map((row) => [row.ruleId, [row.status, row.checked, row.failed, row.muted]]));
  expect(counts).toMatchObject({
    'account.owner-2fa': ['PASS', 1, 0, 0],
    'account.security-contact': ['PASS', 1, 0, 0],
    'user.2fa-enabled': ['FAIL', 10_000, 1_999, 1],
    'user.superuser-count': ['FAIL', 1, 1, 0],
    'user.email-domain': ['FAIL', 10_000, 200, 0],
    'user.inactive': ['FAIL', 7_500, 2_500, 0],
  });
  expect(evaluation.findings).toHaveLength(1_999 + 1 + 1 + 200 + 2_500 + 2_500);
  expect(evaluation.summary.usersChecked).toBe(10_000);
  expect(evaluation.summary.bySeverity).toEqual({ critical: 2, high: 1_997, medium: 201, low: 2_500 });
  expect(evaluation.summary.highestFailingSeverity).toBe('critical');
  expect(evaluation.findings[0]).toMatchObject({ status: 'FAIL', severity: 'critical', ruleId: 'user.2fa-enabled' });
  expect(new Set(evaluation.findings.map((finding) => finding.id)).size).toBe(evaluation.findings.length);
});
