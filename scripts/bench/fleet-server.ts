/**
 * The fleet benchmark's API: a fleet simulator of N demo accounts (token bench-fleet-<i>) with a
 * fixed delay on every response, in a process of its own so its work does not run on the event
 * loop of the fleet being timed. `tsx fleet-server.ts <accounts> <injected ms>` prints one JSON
 * line, {"url": ...}, and stops when its stdin closes.
 */
import { demoSeed, ROUTE_NAMES, startFleetSimulator } from '../../simulator/index.js';

const [count, injected] = process.argv.slice(2);
const accounts = Number(count);
const latencyMs = Number(injected);
if (!Number.isInteger(accounts) || accounts < 1 || !Number.isFinite(latencyMs) || latencyMs < 0) {
  throw new Error('usage: tsx fleet-server.ts <accounts> <injected ms>');
}
const seed = demoSeed();
const fleet = await startFleetSimulator(Array.from({ length: accounts }, (_, index) => ({ name: `a${index}`, token: `bench-fleet-${index}`, options: { seed } })));
// Every route, as round-trips.ts counts them: the token, invitation and audit-log reads too.
for (let index = 0; index < accounts; index += 1) {
  for (const route of ROUTE_NAMES) fleet.account(`a${index}`).setFault(route, { latencyMs });
}
console.log(JSON.stringify({ url: fleet.url }));

process.stdin.on('end', () => void fleet.stop());
process.stdin.resume();
