/**
 * Every rule through evaluatePolicy: PASS, FAIL, MUTED by an exception, and FAIL again once the
 * exception has expired. Edge cases of each family live in their own suites.
 */
import type { Invitation } from '../../../lambda/fastly/access-schemas.js';
import type { Customer, User } from '../../../lambda/fastly/schemas.js';
import { evaluatePolicy } from '../../../lambda/policy/evaluate.js';
import { RULE_IDS, type RuleId } from '../../../lambda/policy/catalog.js';
import type { AccountToken } from '../../../lambda/policy/token-facts.js';
import { apiToken, invitation, tokens } from '../../helpers/access-fixtures.js';
import { CUSTOMER_ID, customer, daysAgo, NOW, owner, policy, user } from '../../helpers/policy-fixtures.js';

interface Scenario {
  customer: Customer;
  users: User[];
  tokens?: AccountToken[];
  invitations?: Invitation[];
  rules?: Record<string, unknown>;
}

interface Case {
  pass: Scenario;
  fail: Scenario;
  /** What an exception names to mute the failing subject (a login, user id, token name or id, invitation email, or the customer id). */
  exceptionSubject: string;
  failingSubjectId: string;
}

const base = (): User[] => [owner(), user('u-dev')];

const CASES: Record<RuleId, Case> = {
  'account.force-2fa': {
    pass: { customer: customer(), users: base() },
    fail: { customer: customer({ force_2fa: false }), users: base() },
    exceptionSubject: CUSTOMER_ID,
    failingSubjectId: CUSTOMER_ID,
  },
  'account.force-sso': {
    pass: { customer: customer(), users: base() },
    fail: { customer: customer({ force_sso: false }), users: base() },
    exceptionSubject: CUSTOMER_ID,
    failingSubjectId: CUSTOMER_ID,
  },
  'account.ip-allowlist': {
    pass: { customer: customer(), users: base() },
    fail: { customer: customer({ ip_whitelist: '0.0.0.0/0' }), users: base() },
    exceptionSubject: CUSTOMER_ID,
    failingSubjectId: CUSTOMER_ID,
  },
  'account.pci': {
    pass: { customer: customer(), users: base() },
    fail: { customer: customer({ has_pci: false }), users: base() },
    exceptionSubject: CUSTOMER_ID,
    failingSubjectId: CUSTOMER_ID,
  },
  'account.pci-passwords': {
    pass: { customer: customer(), users: base() },
    fail: { customer: customer({ has_pci_passwords: false }), users: base() },
    exceptionSubject: CUSTOMER_ID,
    failingSubjectId: CUSTOMER_ID,
  },
  'account.owner-2fa': {
    pass: { customer: customer(), users: base() },
    fail: { customer: customer(), users: [owner({ two_factor_auth_enabled: false }), user('u-dev')] },
    exceptionSubject: CUSTOMER_ID,
    failingSubjectId: CUSTOMER_ID,
  },
  'account.security-contact': {
    pass: { customer: customer(), users: base() },
    fail: { customer: customer(), users: [owner({ locked: true }), user('u-dev')] },
    exceptionSubject: CUSTOMER_ID,
    failingSubjectId: CUSTOMER_ID,
  },
  'user.2fa-enabled': {
    pass: { customer: customer(), users: base() },
    fail: { customer: customer(), users: [owner(), user('u-dev', { login: 'CI-Bot@Example.com', two_factor_auth_enabled: false })] },
    exceptionSubject: 'ci-bot@example.com',
    failingSubjectId: 'u-dev',
  },
  'user.superuser-count': {
    pass: { customer: customer(), users: base(), rules: { max: 1 } },
    fail: { customer: customer(), users: [owner(), user('u-dev', { role: 'superuser' })], rules: { max: 1 } },
    exceptionSubject: CUSTOMER_ID,
    failingSubjectId: CUSTOMER_ID,
  },
  'user.email-domain': {
    pass: { customer: customer(), users: base(), rules: { allowedDomains: ['example.com'] } },
    fail: {
      customer: customer(),
      users: [owner(), user('u-dev', { login: 'dev@gmail.com' })],
      rules: { allowedDomains: ['example.com'] },
    },
    exceptionSubject: 'u-dev',
    failingSubjectId: 'u-dev',
  },
  'user.inactive': {
    pass: { customer: customer(), users: base() },
    fail: { customer: customer(), users: [owner(), user('u-dev', { last_active_at: daysAgo(200) })] },
    exceptionSubject: 'u-dev@example.com',
    failingSubjectId: 'u-dev',
  },
  'token.expiry': {
    pass: { customer: customer(), users: base(), tokens: tokens([apiToken('t-1')]) },
    fail: { customer: customer(), users: base(), tokens: tokens([apiToken('t-1', { expires_at: null })]) },
    exceptionSubject: 'TOKEN T-1',
    failingSubjectId: 't-1',
  },
  'token.unused': {
    pass: { customer: customer(), users: base(), tokens: tokens([apiToken('t-1')]) },
    fail: { customer: customer(), users: base(), tokens: tokens([apiToken('t-1', { last_used_at: daysAgo(200) })]) },
    exceptionSubject: 't-1',
    failingSubjectId: 't-1',
  },
  'token.owner': {
    pass: { customer: customer(), users: base(), tokens: tokens([apiToken('t-1')]) },
    fail: { customer: customer(), users: base(), tokens: tokens([apiToken('t-1', { user_id: 'u-gone' })]) },
    exceptionSubject: 'token t-1',
    failingSubjectId: 't-1',
  },
  'invitation.stale': {
    pass: { customer: customer(), users: base(), invitations: [invitation('i-1')] },
    fail: { customer: customer(), users: base(), invitations: [invitation('i-1', { created_at: daysAgo(20) })] },
    exceptionSubject: 'I-1@Example.com',
    failingSubjectId: 'i-1',
  },
};

function run(id: RuleId, scenario: Scenario, exceptions: Record<string, unknown>[] = []) {
  const evaluation = evaluatePolicy({
    customer: scenario.customer,
    users: scenario.users,
    tokens: scenario.tokens ?? [],
    invitations: scenario.invitations ?? [],
    policy: policy({ rules: scenario.rules ? { [id]: scenario.rules } : {}, exceptions }),
    now: NOW,
  });
  const row = evaluation.rules.find((candidate) => candidate.ruleId === id);
  return { row, findings: evaluation.findings.filter((finding) => finding.ruleId === id) };
}

it('the table covers every rule', () => {
  expect(Object.keys(CASES).sort()).toEqual([...RULE_IDS].sort());
});

describe.each(RULE_IDS)('%s', (id) => {
  const rule = CASES[id];
  const exception = (expires: string) => ({ rule: id, subject: rule.exceptionSubject, reason: 'accepted risk', expires, ticket: 'SEC-9' });

  it('PASS: no findings and a PASS row', () => {
    const { row, findings } = run(id, rule.pass);
    expect(findings).toEqual([]);
    expect(row).toMatchObject({ status: 'PASS', failed: 0, muted: 0 });
    expect(row?.checked).toBeGreaterThan(0);
  });

  it('FAIL: one finding for the failing subject', () => {
    const { row, findings } = run(id, rule.fail);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'FAIL', ruleId: id, subject: { id: rule.failingSubjectId } });
    expect(findings[0]?.exception).toBeUndefined();
    expect(row).toMatchObject({ status: 'FAIL', failed: 1, muted: 0 });
  });

  it('MUTED while the exception runs, with its reason, expiry and ticket', () => {
    const { row, findings } = run(id, rule.fail, [exception('2026-06-15')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      status: 'MUTED',
      exception: { reason: 'accepted risk', expires: '2026-06-15', ticket: 'SEC-9', expired: false },
    });
    expect(row).toMatchObject({ status: 'MUTED', failed: 0, muted: 1 });
  });

  it('FAIL again once the exception has expired, saying so', () => {
    const { row, findings } = run(id, rule.fail, [exception('2026-06-14')]);
    expect(findings[0]).toMatchObject({ status: 'FAIL', exception: { expires: '2026-06-14', expired: true } });
    expect(findings[0]?.message).toMatch(/The exception for it expired on 2026-06-14\.$/);
    expect(row).toMatchObject({ status: 'FAIL', failed: 1, muted: 0 });
  });
});
