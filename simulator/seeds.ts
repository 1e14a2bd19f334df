/** Seeds: the demo account shipped with the simulator, and seed files given on the command line. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SimulatorSeed } from './types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list of objects, or undefined when the key is absent (and `required` is false). */
function objectList(value: unknown, key: string, required: boolean): Record<string, unknown>[] | undefined {
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value)) throw new Error(`"${key}" must be an array`);
  const index = value.findIndex((item) => !isRecord(item));
  if (index !== -1) throw new Error(`"${key}[${index}]" must be an object`);
  return value as Record<string, unknown>[];
}

/** JSON:API resources must carry their fields in `attributes`, as the API sends them. */
function resourceList(value: unknown, key: string): Record<string, unknown>[] | undefined {
  const list = objectList(value, key, false);
  const index = list?.findIndex((item) => !isRecord(item.attributes)) ?? -1;
  if (index !== -1) throw new Error(`"${key}[${index}].attributes" must be an object (a JSON:API resource)`);
  return list;
}

/**
 * Checks the outline the simulator relies on: a customer with an id, a list of user objects, and
 * optionally tokens, automation tokens, invitations and events.
 */
export function parseSeed(value: unknown): SimulatorSeed {
  if (!isRecord(value)) throw new Error('the seed must be a JSON object with "customer" and "users"');
  const { customer } = value;
  if (!isRecord(customer)) throw new Error('"customer" must be an object');
  if (typeof customer.id !== 'string' || customer.id === '') throw new Error('"customer.id" must be a non-empty string');
  const users = objectList(value.users, 'users', true) ?? [];
  const optional = {
    tokens: objectList(value.tokens, 'tokens', false),
    automationTokens: objectList(value.automationTokens, 'automationTokens', false),
    invitations: resourceList(value.invitations, 'invitations'),
    events: resourceList(value.events, 'events'),
  };
  return { customer, users, ...Object.fromEntries(Object.entries(optional).filter(([, list]) => list !== undefined)) };
}

/** An ISO 8601 UTC timestamp as Fastly writes them (2026-11-29T13:42:57Z, milliseconds optional). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A copy of `value` with every timestamp string in it moved by `offsetMs`, seconds precision kept. */
export function shiftTimestamps<T>(value: T, offsetMs: number): T {
  const shift = (item: unknown): unknown => {
    if (typeof item === 'string' && TIMESTAMP.test(item)) {
      const moved = new Date(Date.parse(item) + offsetMs).toISOString();
      return item.includes('.') ? moved : moved.replace(/\.\d{3}Z$/, 'Z');
    }
    if (Array.isArray(item)) return item.map(shift);
    if (isRecord(item)) return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, shift(inner)]));
    return item;
  };
  return shift(value) as T;
}

/** The moment the demo account's dates were written relative to ("today" in simulator/seeds/demo.json). */
export const DEMO_REFERENCE_TIME = new Date('2026-11-29T00:00:00Z');

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

/**
 * The demo account (simulator/seeds/demo.json), a fresh deep copy on every call. With `asOf`, its
 * dates are moved so that the demo reads the same on any day: the token created 400 days ago, the
 * invitation sent yesterday and the change to force_2fa a week ago stay so, relative to `asOf`.
 */
export function demoSeed(options: { asOf?: Date } = {}): SimulatorSeed {
  demo ??= loadSeedFile(fileURLToPath(new URL('./seeds/demo.json', import.meta.url)));
  if (options.asOf === undefined) return structuredClone(demo);
  return shiftTimestamps(demo, options.asOf.getTime() - DEMO_REFERENCE_TIME.getTime());
}
