/**
 * `npm run simulator -- --port <n> [--seed <file>] [--token <t>] [--fault <spec>]...`: serves the
 * simulated Fastly API on 127.0.0.1 until SIGINT or SIGTERM, with the faults asked for.
 */
import { Command, InvalidArgumentError } from 'commander';
import { CONTROL_CHANGE_PATH } from './account-change.js';
import { FAULT_SPEC_HELP, FaultSpecError, parseFaultSpec, parseFaultSpecs } from './fault-spec.js';
import { demoSeed, loadSeedFile } from './seeds.js';
import { startSimulator } from './server.js';
import type { SimulatorSeed } from './types.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return port;
}

/** Checks each spec as commander reads it (a bad one is exit 2 with its message), keeping them all. */
function collectFault(spec: string, specs: string[] = []): string[] {
  try {
    parseFaultSpec(spec);
  } catch (error) {
    if (error instanceof FaultSpecError) throw new InvalidArgumentError(error.message);
    throw error;
  }
  return [...specs, spec];
}

const program = new Command()
  .name('simulator')
  .description('Stateful Fastly API simulator (CustomerApi) on 127.0.0.1')
  .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, 0)
  .option('--seed <file>', 'JSON seed file {"customer": {...}, "users": [...], "tokens"?, "automationTokens"?, "invitations"?, "events"?} (default: the demo account, dated as of today)')
  .option('--token <t>', 'the Fastly-Key the simulator accepts', 'simulator-token')
  .option('--control', `also serve POST ${CONTROL_CHANGE_PATH} on loopback: a scripted change of the customer with its audit-log event, e.g. {"customer": {"force_2fa": false}, "userId": "<user id>", "ip": "203.0.113.7"}`)
  .option('--fault <spec>', "make a route misbehave, e.g. 'GET /current_customer=503' (repeatable; modes below)", collectFault)
  .addHelpText('after', `\n${FAULT_SPEC_HELP}\n`)
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .parse();

const options = program.opts<{ port: number; seed?: string; token: string; fault?: string[]; control?: boolean }>();

let seed: SimulatorSeed | undefined;
try {
  seed = options.seed === undefined ? demoSeed({ asOf: new Date() }) : loadSeedFile(options.seed);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

try {
  const simulator = await startSimulator({ port: options.port, token: options.token, seed, control: options.control === true });
  for (const [route, fault] of parseFaultSpecs(options.fault ?? [])) {
    simulator.setFault(route, fault);
    console.error(`Fault on ${route}: ${JSON.stringify(fault)}`);
  }
  if (options.control) console.error(`Control: POST ${simulator.url}${CONTROL_CHANGE_PATH} changes the customer as a user would (with its customer.update event).`);
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
