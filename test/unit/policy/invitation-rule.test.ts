/** invitation.stale: pending too long, expired, or sent outside user.email-domain's allowed domains. */
import type { Invitation } from '../../../lambda/fastly/access-schemas.js';
import { evaluatePolicy } from '../../../lambda/policy/evaluate.js';
import { staleInvitationRule } from '../../../lambda/policy/rules/invitation-stale.js';
import { ruleSettings } from '../../../lambda/policy/settings.js';
import { invitation } from '../../helpers/access-fixtures.js';
import { customer, daysAgo, NOW, owner, policy } from '../../helpers/policy-fixtures.js';

function judge(invitations: Invitation[], allowedDomains: string[] = [], rules: Record<string, unknown> = {}) {
  const settings = ruleSettings(policy({ rules: { 'invitation.stale': rules } }), 'invitation.stale');
  return [
    ...staleInvitationRule.evaluate({ customer: customer(), users: [], tokens: [], invitations, settings, peers: { allowedDomains }, now: NOW }),
  ];
}

const statuses = (outcomes: ReturnType<typeof judge>) => outcomes.map((outcome) => [outcome.subject.name, outcome.status, outcome.severity]);

it('passes an invitation sent within maxPendingDays, fails one pending longer', () => {
  const outcomes = judge([invitation('fresh', { created_at: daysAgo(6) }), invitation('stale', { created_at: daysAgo(8) })]);
  expect(statuses(outcomes)).toEqual([
    ['fresh@example.com', 'PASS', undefined],
    ['stale@example.com', 'FAIL', undefined],
  ]);
  expect(outcomes[1]?.message).toMatch(/^Invitation to stale@example\.com has been pending for 8 days \(sent .*\), more than 7\.$/);
  expect(outcomes[1]?.subject).toEqual({ type: 'invitation', id: 'stale', name: 'stale@example.com' });
});

it('says when an old invitation has expired (status_code 0), and follows maxPendingDays', () => {
  const [expired] = judge([invitation('gone', { created_at: daysAgo(20), status_code: 0 })]);
  expect(expired?.message).toMatch(/more than 7, and has expired\.$/);
  expect(statuses(judge([invitation('recent', { created_at: daysAgo(3) })], [], { maxPendingDays: 2 }))).toEqual([['recent@example.com', 'FAIL', undefined]]);
});

it("fails an invitation outside user.email-domain's allowed domains, with both problems when stale too", () => {
  const outcomes = judge(
    [
      invitation('inside', { email: 'new.hire@Example.com' }),
      invitation('outside', { email: 'freelancer@outlook.com' }),
      invitation('both', { email: 'old@outlook.com', created_at: daysAgo(30) }),
      invitation('none', { email: null }),
    ],
    ['example.com'],
  );
  expect(statuses(outcomes)).toEqual([
    ['new.hire@Example.com', 'PASS', undefined],
    ['freelancer@outlook.com', 'FAIL', undefined],
    ['old@outlook.com', 'FAIL', undefined],
    ['none', 'FAIL', undefined],
  ]);
  expect(outcomes[1]?.message).toBe('Invitation to freelancer@outlook.com goes to outlook.com, outside the allowed domains (example.com).');
  expect(outcomes[2]?.message).toMatch(/has been pending for 30 days .*; it goes to outlook\.com, outside the allowed domains \(example\.com\)\.$/);
});

it('a superuser invitation is medium; a deleted one is not judged; one without created_at cannot pass', () => {
  const outcomes = judge([
    invitation('admin', { role: 'superuser', created_at: daysAgo(10) }),
    invitation('admin2', { role: 'engineer', roles: ['superuser'], created_at: daysAgo(10) }),
    invitation('deleted', { created_at: daysAgo(40), deleted_at: daysAgo(1) }),
    invitation('undated', { created_at: null }),
  ]);
  expect(statuses(outcomes)).toEqual([
    ['admin@example.com', 'FAIL', 'medium'],
    ['admin2@example.com', 'FAIL', 'medium'],
    ['undated@example.com', 'NOT_APPLICABLE', undefined],
  ]);
  expect(outcomes[0]?.message).toMatch(/^Superuser invitation to admin@example\.com/);
});

it('reads the allowed domains from the user.email-domain block, and mutes by email', () => {
  const evaluation = evaluatePolicy({
    customer: customer(),
    users: [owner()],
    tokens: [],
    invitations: [invitation('out', { email: 'Contractor@Outlook.com' }), invitation('out2', { email: 'other@outlook.com' })],
    policy: policy({
      rules: { 'user.email-domain': { allowedDomains: ['example.com'] } },
      exceptions: [{ rule: 'invitation.stale', subject: 'contractor@outlook.com', reason: 'agency onboarding', expires: '2026-07-01' }],
    }),
    now: NOW,
  });
  const findings = evaluation.findings.filter((finding) => finding.ruleId === 'invitation.stale');
  expect(findings.map((finding) => [finding.subject.name, finding.status])).toEqual([
    ['other@outlook.com', 'FAIL'],
    ['Contractor@Outlook.com', 'MUTED'],
  ]);
  expect(evaluation.summary.invitationsChecked).toBe(2);
});
