/**
 * The fleet benchmark (issue 12): 1,000 simulated accounts, each response delayed by the injected
 * latency, audited through the fleet runner the command line uses (lambda/fleet/runner.ts) at
 * each concurrency. The lower bound is the waves of accounts times one account's sequential round
 * trips times the latency: ceil(accounts / concurrency) x round trips x latency.
 */
import { fileURLToPath } from 'node:url';
import { runAudit } from '../../lambda/audit.js';
import { createFastlyClient } from '../../lambda/fastly/client.js';
import { auditFleet } from '../../lambda/fleet/runner.js';
import type { Policy } from '../../lambda/policy/schema.js';
import { demoSeed } from '../../simulator/index.js';
import { countRoundTrips } from './round-trips.js';
import { startServerProcess } from './server-process.js';

const SERVER_ENTRY = fileURLToPath(new URL('./fleet-server.ts', import.meta.url));
/** The token of account a<index>, as fleet-server.ts gives it. */
const token = (index: number): string => `bench-fleet-${index}`;

export interface FleetPoint {
  concurrency: number;
  wallMs: number;
  lowerBoundMs: number;
  ratio: number;
  errors: number;
}

export interface FleetBench {
  accounts: number;
  injectedMs: number;
  /** Sequential requests one account's audit makes. */
  roundTrips: number;
  points: FleetPoint[];
}

export async function measureFleet(options: { accounts: number; injectedMs: number; concurrencies: number[]; policy: Policy }): Promise<FleetBench> {
  const roundTrips = await countRoundTrips(demoSeed(), options.policy, token(0));
  const server = await startServerProcess(SERVER_ENTRY, [String(options.accounts), String(options.injectedMs)]);
  const names = Array.from({ length: options.accounts }, (_, index) => ({ name: `a${index}`, index }));
  const run = (concurrency: number, accounts = names) =>
    auditFleet(accounts, {
      concurrency,
      modeOf: () => 'plan',
      runIdOf: (account) => `bench-${account.name}`,
      audit: (account, runId) => runAudit({ api: createFastlyClient({ token: token(account.index), baseUrl: server.url }), policy: options.policy, mode: 'plan', runId }),
    });
  try {
    // Unmeasured: the first requests of a process pay for JIT and connection set-up.
    await run(10, names.slice(0, 20));
    const points: FleetPoint[] = [];
    for (const concurrency of options.concurrencies) {
      const started = performance.now();
      const audits = await run(concurrency);
      const wallMs = performance.now() - started;
      const lowerBoundMs = Math.ceil(options.accounts / concurrency) * roundTrips * options.injectedMs;
      points.push({ concurrency, wallMs, lowerBoundMs, ratio: wallMs / lowerBoundMs, errors: audits.filter(({ report }) => report.status === 'ERROR').length });
    }
    return { accounts: options.accounts, injectedMs: options.injectedMs, roundTrips, points };
  } finally {
    await server.stop();
  }
}
