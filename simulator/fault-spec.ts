/**
 * Faults written on the command line (`npm run simulator -- --fault 'GET /current_customer=503'`),
 * so a person can try the auditor's failure handling from a shell. A spec is `<route>=<modes>`:
 * the route as a method and path (`GET /customer/{id}/users`) or by name (`list_users`), then
 * comma-separated modes, one for each field of a Fault.
 */
import { matchRoute, ROUTE_NAMES } from './routes.js';
import type { Fault, RouteName } from './types.js';

const ERROR_STYLES = ['legacy', 'jsonapi', 'problem'] as const;

/** For --help and the README: every mode a spec may use. */
export const FAULT_SPEC_HELP = `A fault is <route>=<mode>[,<mode>...]; repeat --fault for more routes.
Routes: GET /current_customer, GET /customer/{id}, GET /customer/{id}/users, PUT /customer/{id},
  DELETE /customer/{id}, GET /customer/{id}/tokens, GET /automation-tokens, GET /invitations,
  GET /events, or their names: ${ROUTE_NAMES.join(', ')}.
Modes:
  <status>[:legacy|jsonapi|problem]  answer with this HTTP status and Fastly's error body in that shape (default legacy)
  latency:<ms>         wait before answering (combines with the others)
  malformed-json       200 with a truncated JSON body
  wrong-types          200 with fields of the wrong type (force_2fa: "yes")
  wrong-shape          200 with the wrong shape (users as an object, a customer as an array)
  reset                close the connection without answering
  hang                 never answer
  header:<name>:<value>  add a response header (e.g. header:Fastly-RateLimit-Reset:1700000000)
  times:<n>            only the next n requests, then the route behaves again
  body:<text>          answer with this raw body (status 200 unless a status is given); must come last
Example: --fault 'GET /current_customer=503' --fault 'list_users=429,header:Fastly-RateLimit-Reset:1700000000,times:2'
  --fault 'GET /events=403:jsonapi' (the audit log unreadable: attribution becomes a report warning)`;

export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';

  constructor(spec: string, problem: string) {
    super(`--fault ${JSON.stringify(spec)}: ${problem} (see --help for the routes and modes)`);
  }
}

function parseRoute(spec: string, text: string): RouteName {
  const trimmed = text.trim();
  if ((ROUTE_NAMES as readonly string[]).includes(trimmed)) return trimmed as RouteName;
  const [method = '', path = '', ...rest] = trimmed.split(/\s+/);
  const match = rest.length === 0 && path.startsWith('/') ? matchRoute(method.toUpperCase(), path) : null;
  if (match === null) throw new FaultSpecError(spec, `${JSON.stringify(trimmed)} is not a simulated route`);
  return match.route;
}

function positiveInteger(spec: string, mode: string, value: string, allowZero: boolean): number {
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= (allowZero ? 0 : 1))) throw new FaultSpecError(spec, `${mode} needs a whole number${allowZero ? '' : ' above 0'}, got ${JSON.stringify(value)}`);
  return number;
}

/** Applies one mode to the fault being built. */
function applyMode(spec: string, fault: Fault, mode: string): void {
  const [name = '', ...args] = mode.split(':');
  const arg = args.join(':');
  if (/^\d{3}$/.test(name)) {
    const status = Number(name);
    if (status < 100 || status > 599) throw new FaultSpecError(spec, `${name} is not an HTTP status`);
    if (arg !== '' && !(ERROR_STYLES as readonly string[]).includes(arg)) {
      throw new FaultSpecError(spec, `the error body shape ${JSON.stringify(arg)} is not one of ${ERROR_STYLES.join(', ')}`);
    }
    fault.status = status;
    if (arg !== '') fault.errorStyle = arg as Fault['errorStyle'];
    return;
  }
  const flags: Record<string, keyof Fault> = { 'malformed-json': 'malformedJson', 'wrong-types': 'wrongTypes', 'wrong-shape': 'wrongShape', reset: 'reset', hang: 'hang' };
  const flag = flags[name];
  if (flag !== undefined && args.length === 0) {
    Object.assign(fault, { [flag]: true });
    return;
  }
  if (name === 'latency') fault.latencyMs = positiveInteger(spec, 'latency', arg, true);
  else if (name === 'times') fault.times = positiveInteger(spec, 'times', arg, false);
  else if (name === 'header' && args.length >= 2 && args[0] !== '') fault.headers = { ...fault.headers, [args[0]!]: args.slice(1).join(':') };
  else throw new FaultSpecError(spec, `unknown mode ${JSON.stringify(mode)}`);
}

/** Parses one spec; throws FaultSpecError saying what is wrong with it. */
export function parseFaultSpec(spec: string): { route: RouteName; fault: Fault } {
  const split = spec.indexOf('=');
  if (split < 0) throw new FaultSpecError(spec, 'expected <route>=<mode>, e.g. GET /current_customer=503');
  const route = parseRoute(spec, spec.slice(0, split));
  let modes = spec.slice(split + 1);
  const fault: Fault = {};
  // body: takes the rest of the spec, commas included.
  const body = modes.startsWith('body:') ? 0 : modes.indexOf(',body:');
  if (body >= 0) {
    fault.body = modes.slice(modes.indexOf('body:', body) + 'body:'.length);
    modes = modes.slice(0, body);
  }
  const list = modes.split(',').map((mode) => mode.trim()).filter((mode) => mode !== '');
  if (list.length === 0 && fault.body === undefined) throw new FaultSpecError(spec, 'no mode given after "="');
  for (const mode of list) applyMode(spec, fault, mode);
  return { route, fault };
}

/** Several specs, those of one route merged (a later mode wins over an earlier one). */
export function parseFaultSpecs(specs: readonly string[]): Map<RouteName, Fault> {
  const faults = new Map<RouteName, Fault>();
  for (const spec of specs) {
    const { route, fault } = parseFaultSpec(spec);
    const before = faults.get(route);
    faults.set(route, { ...before, ...fault, ...(before?.headers || fault.headers ? { headers: { ...before?.headers, ...fault.headers } } : {}) });
  }
  return faults;
}
