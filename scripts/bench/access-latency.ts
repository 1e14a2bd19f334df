/**
 * Access latency: a report-only audit that also reads the account's tokens, invitations and audit
 * log (every rule and the attribution on), against the generated account of 1,000 tokens and
 * 50,000 events behind a simulator in its own process with a fixed delay on every response. Its
 * network lower bound is the round trips it must make one after another (round-trips.ts) times
 * the delay: what is above it is the auditor's own work and the simulator's.
 */
import type { Policy } from '../../lambda/policy/schema.js';
import { accessPolicy, accessSeed, ACCESS_SIZES } from './access-account.js';
import { audit, BENCH_TOKEN, startLatencyServer, timed } from './latency.js';
import { countRoundTrips } from './round-trips.js';
import { median } from './stats.js';

export interface AccessLatencyResult {
  injectedMs: number;
  tokens: number;
  events: number;
  /** Round trips one audit waits for one after another. */
  roundTrips: number;
  auditMs: number;
}

export async function measureAccessLatency(options: { runs: number; injectedMs: number; policy: Policy }): Promise<AccessLatencyResult> {
  const seed = accessSeed();
  const policy = accessPolicy(options.policy, seed);
  const roundTrips = await countRoundTrips(seed, policy, BENCH_TOKEN);
  const server = await startLatencyServer(options.injectedMs, 'access');
  try {
    // One unmeasured run: the first requests of a process pay for JIT and module set-up. It also
    // proves the audit read everything it is timed for.
    const report = await audit(server.url, policy);
    const tokens = ACCESS_SIZES.tokens + ACCESS_SIZES.automationTokens;
    if (report.status === 'ERROR' || report.summary.tokensChecked !== tokens) {
      throw new Error(`the access audit did not read the account: ${report.errors.map((error) => error.message).join('; ') || `${report.summary.tokensChecked} tokens`}`);
    }
    const times: number[] = [];
    for (let round = 0; round < options.runs; round += 1) times.push(await timed(() => audit(server.url, policy)));
    return { injectedMs: options.injectedMs, tokens, events: ACCESS_SIZES.events, roundTrips, auditMs: median(times) };
  } finally {
    await server.stop();
  }
}
