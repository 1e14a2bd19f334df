/**
 * The network lower bound of an audit: how many round trips it must wait for one after another.
 * Requests sent side by side cost one round trip together, so they are counted from when they
 * arrive at a simulator that delays every answer: a request arriving well after the previous
 * group started (half the delay or more) had to wait for an answer, and starts a new round trip.
 */
import { runAudit } from '../../lambda/audit.js';
import { createFastlyClient } from '../../lambda/fastly/client.js';
import type { Policy } from '../../lambda/policy/schema.js';
import { ROUTE_NAMES, startSimulator, type SimulatorSeed } from '../../simulator/index.js';


/** Long enough to tell a wait from scheduling jitter, short enough to keep the count quick. */
const PROBE_DELAY_MS = 40;

/** Round trips in arrival times (ms): a new one starts at least half the delay after the last one began. */
export function sequentialRoundTrips(arrivals: readonly number[], delayMs: number): number {
  let trips = 0;
  let started = Number.NEGATIVE_INFINITY;
  for (const at of [...arrivals].sort((a, b) => a - b)) {
    if (at - started >= delayMs / 2) {
      trips += 1;
      started = at;
    }
  }
  return trips;
}

/** The sequential round trips of one report-only audit of `seed` with `policy`, counted in this process. */
export async function countRoundTrips(seed: SimulatorSeed, policy: Policy, token: string): Promise<number> {
  const simulator = await startSimulator({ seed, token });
  try {
    for (const route of ROUTE_NAMES) simulator.setFault(route, { latencyMs: PROBE_DELAY_MS });
    const api = createFastlyClient({ token, baseUrl: simulator.url });
    const report = await runAudit({ api, policy, mode: 'plan', runId: 'bench-round-trips' });
    if (report.status === 'ERROR') throw new Error(`the audit failed: ${report.errors.map((error) => error.message).join('; ')}`);
    return sequentialRoundTrips(
      simulator.requests.map((request) => request.at),
      PROBE_DELAY_MS,
    );
  } finally {
    await simulator.stop();
  }
}
