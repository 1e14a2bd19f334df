/**
 * Several simulated Fastly accounts behind one loopback URL, as the real API serves every
 * customer at api.fastly.com: one simulator per account, and a router in front that passes each
 * request to the simulator of the account its Fastly-Key belongs to. A key no account has gets
 * Fastly's 401. Each account's simulator keeps its own state, faults and recorded requests.
 * Used by `fleet --demo`, the fleet tests and the fleet benchmark.
 */
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { errorResponse } from './error-bodies.js';
import { LOOPBACK_HOST as HOST, listenOnLoopback } from './loopback.js';
import { startSimulator } from './server.js';
import type { Simulator, SimulatorOptions } from './types.js';


export interface FleetSimulatorAccount {
  name: string;
  /** The Fastly-Key of this account: unique in the fleet. */
  token: string;
  /** The rest of the account's simulator: seed, client address, write budget, ... */
  options?: Omit<SimulatorOptions, 'token' | 'port'>;
}

export interface FleetSimulator {
  /** http://127.0.0.1:<port>: the one API URL of every account. */
  readonly url: string;
  /** The simulator of the account of that name (its state, faults and requests). */
  account(name: string): Simulator;
  /** Requests the router answered itself with 401: their key belongs to no account. */
  readonly unknownKeyRequests: number;
  stop(): Promise<void>;
}

export async function startFleetSimulator(accounts: readonly FleetSimulatorAccount[]): Promise<FleetSimulator> {
  const tokens = new Set(accounts.map((account) => account.token));
  if (tokens.size !== accounts.length) throw new Error('every account of a fleet simulator needs a token of its own');
  const simulators = new Map<string, Simulator>();
  const byToken = new Map<string, Simulator>();
  try {
    for (const account of accounts) {
      const simulator = await startSimulator({ ...account.options, token: account.token });
      simulators.set(account.name, simulator);
      byToken.set(account.token, simulator);
    }
  } catch (error) {
    await Promise.all([...simulators.values()].map((simulator) => simulator.stop()));
    throw error;
  }
  // Connections to the accounts' simulators are kept open, as a client's to the API would be.
  const agent = new Agent({ keepAlive: true });
  let unknownKeyRequests = 0;

  function route(req: IncomingMessage, res: ServerResponse): void {
    const key = req.headers['fastly-key'];
    const simulator = typeof key === 'string' ? byToken.get(key) : undefined;
    if (!simulator) {
      unknownKeyRequests += 1;
      req.resume();
      const answer = errorResponse(401, 'legacy');
      res.writeHead(401, { 'Content-Type': answer.contentType, 'Content-Length': String(Buffer.byteLength(answer.body)) });
      res.end(answer.body);
      return;
    }
    const upstream = request({ host: HOST, port: simulator.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    // The account's simulator reset the connection: so does the router, to the client.
    upstream.on('error', () => req.socket.destroy());
    // The client gave up (a timeout on a hanging route): stop waiting for the account's answer.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  const server = createServer(route);
  const port = await listenOnLoopback(server);

  let stopped: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
    agent.destroy();
    await Promise.all([...simulators.values()].map((simulator) => simulator.stop()));
  };

  return {
    url: `http://${HOST}:${port}`,
    account(name) {
      const simulator = simulators.get(name);
      if (!simulator) throw new Error(`the fleet simulator has no account named ${name}`);
      return simulator;
    },
    get unknownKeyRequests() {
      return unknownKeyRequests;
    },
    stop: () => (stopped ??= close()),
  };
}
