/**
 * The watch benchmark (issue 13): one watch pass over 1,000 simulated accounts (the fleet
 * benchmark's API: every response delayed by the injected latency, in a process of its own) at
 * the Lambda's concurrency (WATCH_CONCURRENCY), through the pass the handler runs
 * (lambda/watch/pass.ts) with the watch's Fastly client settings. The states are kept in memory
 * with the same delay per read and write, standing in for S3 (whose GETs take 10 to 30 ms: the
 * delay is pessimistic). The lower bound is ceil(accounts / concurrency) x (the GET of the account
 * + the read of its state) x latency. Measured: the baseline pass (every state written) and the
 * pass that follows (nothing changed: the pass every five minutes is).
 */
import { fileURLToPath } from 'node:url';
import { createFastlyClient } from '../../lambda/fastly/client.js';
import type { Policy } from '../../lambda/policy/schema.js';
import { WATCH_CONCURRENCY, WATCH_FASTLY_CLIENT } from '../../lambda/run/watch-budget.js';
import type { WatchStateStore } from '../../lambda/watch/account.js';
import { runWatchPass, type FailureStore, type WatchTarget } from '../../lambda/watch/pass.js';
import { renderState, type FailureRecord, type WatchState } from '../../lambda/watch/state.js';
import { startServerProcess } from './server-process.js';

const SERVER_ENTRY = fileURLToPath(new URL('./fleet-server.ts', import.meta.url));
const token = (index: number): string => `bench-fleet-${index}`;
/** Sequential round trips of an account's pass with nothing changed: GET /current_customer, then its state. */
export const WATCH_ROUND_TRIPS = 2;

export interface WatchBench {
  accounts: number;
  injectedMs: number;
  concurrency: number;
  roundTrips: number;
  /** The first pass: every state written. */
  baselineWallMs: number;
  /** The pass after it, nothing changed. */
  wallMs: number;
  lowerBoundMs: number;
  ratio: number;
  failing: number;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A bucket in memory, each call delayed like a round trip to S3. Every account of the fleet
 * server is the demo customer: states are kept per account as well as per customer.
 */
function delayedStores(latencyMs: number): { states: (scope: string) => WatchStateStore; failures: FailureStore } {
  const objects = new Map<string, string>();
  const failures = new Map<string, FailureRecord>();
  return {
    states: (scope) => ({
      describe: (customerId) => `memory:${scope}/state/${customerId}.json`,
      read: async (customerId) => {
        await delay(latencyMs);
        return objects.get(`${scope}/${customerId}`);
      },
      write: async (state: WatchState) => {
        await delay(latencyMs);
        objects.set(`${scope}/${state.customer.id}`, renderState(state));
      },
    }),
    failures: {
      read: async (scope) => {
        await delay(latencyMs);
        return failures.get(scope);
      },
      write: async (scope, record) => {
        await delay(latencyMs);
        failures.set(scope, record);
      },
    },
  };
}

export async function measureWatch(options: { accounts: number; injectedMs: number; policy: Policy }): Promise<WatchBench> {
  const server = await startServerProcess(SERVER_ENTRY, [String(options.accounts), String(options.injectedMs)]);
  try {
    const targets = (count: number, stores: ReturnType<typeof delayedStores>): WatchTarget[] =>
      Array.from({ length: count }, (_, index) => {
        const scope = `a${index}`;
        return {
          scope,
          label: scope,
          account: scope,
          policy: options.policy,
          connect: async () => createFastlyClient({ token: token(index), baseUrl: server.url, ...WATCH_FASTLY_CLIENT }),
          store: stores.states(scope),
          publish: async () => undefined,
        };
      });
    const pass = (list: WatchTarget[], stores: ReturnType<typeof delayedStores>) =>
      runWatchPass(list, { runId: 'bench-watch', concurrency: WATCH_CONCURRENCY, failures: stores.failures, publishHealth: async () => undefined });

    // Unmeasured: the first requests of a process pay for JIT and connection set-up.
    const warm = delayedStores(options.injectedMs);
    await pass(targets(20, warm), warm);

    const stores = delayedStores(options.injectedMs);
    const all = targets(options.accounts, stores);
    let started = performance.now();
    await pass(all, stores);
    const baselineWallMs = performance.now() - started;
    started = performance.now();
    const steady = await pass(all, stores);
    const wallMs = performance.now() - started;
    const unchanged = steady.accounts.filter((entry) => entry.result.ok && entry.result.comparison === 'unchanged').length;
    if (unchanged !== options.accounts - steady.accounts.filter((entry) => !entry.result.ok).length) throw new Error(`the second pass should find nothing changed, but ${options.accounts - unchanged} accounts differ`);
    const lowerBoundMs = Math.ceil(options.accounts / WATCH_CONCURRENCY) * WATCH_ROUND_TRIPS * options.injectedMs;
    return {
      accounts: options.accounts,
      injectedMs: options.injectedMs,
      concurrency: WATCH_CONCURRENCY,
      roundTrips: WATCH_ROUND_TRIPS,
      baselineWallMs,
      wallMs,
      lowerBoundMs,
      ratio: wallMs / lowerBoundMs,
      failing: steady.accounts.filter((entry) => !entry.result.ok).length,
    };
  } finally {
    await server.stop();
  }
}
