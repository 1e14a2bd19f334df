/**
 * Attribution from audit-log events: for each FAIL whose rule declares one, the newest matching
 * event within the window; older events, other fields, other users and other roles are ignored.
 */
import { attribute, attributionTargets } from '../../../lambda/attribution/attribute.js';
import type { AuditEvent } from '../../../lambda/fastly/access-schemas.js';
import type { User } from '../../../lambda/fastly/schemas.js';
import { getRule, isRuleId } from '../../../lambda/policy/catalog.js';
import { evaluatePolicy } from '../../../lambda/policy/evaluate.js';
import type { Finding } from '../../../lambda/report/model.js';
import { event } from '../../helpers/access-fixtures.js';
import { customer, daysAgo, NOW, owner, policy, user } from '../../helpers/policy-fixtures.js';

const specOf = (ruleId: string) => (isRuleId(ruleId) ? getRule(ruleId).attribution : undefined);

const users: User[] = [
  owner(),
  user('u-tom', { login: 'tom@example.com', role: 'superuser', two_factor_auth_enabled: false }),
  user('u-lena', { login: 'lena@example.com', role: 'superuser' }),
  user('u-dev', { two_factor_auth_enabled: false }),
];

/** A demo-like account: force_2fa off, two users without 2FA, three superusers (max 2). */
function failingFindings(overrides: Record<string, unknown> = {}): Finding[] {
  return evaluatePolicy({
    customer: customer({ force_2fa: false, ...overrides }),
    users,
    tokens: [],
    invitations: [],
    policy: policy({ rules: { 'user.superuser-count': { max: 2 } } }),
    now: NOW,
  }).findings;
}

function attributed(events: AuditEvent[], findings = failingFindings(), days = 30): Map<string, Finding['attribution']> {
  const result = attribute({ findings, events, customer: customer(), users, now: NOW, days, specOf });
  return new Map(result.filter((finding) => finding.attribution).map((finding) => [`${finding.ruleId} ${finding.subject.name}`, finding.attribution]));
}

const forceOff = (id: string, days: number, user = 'u-tom') =>
  event(id, { event_type: 'customer.update', created_at: daysAgo(days), user_id: user, metadata: { old: { force_2fa: true }, new: { force_2fa: false } } });

describe('attributionTargets', () => {
  it('FAILs of account rules, user.2fa-enabled and user.superuser-count, with the event types that could explain them', () => {
    const targets = attributionTargets(failingFindings(), specOf);
    expect(targets.findings.map((finding) => `${finding.ruleId} ${finding.subject.name}`)).toEqual([
      'user.2fa-enabled tom@example.com',
      'account.force-2fa ACME Corp',
      'user.2fa-enabled u-dev@example.com',
      'user.superuser-count ACME Corp',
    ]);
    expect(targets.eventTypes.sort()).toEqual(['customer.update', 'two_factor_auth.disable', 'user.create', 'user.promote', 'user.update']);
  });

  it('none for rules without attribution, and none for MUTED findings', () => {
    const muted = failingFindings().map((finding) => ({ ...finding, status: 'MUTED' as const }));
    expect(attributionTargets(muted, specOf)).toEqual({ findings: [], eventTypes: [] });
  });
});

describe('account settings: customer.update', () => {
  it('picks the latest matching event within the window and ignores older ones', () => {
    const result = attributed([forceOff('new', 3), forceOff('older', 10, 'u-owner'), forceOff('too-old', 45)]);
    expect(result.get('account.force-2fa ACME Corp')).toEqual({
      eventId: 'new',
      eventType: 'customer.update',
      at: daysAgo(3),
      actor: { id: 'u-tom', login: 'tom@example.com' },
      ip: '192.0.2.48',
      admin: false,
      description: "Logging 'new-test-elasticsearch' was updated on Version '63'",
    });
  });

  it('an event only outside the window attributes nothing', () => {
    expect(attributed([forceOff('too-old', 31)]).has('account.force-2fa ACME Corp')).toBe(false);
    expect(attributed([forceOff('too-old', 31)], failingFindings(), 60).get('account.force-2fa ACME Corp')?.eventId).toBe('too-old');
  });

  it('a newer change of another field is skipped; a change without metadata may be the one', () => {
    const phone = event('phone', { event_type: 'customer.update', created_at: daysAgo(1), metadata: { old: { phone_number: 'a' }, new: { phone_number: 'b' } } });
    expect(attributed([phone, forceOff('force', 2)]).get('account.force-2fa ACME Corp')?.eventId).toBe('force');
    const bare = event('bare', { event_type: 'customer.update', created_at: daysAgo(1), metadata: null });
    expect(attributed([bare, forceOff('force', 2)]).get('account.force-2fa ACME Corp')?.eventId).toBe('bare');
  });

  it('an event of a rule that did not fail attributes nothing, and a Fastly admin is shown as such', () => {
    const pci = event('pci', { event_type: 'customer.update', created_at: daysAgo(1), admin: true, metadata: { has_pci: false } });
    expect(attributed([pci]).size).toBe(0);
    const [finding] = attribute({
      findings: failingFindings({ has_pci: false }).filter((candidate) => candidate.ruleId === 'account.pci'),
      events: [pci],
      customer: customer(),
      users,
      now: NOW,
      days: 30,
      specOf,
    });
    expect(finding?.attribution).toMatchObject({ eventId: 'pci', admin: true, actor: { id: 'u-owner', login: 'owner@example.com' } });
  });
});

describe("a user's 2FA: two_factor_auth.disable", () => {
  it('the user who turned it off, newest first; an event of another user is not theirs', () => {
    const result = attributed([
      event('dev-off', { event_type: 'two_factor_auth.disable', created_at: daysAgo(1), user_id: 'u-dev' }),
      event('tom-off', { event_type: 'two_factor_auth.disable', created_at: daysAgo(2), user_id: 'u-tom', ip: '203.0.113.45, 203.0.113.45' }),
      event('tom-old', { event_type: 'two_factor_auth.disable', created_at: daysAgo(20), user_id: 'u-tom' }),
    ]);
    expect(result.get('user.2fa-enabled tom@example.com')).toMatchObject({ eventId: 'tom-off', ip: '203.0.113.45' });
    expect(result.get('user.2fa-enabled u-dev@example.com')?.eventId).toBe('dev-off');
  });

  it('an administrator turning off someone else’s 2FA is attributed to that user’s finding, by the administrator', () => {
    const byAdmin = event('admin-off', { event_type: 'two_factor_auth.disable', created_at: daysAgo(1), user_id: 'u-tom', metadata: { user_id: 'u-dev' } });
    const result = attributed([byAdmin]);
    expect(result.get('user.2fa-enabled u-dev@example.com')).toMatchObject({ eventId: 'admin-off', actor: { id: 'u-tom', login: 'tom@example.com' } });
    expect(result.has('user.2fa-enabled tom@example.com')).toBe(false);
  });

  it('an actor no longer among the users keeps the id, without a login', () => {
    const result = attributed([event('gone', { event_type: 'two_factor_auth.disable', created_at: daysAgo(1), user_id: 'u-gone', metadata: { login: 'u-dev@example.com' } })]);
    expect(result.get('user.2fa-enabled u-dev@example.com')?.actor).toEqual({ id: 'u-gone', login: null });
  });
});

describe('a new superuser: user.create, user.promote, user.update', () => {
  it('the promotion of a counted superuser, found by the description when the metadata names no one', () => {
    const promote = event('promote', {
      event_type: 'user.promote',
      created_at: daysAgo(5),
      description: 'User lena@example.com was promoted to superuser',
      metadata: { old: { role: 'engineer' }, new: { role: 'superuser' } },
    });
    expect(attributed([promote]).get('user.superuser-count ACME Corp')).toMatchObject({ eventId: 'promote', eventType: 'user.promote' });
  });

  it('ignores a user.update that does not show the superuser role, and a user.create of another role', () => {
    const rename = event('rename', { event_type: 'user.update', created_at: daysAgo(1), metadata: { user_id: 'u-lena', old: { name: 'L' }, new: { name: 'Lena' } } });
    const viewer = event('viewer', { event_type: 'user.create', created_at: daysAgo(1), metadata: { login: 'tom@example.com', role: 'tls_viewer' } });
    const madeSuper = event('made-super', { event_type: 'user.update', created_at: daysAgo(4), metadata: { user_id: 'u-tom', new: { role: 'superuser' } } });
    expect(attributed([rename, viewer, madeSuper]).get('user.superuser-count ACME Corp')?.eventId).toBe('made-super');
  });

  it('an event about a user who is not a superuser explains nothing', () => {
    const devPromoted = event('dev', { event_type: 'user.promote', created_at: daysAgo(1), metadata: { user_id: 'u-dev' } });
    expect(attributed([devPromoted]).has('user.superuser-count ACME Corp')).toBe(false);
  });
});

it('leaves findings that no event explains as they were, in the same order', () => {
  const findings = failingFindings();
  const result = attribute({ findings, events: [], customer: customer(), users, now: NOW, days: 30, specOf });
  expect(result).toEqual(findings);
});
