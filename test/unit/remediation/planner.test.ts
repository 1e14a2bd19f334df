import {
  PLAN_MODE_REASON,
  REMEDIATE_OFF_REASON,
  planRemediation,
  type PlanInput,
} from '../../../lambda/remediation/planner.js';
import type { RemediationChange } from '../../../lambda/report/model.js';
import type { RemediationSettings } from '../../../lambda/remediation/types.js';
import { autoSettings, failingCustomer, finding, planInput, user, usersAllWith2fa } from '../../helpers/remediation-fixtures.js';

function changeFor(changes: RemediationChange[], ruleId: string): RemediationChange {
  const change = changes.find((c) => c.ruleId === ruleId);
  if (!change) throw new Error(`no change planned for ${ruleId}`);
  return change;
}

function withSettings(patch: { [K in keyof RemediationSettings]?: Partial<RemediationSettings[K]> }): RemediationSettings {
  const settings = autoSettings();
  return {
    'account.force-2fa': { ...settings['account.force-2fa'], ...patch['account.force-2fa'] },
    'account.force-sso': { ...settings['account.force-sso'], ...patch['account.force-sso'] },
    'account.ip-allowlist': { ...settings['account.ip-allowlist'], ...patch['account.ip-allowlist'] },
    'account.pci': { ...settings['account.pci'], ...patch['account.pci'] },
  };
}

function planOne(ruleId: string, overrides: Partial<PlanInput>): RemediationChange {
  return changeFor(planRemediation(planInput({ findings: [finding(ruleId)], ...overrides })).changes, ruleId);
}

describe('planRemediation: what is planned', () => {
  it('plans one change per failing fixable rule with field, current value and target, all accepted in apply + auto', () => {
    const plan = planRemediation(planInput());

    expect(plan.changes).toEqual([
      { ruleId: 'account.force-2fa', field: 'force_2fa', from: false, to: true, status: 'planned' },
      { ruleId: 'account.force-sso', field: 'force_sso', from: false, to: true, status: 'planned' },
      { ruleId: 'account.ip-allowlist', field: 'ip_whitelist', from: '0.0.0.0/0', to: '203.0.113.0/24', status: 'planned' },
      { ruleId: 'account.pci', field: 'has_pci', from: false, to: true, status: 'planned' },
    ]);
    expect(plan.accepted).toEqual(plan.changes);
  });

  it('records a missing current value as null', () => {
    const plan = planRemediation(planInput({ customer: { id: 'cust-acme-1' }, findings: [finding('account.pci')] }));

    expect(plan.changes).toEqual([{ ruleId: 'account.pci', field: 'has_pci', from: null, to: true, status: 'planned' }]);
  });

  it.each(['MUTED', 'ERROR', 'NOT_APPLICABLE'] as const)('does not fix %s findings', (status) => {
    const plan = planRemediation(planInput({ findings: [finding('account.force-2fa', status), finding('account.pci', status)] }));

    expect(plan.changes).toEqual([]);
    expect(plan.accepted).toEqual([]);
  });

  it('plans nothing when there are no failing findings (a compliant account)', () => {
    const compliant = failingCustomer({ force_2fa: true, force_sso: true, has_pci: true, ip_whitelist: '203.0.113.0/24' });

    expect(planRemediation(planInput({ customer: compliant, findings: [] }))).toEqual({ accepted: [], changes: [] });
  });

  it('never plans a write for rules without an automatic fix (read-only has_pci_passwords, user rules)', () => {
    const findings = [finding('account.pci-passwords'), finding('account.owner-2fa'), finding('user.2fa-enabled')];

    expect(planRemediation(planInput({ findings })).changes).toEqual([]);
  });

  it('plans nothing for a disabled rule even if a FAIL finding reaches it', () => {
    const settings = withSettings({ 'account.pci': { enabled: false } });

    expect(planRemediation(planInput({ settings, findings: [finding('account.pci')] })).changes).toEqual([]);
  });

  it('plans one change when a rule has several FAIL findings', () => {
    const plan = planRemediation(planInput({ findings: [finding('account.pci'), finding('account.pci')] }));

    expect(plan.changes).toHaveLength(1);
  });
});

describe('planRemediation: the two switches', () => {
  it('in plan mode writes nothing and says how to apply', () => {
    const plan = planRemediation(planInput({ mode: 'plan' }));

    expect(plan.accepted).toEqual([]);
    expect(plan.changes).toHaveLength(4);
    for (const change of plan.changes) {
      expect(change).toMatchObject({ status: 'planned', reason: PLAN_MODE_REASON });
    }
    expect(PLAN_MODE_REASON).toContain('--remediate');
    expect(PLAN_MODE_REASON).toContain('REMEDIATION=apply');
  });

  it('in apply mode does not write a rule whose remediate is off, and writes the others', () => {
    const settings = withSettings({ 'account.force-sso': { remediate: 'off' } });
    const plan = planRemediation(planInput({ settings }));

    expect(changeFor(plan.changes, 'account.force-sso')).toMatchObject({ status: 'planned', reason: REMEDIATE_OFF_REASON });
    expect(REMEDIATE_OFF_REASON).toContain('rule remediate is off');
    expect(plan.accepted.map((c) => c.ruleId)).toEqual(['account.force-2fa', 'account.ip-allowlist', 'account.pci']);
  });

  it('says remediate is off (not plan mode) when both switches are off: --remediate alone would not apply it', () => {
    const settings = withSettings({ 'account.pci': { remediate: 'off' } });

    expect(planOne('account.pci', { settings, mode: 'plan' })).toMatchObject({ status: 'planned', reason: REMEDIATE_OFF_REASON });
  });
});

describe('planRemediation: force-2fa guardrail', () => {
  const lacking = [
    ...usersAllWith2fa(),
    user('u-null', 'unknown@acme.example', null),
    user('u-off', 'off@acme.example', false),
    user('u-missing', 'missing@acme.example', null, { two_factor_auth_enabled: undefined }),
  ];

  it('refuses when more users lack 2FA than maxUsersLoggedOut, listing all of them and naming the count', () => {
    const change = planOne('account.force-2fa', { users: lacking });

    expect(change.status).toBe('refused');
    expect(change.reason).toContain('maxUsersLoggedOut');
    expect(change.reason).toContain('3 users lack 2FA');
    expect(change.details).toEqual({
      wouldBeLoggedOut: ['unknown@acme.example', 'off@acme.example', 'missing@acme.example'],
    });
  });

  it('refuses in plan mode too, so the plan does not promise what apply would refuse', () => {
    expect(planOne('account.force-2fa', { users: lacking, mode: 'plan' }).status).toBe('refused');
  });

  it('refuses with remediate off too, showing what would stop it once switched on', () => {
    const settings = withSettings({ 'account.force-2fa': { remediate: 'off' } });

    expect(planOne('account.force-2fa', { users: lacking, settings }).status).toBe('refused');
  });

  it('accepts when the users without 2FA are within maxUsersLoggedOut, still listing who is logged out', () => {
    const settings = withSettings({ 'account.force-2fa': { maxUsersLoggedOut: 3 } });
    const plan = planRemediation(planInput({ users: lacking, settings, findings: [finding('account.force-2fa')] }));

    expect(plan.accepted).toHaveLength(1);
    expect(plan.accepted[0]).toMatchObject({ status: 'planned', to: true });
    expect(plan.accepted[0]?.details).toEqual({
      wouldBeLoggedOut: ['unknown@acme.example', 'off@acme.example', 'missing@acme.example'],
    });
  });

  it('accepts with maxUsersLoggedOut 0 when every user has 2FA', () => {
    const plan = planRemediation(planInput({ findings: [finding('account.force-2fa')] }));

    expect(plan.accepted.map((c) => c.field)).toEqual(['force_2fa']);
    expect(plan.accepted[0]?.details).toBeUndefined();
  });
});

describe('planRemediation: force-sso guardrail', () => {
  it('refuses unless the policy states ssoConfigured', () => {
    const settings = withSettings({ 'account.force-sso': { ssoConfigured: false } });
    const change = planOne('account.force-sso', { settings });

    expect(change.status).toBe('refused');
    expect(change.reason).toContain('ssoConfigured');
  });

  it('accepts when ssoConfigured is true', () => {
    expect(planRemediation(planInput({ findings: [finding('account.force-sso')] })).accepted).toHaveLength(1);
  });
});

describe('planRemediation: ip-allowlist guardrail', () => {
  const allowlist = (patch: Partial<RemediationSettings['account.ip-allowlist']>): RemediationChange =>
    planOne('account.ip-allowlist', { settings: withSettings({ 'account.ip-allowlist': patch }) });

  it('refuses when no desired allowlist is set, planning null as the target', () => {
    const change = allowlist({ desired: undefined });

    expect(change).toMatchObject({ status: 'refused', to: null });
    expect(change.reason).toContain('"desired"');
  });

  it('refuses a desired allowlist broader than minPrefixLength', () => {
    const change = allowlist({ desired: '203.0.0.0/8', allowedRanges: undefined, auditorEgress: ['203.0.113.10'] });

    expect(change.status).toBe('refused');
    expect(change.reason).toContain('not compliant');
  });

  it('refuses a desired allowlist outside allowedRanges', () => {
    const change = allowlist({ desired: '198.51.100.0/24,203.0.113.0/24' });

    expect(change.status).toBe('refused');
    expect(change.reason).toContain('not compliant');
  });

  it('refuses the "no restriction" allowlist 0.0.0.0/0', () => {
    expect(allowlist({ desired: '0.0.0.0/0', allowedRanges: undefined }).status).toBe('refused');
  });

  it('refuses when no auditorEgress addresses are known', () => {
    const change = allowlist({ auditorEgress: [] });

    expect(change.status).toBe('refused');
    expect(change.reason).toContain('auditorEgress');
  });

  it('refuses when desired does not cover every auditor egress address (the lockout)', () => {
    const change = allowlist({ auditorEgress: ['203.0.113.10', '198.51.100.7'] });

    expect(change.status).toBe('refused');
    expect(change.reason).toContain('198.51.100.7');
    expect(change.details).toEqual({ uncovered: ['198.51.100.7'] });
  });

  it('accepts a compliant desired allowlist that covers the auditor, including wildcard entries', () => {
    const change = allowlist({ desired: '203.0.113.*', auditorEgress: ['203.0.113.10'] });

    expect(change).toMatchObject({ status: 'planned', from: '0.0.0.0/0', to: '203.0.113.*' });
    expect(change.reason).toBeUndefined();
  });
});

describe('planRemediation: no writes on partial data or a low rate limit', () => {
  it('skips every change on partial data, in apply and in plan mode, before any guardrail', () => {
    const users = [user('u-null', 'unknown@acme.example', null)];
    for (const mode of ['apply', 'plan'] as const) {
      const plan = planRemediation(planInput({ dataComplete: false, mode, users }));

      expect(plan.accepted).toEqual([]);
      expect(plan.changes).toHaveLength(4);
      for (const change of plan.changes) {
        expect(change.status).toBe('skipped');
        expect(change.reason).toContain('partial data');
      }
    }
  });

  it('skips writes when the remaining rate limit is below the default floor of 10', () => {
    const plan = planRemediation(planInput({ rateLimit: { remaining: 9, resetEpochSeconds: 1_900_000_000 } }));

    expect(plan.accepted).toEqual([]);
    for (const change of plan.changes) {
      expect(change.status).toBe('skipped');
      expect(change.reason).toContain('9 write requests left');
      expect(change.details).toEqual({ remaining: 9, resetEpochSeconds: 1_900_000_000 });
    }
  });

  it('writes when the remaining rate limit is at the floor or unknown', () => {
    expect(planRemediation(planInput({ rateLimit: { remaining: 10 } })).accepted).toHaveLength(4);
    expect(planRemediation(planInput({ rateLimit: {} })).accepted).toHaveLength(4);
  });

  it('honours a custom floor', () => {
    expect(planRemediation(planInput({ rateLimit: { remaining: 5 }, rateLimitFloor: 3 })).accepted).toHaveLength(4);
    expect(planRemediation(planInput({ rateLimit: { remaining: 5 }, rateLimitFloor: 6 })).accepted).toHaveLength(0);
  });

  it('does not report a rate-limit skip in plan mode, where nothing would be written', () => {
    const plan = planRemediation(planInput({ mode: 'plan', rateLimit: { remaining: 0 } }));

    expect(plan.changes.map((c) => c.status)).toEqual(['planned', 'planned', 'planned', 'planned']);
  });
});
