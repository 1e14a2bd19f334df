/**
 * The fleet digest: one run over every account, worst first, with the fleet's totals. The model
 * every digest renderer (subject, email, Slack, terminal, markdown, the machine summary) and the
 * archive read (`digests/<yyyy>/<mm>/<dd>/<runId>.json`). Pure.
 */
import { SEVERITIES, type RunStatus, type Severity } from '../report/model.js';
import { compareOutcomes, worstStatus, type AccountOutcome } from './outcome.js';

export interface FleetTotals {
  accounts: number;
  pass: number;
  fail: number;
  error: number;
  /** Failing findings over every account. */
  failingFindings: number;
  /** Findings new since each account's previous run, over every account that has one. */
  newFindings: number;
}

export interface FleetDigest {
  kind: 'fleet-digest';
  schemaVersion: 1;
  /** The fleet run: the state machine's execution name, or the CLI's run id. */
  runId: string;
  startedAt: string;
  finishedAt: string;
  /** Present (true) only for the built-in simulator's demo fleet. */
  demo?: true;
  /** The worst account's: ERROR, else FAIL, else PASS. */
  status: RunStatus;
  /** The highest failing severity over every account, or null. */
  highestSeverity: Severity | null;
  totals: FleetTotals;
  /** Every account, worst first. */
  accounts: AccountOutcome[];
}

export function buildDigest(input: { runId: string; startedAt: string; finishedAt: string; outcomes: readonly AccountOutcome[]; demo?: boolean }): FleetDigest {
  const accounts = [...input.outcomes].sort(compareOutcomes);
  const count = (status: RunStatus) => accounts.filter((outcome) => outcome.status === status).length;
  const severities = new Set(accounts.map((outcome) => outcome.highestSeverity));
  return {
    kind: 'fleet-digest',
    schemaVersion: 1,
    runId: input.runId,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    ...(input.demo ? { demo: true as const } : {}),
    status: worstStatus(accounts.map((outcome) => outcome.status)),
    highestSeverity: SEVERITIES.find((severity) => severities.has(severity)) ?? null,
    totals: {
      accounts: accounts.length,
      pass: count('PASS'),
      fail: count('FAIL'),
      error: count('ERROR'),
      failingFindings: accounts.reduce((total, outcome) => total + outcome.failing, 0),
      newFindings: accounts.reduce((total, outcome) => total + (outcome.newFindings ?? 0), 0),
    },
    accounts,
  };
}

/** The digest as JSON, as archived and as `fleet --format json` prints it. */
export function renderDigestJson(digest: FleetDigest): string {
  return `${JSON.stringify(digest, null, 2)}\n`;
}
