/**
 * The latency benchmark's API: the simulator's demo account with a fixed delay on every
 * response, in a process of its own as a real API would be, so its work (parsing, serializing,
 * logging requests) does not run on the event loop of the audit being timed.
 * `tsx latency-server.ts <injected ms> <token>` prints one JSON line, {"url": ...}, and stops
 * when its stdin closes.
 */
import { demoSeed, startSimulator, type RouteName } from '../../simulator/index.js';

const ROUTES: RouteName[] = ['get_logged_in_customer', 'get_customer', 'list_users', 'update_customer', 'delete_customer'];

const [injected, token] = process.argv.slice(2);
const latencyMs = Number(injected);
if (!Number.isFinite(latencyMs) || latencyMs < 0 || token === undefined) {
  throw new Error('usage: tsx latency-server.ts <injected ms> <token>');
}
const simulator = await startSimulator({ seed: demoSeed(), token });
for (const route of ROUTES) simulator.setFault(route, { latencyMs });
console.log(JSON.stringify({ url: simulator.url }));

process.stdin.on('end', () => void simulator.stop());
process.stdin.resume();
