/**
 * The benchmark's result (the `--json` output, field for field), the goals of issue 7, and the
 * readable table. Pure functions of the measured figures.
 */
import type { FleetBench } from './fleet.js';
import type { HandlerMemoryPoint } from './handler-memory.js';
import type { WatchBench } from './watch.js';
import { round } from './stats.js';

export interface BenchResult {
  latency: { injectedMs: number; auditMs: number; lowerBoundMs: number; ratio: number };
  /** The audit with tokens, invitations and the audit log read, on 1,000 tokens and 50,000 events. */
  access: { tokens: number; events: number; injectedMs: number; roundTrips: number; auditMs: number; lowerBoundMs: number; ratio: number };
  scale: { users: number; cpuMs: number; peakRssMb: number }[];
  /** Whole Lambda runs, bundled like the handler: scripts/bench/handler-memory.ts. */
  handlerMemory: HandlerMemoryPoint[];
  /** A fleet through the fleet runner: scripts/bench/fleet.ts. */
  fleet: FleetBench;
  /** One watch pass over a fleet at the Lambda's concurrency: scripts/bench/watch.ts. */
  watch: WatchBench;
  bundle: { bytes: number; coldImportMs: number };
  peer: { bundleBytes: number; coldImportMs: number; auditMs: number };
}

export interface GoalCheck {
  goal: string;
  actual: string;
  met: boolean;
}

export const GOALS = {
  maxLatencyRatio: 1.1,
  maxAccessLatencyRatio: 1.15,
  scaleUsers: 100_000,
  maxScaleCpuMs: 1000,
  maxScalePeakRssMb: 256,
  maxBundleShareOfPeer: 1 / 4,
  /** The function's default memory: a run of the largest account must fit it. */
  handlerMemoryMb: 512,
  maxColdImportShareOfPeer: 1 / 2,
  /** A fleet's wall time against ceil(accounts / concurrency) x round trips x latency. */
  maxFleetRatio: 1.25,
  /** A watch pass of 1,000 accounts must end well inside a 5-minute schedule. */
  maxWatchWallMs: 10_000,
} as const;

/** The watch's goal and its row of the table: shared by the whole benchmark and `--only watch`. */
export function watchGoal(watch: WatchBench): GoalCheck {
  return {
    goal: `watch pass of ${watch.accounts.toLocaleString('en-US')} accounts at concurrency ${watch.concurrency}: wall < ${GOALS.maxWatchWallMs / 1000} s`,
    actual: `${(watch.wallMs / 1000).toFixed(2)} s, ${watch.ratio.toFixed(3)} x its lower bound${watch.failing > 0 ? ` (${watch.failing} accounts failing)` : ''}`,
    met: watch.wallMs < GOALS.maxWatchWallMs && watch.failing === 0,
  };
}

export function watchRows(watch: WatchBench): string[][] {
  const number = (value: number): string => value.toLocaleString('en-US');
  return [
    [
      `watch pass of ${number(watch.accounts)} accounts, concurrency ${watch.concurrency}, nothing changed (lower bound ${number(watch.lowerBoundMs)} ms: ceil(accounts / concurrency) x ${watch.roundTrips} round trips x ${watch.injectedMs} ms)`,
      `${number(Math.round(watch.wallMs))} ms, ratio ${watch.ratio.toFixed(3)}`,
      '',
    ],
    ['  the baseline pass before it (every state written)', `${number(Math.round(watch.baselineWallMs))} ms`, ''],
  ];
}

export function checkGoals(result: BenchResult): GoalCheck[] {
  const largest = result.scale.find((point) => point.users === GOALS.scaleUsers);
  const runPeaks = result.handlerMemory.filter((point) => point.users === GOALS.scaleUsers).flatMap((point) => [point.firstRunPeakRssMb, point.peakRssMb]);
  const worstRunMb = runPeaks.length > 0 ? Math.max(...runPeaks) : undefined;
  const bundleShare = result.bundle.bytes / result.peer.bundleBytes;
  const importShare = result.bundle.coldImportMs / result.peer.coldImportMs;
  return [
    {
      goal: `audit / lower bound <= ${GOALS.maxLatencyRatio.toFixed(2)}`,
      actual: result.latency.ratio.toFixed(3),
      met: result.latency.ratio <= GOALS.maxLatencyRatio,
    },
    {
      goal: `with tokens and audit log: audit / lower bound <= ${GOALS.maxAccessLatencyRatio.toFixed(2)}`,
      actual: result.access.ratio.toFixed(3),
      met: result.access.ratio <= GOALS.maxAccessLatencyRatio,
    },
    {
      goal: `${GOALS.scaleUsers.toLocaleString('en-US')} users: CPU < ${GOALS.maxScaleCpuMs} ms`,
      actual: largest ? `${largest.cpuMs} ms` : 'not measured',
      met: largest !== undefined && largest.cpuMs < GOALS.maxScaleCpuMs,
    },
    {
      goal: `${GOALS.scaleUsers.toLocaleString('en-US')} users: peak RSS < ${GOALS.maxScalePeakRssMb} MB`,
      actual: largest ? `${largest.peakRssMb} MB` : 'not measured',
      met: largest !== undefined && largest.peakRssMb < GOALS.maxScalePeakRssMb,
    },
    {
      goal: `${GOALS.scaleUsers.toLocaleString('en-US')} users, whole Lambda run: peak RSS < ${GOALS.handlerMemoryMb} MB (default memory)`,
      actual: worstRunMb === undefined ? 'not measured' : `${worstRunMb} MB`,
      met: worstRunMb !== undefined && worstRunMb < GOALS.handlerMemoryMb,
    },
    {
      goal: 'bundle <= 1/4 of the peer bundle',
      actual: `${round(bundleShare, 3)} of it`,
      met: bundleShare <= GOALS.maxBundleShareOfPeer,
    },
    {
      goal: "cold import <= 1/2 of the peer's",
      actual: `${round(importShare, 3)} of it`,
      met: importShare <= GOALS.maxColdImportShareOfPeer,
    },
    ...result.fleet.points.map((point) => ({
      goal: `fleet of ${result.fleet.accounts.toLocaleString('en-US')} at concurrency ${point.concurrency}: wall / lower bound <= ${GOALS.maxFleetRatio.toFixed(2)}`,
      actual: `${point.ratio.toFixed(3)}${point.errors > 0 ? ` (${point.errors} accounts in ERROR)` : ''}`,
      met: point.ratio <= GOALS.maxFleetRatio && point.errors === 0,
    })),
    watchGoal(result.watch),
    {
      goal: 'audit no slower than the peer',
      actual: `${result.latency.auditMs} ms vs ${result.peer.auditMs} ms`,
      met: result.latency.auditMs <= result.peer.auditMs,
    },
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

const number = (value: number): string => value.toLocaleString('en-US');

/** Figures the table shows beside the result: they explain it, and are not part of the JSON. */
export interface BenchDetails {
  /** The auditor's client doing just the peer's fetch. */
  fetchMs: number;
}

export function renderTable(
  result: BenchResult,
  details: BenchDetails,
  context: { date: string; machine: string; runs: number },
): string {
  const { latency, access, bundle, peer } = result;
  const measures = table([
    ['measure', 'auditor', 'peer (official fastly client)'],
    [`audit wall time, ${latency.injectedMs} ms injected per response`, `${latency.auditMs} ms`, `${peer.auditMs} ms`],
    ['  the same fetch alone (customer, then users)', `${details.fetchMs} ms`, `${peer.auditMs} ms`],
    ['  lower bound (sequential round trips x injected)', `${latency.lowerBoundMs} ms`, ''],
    ['  ratio audit / lower bound', latency.ratio.toFixed(3), ''],
    [
      `audit with tokens and audit log (${number(access.tokens)} tokens, ${number(access.events)} events), ${access.injectedMs} ms injected`,
      `${access.auditMs} ms`,
      '',
    ],
    [`  lower bound (${access.roundTrips} sequential round trips x injected)`, `${access.lowerBoundMs} ms`, ''],
    ['  ratio audit / lower bound', access.ratio.toFixed(3), ''],
    ['bundle (.mjs, handler esbuild options)', `${number(bundle.bytes)} B`, `${number(peer.bundleBytes)} B`],
    ['cold import in a new node process', `${bundle.coldImportMs} ms`, `${peer.coldImportMs} ms`],
    ...result.handlerMemory.map((point) => [
      `Lambda run, ${number(point.users)} users, policy ${point.policy} (first / later run)`,
      `${point.firstRunPeakRssMb} / ${point.peakRssMb} MB peak RSS, archive ${number(point.archivedReportBytes)} B JSON, ${number(point.archivedHtmlBytes)} B HTML, ${number(point.archivedCsvBytes)} B CSV`,
      '',
    ]),
    ...result.fleet.points.map((point) => [
      `fleet of ${number(result.fleet.accounts)} accounts, concurrency ${point.concurrency} (lower bound ${number(point.lowerBoundMs)} ms: ceil(accounts / concurrency) x ${result.fleet.roundTrips} round trips x ${result.fleet.injectedMs} ms)`,
      `${number(point.wallMs)} ms, ratio ${point.ratio.toFixed(3)}`,
      '',
    ]),
    ...watchRows(result.watch),
    ...result.scale.map((point) => [
      `evaluation of ${number(point.users)} users (child process)`,
      `${point.cpuMs} ms CPU, ${point.peakRssMb} MB peak RSS`,
      '',
    ]),
  ]);
  const goals = table([
    ['goal', 'actual', ''],
    ...checkGoals(result).map((check) => [check.goal, check.actual, check.met ? 'met' : 'MISSED']),
  ]);
  return `Benchmark ${context.date}, ${context.machine}; timings are medians of ${context.runs} runs.\n\n${measures}\n\n${goals}\n`;
}
