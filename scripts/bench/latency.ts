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
import { demoSeed, startSimulator } from '../../simulator/index.js';
import type { PeerAccount } from './peer-entry.js';
import { startServerProcess } from './server-process.js';
import { median } from './stats.js';

const BENCH_TOKEN = 'bench-token-not-a-secret';
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

const audit = (baseUrl: string, policy: Policy) =>
  runAudit({ api: createFastlyClient({ token: BENCH_TOKEN, baseUrl }), policy, mode: 'plan', runId: 'bench-latency' });

async function fetchOnly(baseUrl: string): Promise<void> {
  const api = createFastlyClient({ token: BENCH_TOKEN, baseUrl });
  const customer = await api.getLoggedInCustomer();
  await api.listUsers(String(customer.id));
}

/** The requests one audit makes, counted on a simulator in this process (no delay needed). */
async function countRoundTrips(policy: Policy): Promise<number> {
  const simulator = await startSimulator({ seed: demoSeed(), token: BENCH_TOKEN });
  try {
    const report = await audit(simulator.url, policy);
    if (report.status === 'ERROR') throw new Error(`the latency audit failed: ${report.errors.map((error) => error.message).join('; ')}`);
    return simulator.requests.length;
  } finally {
    await simulator.stop();
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export async function measureLatency(options: { runs: number; injectedMs: number; policy: Policy; peerFile: string }): Promise<LatencyResult> {
  const peer = (await import(pathToFileURL(options.peerFile).href)) as PeerModule;
  const roundTrips = await countRoundTrips(options.policy);
  const server = await startServerProcess(SERVER_ENTRY, [String(options.injectedMs), BENCH_TOKEN]);
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
