/** The stateful Fastly API simulator: a loopback CustomerApi for the demo, tests and benchmarks. */
export type { Fault, RecordedRequest, RouteName, Simulator, SimulatorOptions, SimulatorSeed } from './types.js';
export { startSimulator } from './server.js';
export { ROUTE_NAMES } from './routes.js';
export { demoSeed, loadSeedFile, shiftTimestamps } from './seeds.js';
export { generateSeed } from './generate-seed.js';
export { generateAccess, type AccessCounts } from './generate-access.js';
export { startFleetSimulator, type FleetSimulator, type FleetSimulatorAccount } from './fleet.js';
export { DEMO_FLEET_ACCOUNTS_FILE, startDemoFleet, type DemoFleet } from './fleet-demo.js';
