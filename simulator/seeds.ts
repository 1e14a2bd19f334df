/** Seeds: the demo account shipped with the simulator, and seed files given on the command line. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SimulatorSeed } from './types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the outline the simulator relies on (a customer with an id, a list of user objects). */
export function parseSeed(value: unknown): SimulatorSeed {
  if (!isRecord(value)) throw new Error('the seed must be a JSON object with "customer" and "users"');
  const { customer, users } = value;
  if (!isRecord(customer)) throw new Error('"customer" must be an object');
  if (typeof customer.id !== 'string' || customer.id === '') throw new Error('"customer.id" must be a non-empty string');
  if (!Array.isArray(users)) throw new Error('"users" must be an array');
  const index = users.findIndex((user) => !isRecord(user));
  if (index !== -1) throw new Error(`"users[${index}]" must be an object`);
  return { customer, users: users as Record<string, unknown>[] };
}

/** Reads and checks a seed file; the error names the file and says what is wrong with it. */
export function loadSeedFile(path: string): SimulatorSeed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read seed file ${path}: ${(error as Error).message}`);
  }
  try {
    return parseSeed(JSON.parse(text));
  } catch (error) {
    throw new Error(`Invalid seed file ${path}: ${(error as Error).message}`);
  }
}

let demo: SimulatorSeed | undefined;

/** The demo account (simulator/seeds/demo.json), a fresh deep copy on every call. */
export function demoSeed(): SimulatorSeed {
  demo ??= loadSeedFile(fileURLToPath(new URL('./seeds/demo.json', import.meta.url)));
  return structuredClone(demo);
}
