import { checkState, failingRecord, failureKey, parseFailureRecord, renderState, restoredRecord, stateKey, buildState } from '../../../lambda/watch/state.js';
import { evaluateWatchedRules } from '../../../lambda/watch/rules.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const STATE = buildState({ id: 'c-1', name: 'ACME' }, evaluateWatchedRules({ id: 'c-1', force_2fa: true }, { version: 1 }, NOW), NOW);

describe('the watch state', () => {
  it('reads back what it wrote', () => {
    expect(checkState(renderState(STATE), 'c-1', 'state.json')).toEqual({ ok: true, state: STATE });
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1,', /state\.json is not valid JSON/],
    ['another shape', '{"schemaVersion": 2}', /state\.json is not a watch state \(schemaVersion: /],
    ['a report', JSON.stringify({ schemaVersion: 1, runId: 'x', customer: { id: 'c-1', name: 'n' } }), /is not a watch state/],
    ['a time that is not one', renderState({ ...STATE, observedAt: 'yesterday' }), /observedAt: must be an ISO 8601 time/],
  ])('is unusable when it is %s, saying why', (_case, text, reason) => {
    const check = checkState(text, 'c-1', 'state.json');

    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(reason);
  });

  it("is unusable when it is another customer's", () => {
    expect(checkState(renderState(STATE), 'c-2', 'state.json')).toEqual({ ok: false, reason: 'state.json is the state of customer c-1, not c-2' });
  });

  it('keys states by customer and failure records by scope, one path segment each', () => {
    expect(stateKey('c-1')).toBe('state/c-1.json');
    expect(stateKey('../x')).toBe('state/..%2Fx.json');
    expect(failureKey('prod')).toBe('state/failures/prod.json');
  });

  it('reads failure records, and an unreadable one as none', () => {
    expect(parseFailureRecord(renderState(failingRecord(NOW, 'down')))).toEqual({ schemaVersion: 1, kind: 'watch-failure', failing: true, since: NOW.toISOString(), message: 'down' });
    expect(parseFailureRecord(renderState(restoredRecord(NOW)))).toMatchObject({ failing: false });
    expect(parseFailureRecord('nope')).toBeUndefined();
    expect(parseFailureRecord('{"kind": "watch-failure"}')).toBeUndefined();
  });
});
