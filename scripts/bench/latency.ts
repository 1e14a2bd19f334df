/**
 * Latency: a report-only audit against the simulator with a fixed delay injected on every
 * response, next to the peer (the official client doing the same fetch) against the same
 * simulator in the same run. Runs alternate between the two so both see the same machine load.
 */
import { pathToFileURL } from 'node:url';
import { runAudit } from '../../lambda/audit.js';
import { createFastlyClient } from '../../lambda/fastly/client.js';
import type { Policy } from '../../lambda/policy/schema.js';
import { demoSeed, startSimulator, type RouteName } from '../../simulator/index.js';
import type { PeerAccount } from './peer-entry.js';
import { median } from './stats.js';

const BENCH_TOKEN = 'bench-token-not-a-secret';
const ROUTES: RouteName[] = ['get_logged_in_customer', 'get_customer', 'list_users', 'update_customer', 'delete_customer'];

export interface LatencyResult {
  injectedMs: number;
  /** Sequential requests one audit makes, read from the simulator's request log. */
  roundTrips: number;
  auditMs: number;
  peerAuditMs: number;
}

interface PeerModule {
  fetchAccount(baseUrl: string, token: string): Promise<PeerAccount>;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export async function measureLatency(options: { runs: number; injectedMs: number; policy: Policy; peerFile: string }): Promise<LatencyResult> {
  const peer = (await import(pathToFileURL(options.peerFile).href)) as PeerModule;
  const simulator = await startSimulator({ seed: demoSeed(), token: BENCH_TOKEN });
  try {
    for (const route of ROUTES) simulator.setFault(route, { latencyMs: options.injectedMs });
    const audit = () =>
      runAudit({ api: createFastlyClient({ token: BENCH_TOKEN, baseUrl: simulator.url }), policy: options.policy, mode: 'plan', runId: 'bench-latency' });
    const peerFetch = () => peer.fetchAccount(simulator.url, BENCH_TOKEN);

    // One unmeasured run each: the first request of a process pays for JIT and module set-up.
    simulator.clearRequests();
    const report = await audit();
    if (report.status === 'ERROR') throw new Error(`the latency audit failed: ${report.errors.map((error) => error.message).join('; ')}`);
    const roundTrips = simulator.requests.length;
    await peerFetch();

    const auditTimes: number[] = [];
    const peerTimes: number[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      auditTimes.push(await timed(audit));
      peerTimes.push(await timed(peerFetch));
    }
    return { injectedMs: options.injectedMs, roundTrips, auditMs: median(auditTimes), peerAuditMs: median(peerTimes) };
  } finally {
    await simulator.stop();
  }
}
