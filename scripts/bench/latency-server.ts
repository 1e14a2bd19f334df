/**
 * The latency benchmark's API: the simulator's demo account (or, with `access`, the generated
 * account of 1,000 tokens and 50,000 events) with a fixed delay on every response, in a process
 * of its own as a real API would be, so its work (parsing, serializing, filtering, logging
 * requests) does not run on the event loop of the audit being timed.
 * `tsx latency-server.ts <injected ms> <token> [demo|access]` prints one JSON line, {"url": ...},
 * and stops when its stdin closes.
 */
import { demoSeed, ROUTE_NAMES, startSimulator } from '../../simulator/index.js';
import { accessSeed } from './access-account.js';

const [injected, token, account = 'demo'] = process.argv.slice(2);
const latencyMs = Number(injected);
if (!Number.isFinite(latencyMs) || latencyMs < 0 || token === undefined || (account !== 'demo' && account !== 'access')) {
  throw new Error('usage: tsx latency-server.ts <injected ms> <token> [demo|access]');
}
const simulator = await startSimulator({ seed: account === 'access' ? accessSeed() : demoSeed(), token });
for (const route of ROUTE_NAMES) simulator.setFault(route, { latencyMs });
console.log(JSON.stringify({ url: simulator.url }));

process.stdin.on('end', () => void simulator.stop());
process.stdin.resume();
