/**
 * The Fastly token must never leak through an error: for every error kind, the sentinel token is
 * absent from the message, the stack, the JSON form, a deep inspect, the string form and the
 * product logger's line for it.
 */
import { inspect } from 'node:util';
import { createFastlyClient } from '../../../lambda/fastly/client.js';
import { FastlyApiError, type FastlyErrorKind } from '../../../lambda/fastly/errors.js';
import type { CustomerUpdate } from '../../../lambda/fastly/schemas.js';
import { logger } from '../../../lambda/logger.js';
import { startSimulator, type Simulator } from '../../../simulator/index.js';
import { captureOutput } from '../../helpers/aws-fakes.js';
import { closedPortUrl, rejection, scriptedServer, type ScriptedServer } from '../../helpers/fastly-servers.js';

const SENTINEL = 'SENTINEL-TOKEN-7f3a9c';
let sim: Simulator;
let echo: ScriptedServer;
let customerId: string;

function client(baseUrl: string, timeoutMs = 10_000) {
  return createFastlyClient({ token: SENTINEL, baseUrl, timeoutMs, retry: { limit: 1, baseDelayMs: 5 } });
}

/** The JSON line the product logger writes for the error. */
function logged(error: FastlyApiError): string {
  const output = captureOutput();
  try {
    logger.error('fastly call failed', error);
  } finally {
    output.restore();
  }
  return output.text();
}

function renderings(error: FastlyApiError): string[] {
  return [error.message, String(error.stack), JSON.stringify(error), inspect(error, { depth: 10 }), String(error), logged(error)];
}

beforeAll(async () => {
  sim = await startSimulator({ token: SENTINEL });
  customerId = String(sim.customer().id);
  // A misbehaving server that echoes the key it received into the error body and a header.
  echo = await scriptedServer([
    (headers) => ({
      status: 400,
      body: JSON.stringify({ msg: `bad key ${String(headers['fastly-key'])}`, detail: `Fastly-Key: ${String(headers['fastly-key'])}` }),
      headers: { 'X-Echo-Key': String(headers['fastly-key']) },
    }),
  ]);
});

afterAll(async () => {
  await sim.stop();
  await echo.close();
});

beforeEach(() => {
  sim.clearFaults();
  sim.clearRequests();
});

const cases: [FastlyErrorKind, string, () => Promise<unknown>][] = [
  ['http', '404 from the simulator', () => client(sim.url).getCustomer('no-such-customer')],
  ['http', '401 from a server that knows another token', async () => {
    const other = await startSimulator({ token: 'another-token' });
    try {
      return await client(other.url).getLoggedInCustomer();
    } finally {
      await other.stop();
    }
  }],
  ['http', '503 after retries', () => {
    sim.setFault('list_users', { status: 503 });
    return client(sim.url).listUsers(customerId);
  }],
  ['http', 'an error body echoing the token', () => client(echo.url).getLoggedInCustomer()],
  ['network', 'a reset connection', () => {
    sim.setFault('get_customer', { reset: true });
    return client(sim.url).getCustomer(customerId);
  }],
  ['network', 'a refused connection', async () => client(await closedPortUrl()).getLoggedInCustomer()],
  ['timeout', 'a hanging GET', () => {
    sim.setFault('get_customer', { hang: true });
    return client(sim.url, 100).getCustomer(customerId);
  }],
  ['timeout', 'a hanging PUT', () => {
    sim.setFault('update_customer', { hang: true });
    return client(sim.url, 100).updateCustomer(customerId, { has_pci: true });
  }],
  ['invalid-response', 'malformed JSON', () => {
    sim.setFault('get_logged_in_customer', { malformedJson: true });
    return client(sim.url).getLoggedInCustomer();
  }],
  ['invalid-response', 'wrong types', () => {
    sim.setFault('list_users', { wrongTypes: true });
    return client(sim.url).listUsers(customerId);
  }],
  ['invalid-request', 'a read-only field', () =>
    client(sim.url).updateCustomer(customerId, { has_pci_passwords: true } as unknown as CustomerUpdate)],
];

describe('token redaction', () => {
  it.each(cases)('a %s error (%s) never shows the token', async (kind, _label, call) => {
    const error = await rejection(call());
    expect(error.kind).toBe(kind);
    for (const text of renderings(error)) expect(text).not.toContain(SENTINEL);
    expect('cause' in error).toBe(false);
  });

  it('sends the token it keeps out of errors', async () => {
    await client(sim.url).getLoggedInCustomer();
    expect(sim.requests[0]?.authenticated).toBe(true);
  });

  it('is logged as a structured error with its own fields, and nothing of the request', async () => {
    const error = await rejection(client(echo.url).getLoggedInCustomer());
    const [line] = logged(error).trim().split('\n').map((text) => JSON.parse(text) as { error: Record<string, unknown> });

    expect(line?.error).toEqual(JSON.parse(JSON.stringify(error)));
    expect(line?.error).toMatchObject({ name: 'FastlyApiError', operation: 'get_logged_in_customer', kind: 'http', status: 400, fastlyMessage: 'bad key [REDACTED]' });
    expect(line?.error).not.toHaveProperty('cause');
  });

  it('redacts what an echoing server sends back, keeping the rest', async () => {
    const error = await rejection(client(echo.url).getLoggedInCustomer());
    expect(echo.requests.at(-1)?.headers['fastly-key']).toBe(SENTINEL);
    expect(error.fastlyMessage).toBe('bad key [REDACTED]');
    expect(error.detail).toBe('Fastly-Key: [REDACTED]');
  });
});
