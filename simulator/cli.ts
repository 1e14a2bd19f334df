/**
 * `npm run simulator -- --port <n> [--seed <file>] [--token <t>]`: serves the simulated Fastly
 * API on 127.0.0.1 until SIGINT or SIGTERM.
 */
import { Command, InvalidArgumentError } from 'commander';
import { demoSeed, loadSeedFile } from './seeds.js';
import { startSimulator } from './server.js';
import type { SimulatorSeed } from './types.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return port;
}

const program = new Command()
  .name('simulator')
  .description('Stateful Fastly API simulator (CustomerApi) on 127.0.0.1')
  .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, 0)
  .option('--seed <file>', 'JSON seed file {"customer": {...}, "users": [...], "tokens"?, "automationTokens"?, "invitations"?, "events"?} (default: the demo account, dated as of today)')
  .option('--token <t>', 'the Fastly-Key the simulator accepts', 'simulator-token')
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .parse();

const options = program.opts<{ port: number; seed?: string; token: string }>();

let seed: SimulatorSeed | undefined;
try {
  seed = options.seed === undefined ? demoSeed({ asOf: new Date() }) : loadSeedFile(options.seed);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

try {
  const simulator = await startSimulator({ port: options.port, token: options.token, seed });
  console.log(`Fastly API simulator listening on ${simulator.url}`);
  const shutdown = (): void => {
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  console.error(`Cannot start the simulator on port ${options.port}: ${(error as Error).message}`);
  process.exit(2);
}
