import { RULES } from '../../../lambda/policy/catalog.js';
import { compareWithState, type Comparison } from '../../../lambda/watch/compare.js';
import { evaluateWatchedRules, WATCHED_FIELDS, WATCHED_RULE_IDS } from '../../../lambda/watch/rules.js';
import { buildState, type WatchState } from '../../../lambda/watch/state.js';

const CUSTOMER = { id: 'c-1', name: 'ACME Corp', force_2fa: true, force_sso: true, has_pci: true, has_pci_passwords: true, ip_whitelist: '198.51.100.0/24' };
const POLICY = { version: 1 as const };
const NOW = new Date('2026-12-01T10:00:00Z');

function stateOf(customer: Record<string, unknown>, at = NOW): WatchState {
  return buildState({ id: 'c-1', name: 'ACME Corp' }, evaluateWatchedRules(customer, POLICY, at), at);
}

/** Runs the watch's comparison over a sequence of customers, keeping the state as the watch does. */
function watchSequence(customers: Record<string, unknown>[]): Comparison[] {
  let state: WatchState | undefined;
  return customers.map((customer) => {
    const evaluation = evaluateWatchedRules(customer, POLICY, NOW);
    const comparison = compareWithState(state, evaluation);
    if (comparison.kind !== 'unchanged') state = buildState({ id: 'c-1', name: 'ACME Corp' }, evaluation, NOW);
    return comparison;
  });
}

describe('the watched rules', () => {
  it('are exactly the catalog rules that need nothing but the customer', () => {
    const customerOnly = RULES.filter((rule) => rule.needs.length === 1 && rule.needs[0] === 'customer').map((rule) => rule.id);

    expect([...WATCHED_RULE_IDS].sort()).toEqual([...customerOnly].sort());
  });

  it('keep each field value and the status the audit gives it', () => {
    const evaluation = evaluateWatchedRules({ ...CUSTOMER, force_2fa: false, ip_whitelist: '0.0.0.0/0' }, POLICY, NOW);

    expect(evaluation.rules['account.force-2fa']).toEqual({ status: 'FAIL', value: false });
    expect(evaluation.rules['account.ip-allowlist']).toEqual({ status: 'FAIL', value: '0.0.0.0/0' });
    expect(evaluation.rules['account.pci']).toEqual({ status: 'PASS', value: true });
    expect(Object.keys(evaluation.rules).sort()).toEqual(Object.keys(WATCHED_FIELDS).sort());
  });
});

describe('compareWithState', () => {
  it('gives PASS -> FAIL -> FAIL -> PASS exactly one REGRESSION and one RECOVERY', () => {
    const comparisons = watchSequence([CUSTOMER, { ...CUSTOMER, force_2fa: false }, { ...CUSTOMER, force_2fa: false }, CUSTOMER]);

    const changes = comparisons.flatMap((comparison) => (comparison.kind === 'changed' ? comparison.changes : []));
    expect(comparisons.map((comparison) => comparison.kind)).toEqual(['baseline', 'changed', 'unchanged', 'changed']);
    expect(changes.map((change) => [change.kind, change.ruleId])).toEqual([
      ['REGRESSION', 'account.force-2fa'],
      ['RECOVERY', 'account.force-2fa'],
    ]);
  });

  it('is unchanged when nothing differs', () => {
    expect(compareWithState(stateOf(CUSTOMER), evaluateWatchedRules(CUSTOMER, POLICY, NOW))).toEqual({ kind: 'unchanged' });
  });

  it('keeps a changed value that stays compliant without an alert', () => {
    const comparison = compareWithState(stateOf(CUSTOMER), evaluateWatchedRules({ ...CUSTOMER, ip_whitelist: '198.51.100.0/25' }, POLICY, NOW));

    expect(comparison).toEqual({ kind: 'changed', changes: [] });
  });

  it('lists regressions before recoveries', () => {
    const before = stateOf({ ...CUSTOMER, has_pci: false });
    const comparison = compareWithState(before, evaluateWatchedRules({ ...CUSTOMER, force_2fa: false }, POLICY, NOW));

    expect(comparison.kind === 'changed' && comparison.changes.map((change) => change.kind)).toEqual(['REGRESSION', 'RECOVERY']);
  });

  it('does not alert when a rule is turned off in the policy or muted by an exception', () => {
    const before = stateOf({ ...CUSTOMER, force_2fa: false });
    const muted = evaluateWatchedRules(
      { ...CUSTOMER, force_2fa: false, has_pci: false },
      { version: 1, rules: { 'account.pci': { enabled: false } }, exceptions: [{ rule: 'account.force-2fa', subject: 'c-1', reason: 'migration', expires: '2099-01-01' }] },
      NOW,
    );

    expect(compareWithState(before, muted)).toEqual({ kind: 'changed', changes: [] });
  });

  it('is a baseline without a state', () => {
    expect(compareWithState(undefined, evaluateWatchedRules(CUSTOMER, POLICY, NOW))).toEqual({ kind: 'baseline' });
  });
});
