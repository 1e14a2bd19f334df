/** Account outcomes and digests for the fleet suites: realistic counts, any status. */
import { buildDigest, type FleetDigest } from '../../lambda/fleet/digest.js';
import type { AccountOutcome } from '../../lambda/fleet/outcome.js';
import type { Severity } from '../../lambda/report/model.js';

/** A customer name that tries everything a renderer could let through. */
export const HOSTILE_CUSTOMER =
  'HOSTILE Corp\n# FORGED heading\u001b[2J\u0007 <script>alert(1)</script> [click](javascript:alert(1)) `tick` | pipe | *bold* <!channel>\u202eFORGED';

export function outcome(account: string, patch: Partial<AccountOutcome> & { severities?: Partial<Record<Severity, number>> } = {}): AccountOutcome {
  const { severities = {}, ...rest } = patch;
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0, ...severities };
  const failing = Object.values(bySeverity).reduce((total, count) => total + count, 0);
  const highest = (['critical', 'high', 'medium', 'low'] as const).find((severity) => bySeverity[severity] > 0) ?? null;
  return {
    account,
    runId: `run-${account}`,
    customer: { id: `cust-${account}`, name: `${account} customer` },
    status: failing > 0 ? 'FAIL' : 'PASS',
    highestSeverity: highest,
    failing,
    bySeverity,
    unchecked: 0,
    muted: 0,
    fixed: 0,
    usersChecked: 12,
    newFindings: 0,
    resolved: 0,
    change: 'UNCHANGED',
    errors: [],
    reportLocation: `s3://reports/reports/cust-${account}/2026/03/14/run-${account}.json`,
    notified: false,
    ...rest,
  };
}

export function errorOutcome(account: string, message: string, action = 'Create a new token and store it where the auditor reads it.'): AccountOutcome {
  return outcome(account, { status: 'ERROR', customer: { id: 'unknown', name: 'unknown customer' }, errors: [{ message, action }], newFindings: null, resolved: null, change: 'UNKNOWN', reportLocation: null });
}

export function digestOf(outcomes: AccountOutcome[], runId = 'fleet-run-1'): FleetDigest {
  return buildDigest({ runId, startedAt: '2026-03-14T03:00:00.000Z', finishedAt: '2026-03-14T03:04:00.000Z', outcomes });
}
