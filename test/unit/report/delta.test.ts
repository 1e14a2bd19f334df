import { changeKind, computeDelta, shouldNotify, withDelta as deltaWithHistory } from '../../../lambda/report/delta.js';
import type { Report } from '../../../lambda/report/model.js';
import { makeReport, passingReport, userLogin, withFindingsFixed } from '../../helpers/report-fixtures.js';

function idOf(report: Report, login: string): string {
  const finding = report.findings.find((candidate) => candidate.subject.name === login);
  if (!finding) throw new Error(`no finding for ${login}`);
  return finding.id;
}

function withDelta(current: Report, previous: Report | undefined): Report {
  const delta = computeDelta(current, previous);
  return delta ? { ...current, delta } : current;
}

describe('computeDelta', () => {
  it('is undefined without a previous report', () => {
    expect(computeDelta(makeReport(), undefined)).toBeUndefined();
  });

  it('sorts failing finding ids into new, resolved and unchanged, ignoring muted and not applicable', () => {
    const previous = makeReport({ failingUsers: 2 });
    const current = makeReport({ failingUsers: 3 });
    // user 1 fixed 2FA since the previous run.
    current.findings = current.findings.filter((finding) => finding.subject.name !== userLogin(1));
    const delta = computeDelta(current, previous)!;
    expect(delta.new).toEqual([idOf(current, userLogin(3))]);
    expect(delta.resolved).toEqual([idOf(previous, userLogin(1))]);
    expect(delta.unchanged).toHaveLength(3); // owner-2fa, force-2fa, user 2
    expect(delta.unchanged).toContain(idOf(current, userLogin(2)));
    expect(delta.unchanged).not.toContain(idOf(current, 'ci-bot@example.com'));
    expect(delta.previousStatus).toBe('FAIL');
  });

  it('counts a finding fixed and verified in this run as resolved', () => {
    const previous = makeReport({ failingUsers: 1 });
    const current = withFindingsFixed(makeReport({ failingUsers: 1 }), ['account.force-2fa']);
    const fixed = current.findings.find((finding) => finding.status === 'FIXED')!;

    const delta = computeDelta(current, previous)!;

    expect(delta.resolved).toEqual([fixed.id]);
    expect(delta.new).toEqual([]);
    expect(delta.unchanged).not.toContain(fixed.id);
    expect(changeKind({ ...current, delta })).toBe('RESOLVED');
  });

  it('counts a finding that became muted as resolved (it no longer fails)', () => {
    const previous = makeReport({ failingUsers: 1 });
    const current = makeReport({ failingUsers: 1 });
    current.findings = current.findings.map((finding) =>
      finding.subject.name === userLogin(1) ? { ...finding, status: 'MUTED' as const } : finding,
    );
    expect(computeDelta(current, previous)!.resolved).toEqual([idOf(previous, userLogin(1))]);
  });

  it('does not call findings resolved when their rule could not be evaluated this run', () => {
    const previous = makeReport({ failingUsers: 2 });
    const current = makeReport({ failingUsers: 0, errors: [{ message: 'could not read users', status: 403 }] });
    current.rules = current.rules.map((rule) => (rule.ruleId.startsWith('user.') ? { ...rule, status: 'ERROR' as const } : rule));
    expect(computeDelta(current, previous)!.resolved).toEqual([]);
  });
});

describe('changeKind', () => {
  it('is FIRST_RUN without a delta', () => {
    expect(changeKind(makeReport())).toBe('FIRST_RUN');
  });

  it('is NEW when anything is new, even if other findings were resolved', () => {
    const previous = makeReport({ failingUsers: 1 });
    const current = makeReport({ failingUsers: 2 });
    current.findings = current.findings.filter((finding) => finding.subject.name !== userLogin(1));
    expect(changeKind(withDelta(current, previous))).toBe('NEW');
  });

  it('is RESOLVED when findings were resolved and none is new', () => {
    expect(changeKind(withDelta(makeReport({ failingUsers: 1 }), makeReport({ failingUsers: 2 })))).toBe('RESOLVED');
  });

  it('is RESOLVED when only the status changed (e.g. ERROR -> FAIL with the same findings)', () => {
    const report = withDelta(makeReport(), makeReport());
    report.delta!.previousStatus = 'ERROR';
    expect(changeKind(report)).toBe('RESOLVED');
  });

  it('is UNCHANGED when the same findings fail with the same status', () => {
    expect(changeKind(withDelta(makeReport(), makeReport()))).toBe('UNCHANGED');
    expect(changeKind(withDelta(passingReport(), passingReport()))).toBe('UNCHANGED');
  });
});

describe('shouldNotify', () => {
  const unchanged = withDelta(makeReport(), makeReport());

  it('always notifies in always mode', () => {
    expect(shouldNotify(unchanged, 'always')).toBe(true);
  });

  it('in change mode stays quiet when nothing changed', () => {
    expect(shouldNotify(unchanged, 'change')).toBe(false);
    expect(shouldNotify(withDelta(passingReport(), passingReport()), 'change')).toBe(false);
  });

  it('in change mode notifies on new, resolved, status change and first run', () => {
    expect(shouldNotify(withDelta(makeReport({ failingUsers: 3 }), makeReport()), 'change')).toBe(true);
    expect(shouldNotify(withDelta(makeReport({ failingUsers: 1 }), makeReport()), 'change')).toBe(true);
    expect(shouldNotify(withDelta(passingReport(), makeReport()), 'change')).toBe(true);
    expect(shouldNotify(makeReport(), 'change')).toBe(true);
  });

  it('in change mode always notifies an ERROR run, even one like the last', () => {
    const errorRun = makeReport({ errors: [{ message: 'boom' }] });
    const report = withDelta(errorRun, makeReport({ errors: [{ message: 'boom' }] }));
    expect(changeKind(report)).toBe('UNCHANGED');
    expect(shouldNotify(report, 'change')).toBe(true);
  });
});

describe('the delta against a bounded archived report', () => {
  /** A previous report of three failing users whose third finding the archive only counted. */
  function boundedPrevious(): { previous: Report; cutId: string } {
    const full = makeReport({ failingUsers: 3 });
    const cutId = idOf(full, userLogin(3));
    const previous: Report = {
      ...full,
      findings: full.findings.filter((finding) => finding.id !== cutId),
      rules: full.rules.map((rule) => (rule.ruleId === 'user.2fa-enabled' ? { ...rule, truncated: 1, truncatedFailingIds: [cutId] } : rule)),
    };
    return { previous, cutId };
  }

  it('counts the failing ids the archive only listed on the rule row as failing before', () => {
    const { previous, cutId } = boundedPrevious();
    const delta = computeDelta(makeReport({ failingUsers: 3 }), previous)!;

    expect(delta.new).toEqual([]);
    expect(delta.unchanged).toContain(cutId);
  });

  it('resolves an id the archive only listed on the rule row once it no longer fails', () => {
    const { previous, cutId } = boundedPrevious();
    expect(computeDelta(makeReport({ failingUsers: 2 }), previous)?.resolved).toEqual([cutId]);
  });
});

describe('withDelta after an ERROR run', () => {
  const previous = makeReport({ runId: 'complete', startedAt: '2026-03-13T02:00:00.000Z' });
  const current = makeReport({ runId: 'now', startedAt: '2026-03-15T02:00:00.000Z' });
  const lastRun = (status: 'PASS' | 'FAIL' | 'ERROR', customerId: string, startedAt = '2026-03-14T02:00:00.000Z') => ({ runId: 'between', startedAt, status, customerId });

  it('compares findings with the last complete report, and changes from the ERROR in between: RESOLVED', () => {
    const report = deltaWithHistory(current, previous, lastRun('ERROR', current.customer.id));
    expect(report.delta).toMatchObject({ new: [], resolved: [], previousStatus: 'ERROR' });
    expect(changeKind(report)).toBe('RESOLVED');
    expect(shouldNotify(report, 'change')).toBe(true);
  });

  it('counts an ERROR of a run that could not tell the account (unknown)', () => {
    expect(deltaWithHistory(current, previous, lastRun('ERROR', 'unknown')).delta?.previousStatus).toBe('ERROR');
  });

  it('ignores a last run of another account, one before the complete report, and one that did not error', () => {
    expect(deltaWithHistory(current, previous, lastRun('ERROR', 'another-customer')).delta?.previousStatus).toBe('FAIL');
    expect(deltaWithHistory(current, previous, lastRun('ERROR', current.customer.id, '2026-03-12T02:00:00.000Z')).delta?.previousStatus).toBe('FAIL');
    expect(deltaWithHistory(current, previous, lastRun('FAIL', current.customer.id)).delta?.previousStatus).toBe('FAIL');
    expect(changeKind(deltaWithHistory(current, previous, undefined))).toBe('UNCHANGED');
  });
});

describe('changeKind without a delta', () => {
  it('is FIRST_RUN when there was no previous report, UNKNOWN when it could not be read', () => {
    expect(changeKind(makeReport())).toBe('FIRST_RUN');
    const unreadable = makeReport({ errors: [{ message: 'The previous report could not be read from s3://b/latest/x.json: NoSuchBucket', operation: 'read_previous_report' }] });
    expect(changeKind(unreadable)).toBe('UNKNOWN');
  });
});
