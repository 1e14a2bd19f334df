/**
 * Latency: a report-only audit against the simulator with a fixed delay injected on every
 * response, next to the peer (the official client doing the same fetch) against the same
 * simulator in the same run. The simulator runs in its own process (latency-server.ts); runs
 * alternate between the audit, the auditor's client doing just the peer's fetch, and the peer,
 * so all three see the same machine load.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runAudit } from '../../lambda/audit.js';
import { createFastlyClient } from '../../lambda/fastly/client.js';
import type { Policy } from '../../lambda/policy/schema.js';
import { demoSeed } from '../../simulator/index.js';
import type { PeerAccount } from './peer-entry.js';
import { countRoundTrips } from './round-trips.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { median } from './stats.js';

export const BENCH_TOKEN = 'bench-token-not-a-secret';
const SERVER_ENTRY = fileURLToPath(new URL('./latency-server.ts', import.meta.url));

export interface LatencyResult {
  injectedMs: number;
  /** Sequential requests one audit makes. */
  roundTrips: number;
  auditMs: number;
  /** The auditor's own client doing just the peer's fetch: where the audit's time goes. */
  fetchMs: number;
  peerAuditMs: number;
}

interface PeerModule {
  fetchAccount(baseUrl: string, token: string): Promise<PeerAccount>;
}

export const audit = (baseUrl: string, policy: Policy) =>
  runAudit({ api: createFastlyClient({ token: BENCH_TOKEN, baseUrl }), policy, mode: 'plan', runId: 'bench-latency' });

async function fetchOnly(baseUrl: string): Promise<void> {
  const api = createFastlyClient({ token: BENCH_TOKEN, baseUrl });
  const customer = await api.getLoggedInCustomer();
  await api.listUsers(String(customer.id));
}

export type LatencyServer = ServerProcess;

export function startLatencyServer(injectedMs: number, account: 'demo' | 'access' = 'demo'): Promise<LatencyServer> {
  return startServerProcess(SERVER_ENTRY, [String(injectedMs), BENCH_TOKEN, account]);
}

export async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export async function measureLatency(options: { runs: number; injectedMs: number; policy: Policy; peerFile: string }): Promise<LatencyResult> {
  const peer = (await import(pathToFileURL(options.peerFile).href)) as PeerModule;
  const roundTrips = await countRoundTrips(demoSeed(), options.policy, BENCH_TOKEN);
  const server = await startLatencyServer(options.injectedMs);
  try {
    const runs = {
      audit: () => audit(server.url, options.policy),
      fetch: () => fetchOnly(server.url),
      peer: () => peer.fetchAccount(server.url, BENCH_TOKEN),
    };
    const times: Record<keyof typeof runs, number[]> = { audit: [], fetch: [], peer: [] };
    // One unmeasured run each: the first request of a process pays for JIT and module set-up.
    for (const run of Object.values(runs)) await run();
    for (let round = 0; round < options.runs; round += 1) {
      for (const [name, run] of Object.entries(runs) as [keyof typeof runs, () => Promise<unknown>][]) times[name].push(await timed(run));
    }
    return {
      injectedMs: options.injectedMs,
      roundTrips,
      auditMs: median(times.audit),
      fetchMs: median(times.fetch),
      peerAuditMs: median(times.peer),
    };
  } finally {
    await server.stop();
  }
}
