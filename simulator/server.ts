/** The node:http transport: records every request, applies faults, then asks the service. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { CONTROL_CHANGE_PATH, parseAccountChange } from './account-change.js';
import { FaultTable, faultAnswer } from './faults.js';
import { LOOPBACK_HOST as HOST, listenOnLoopback, readBody } from './loopback.js';
import { WriteBudget } from './rate-limit.js';
import { matchRoute } from './routes.js';
import { demoSeed } from './seeds.js';
import { serve, successPayload, type Answer, type ServiceContext } from './service.js';
import { AccountState } from './state.js';
import type { RecordedRequest, Simulator, SimulatorOptions } from './types.js';

const DEFAULT_TOKEN = 'simulator-token';
const DEFAULT_WRITE_BUDGET = 1000;
const DEFAULT_MAX_PAGE_SIZE = 100;

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const state = new AccountState(options.seed ?? demoSeed());
  const token = options.token ?? DEFAULT_TOKEN;
  const context: ServiceContext = {
    state,
    budget: new WriteBudget(options.writeBudget ?? DEFAULT_WRITE_BUDGET),
    ignoreFields: new Set(options.ignoreFields ?? []),
    tokenUserId: options.tokenUserId,
    maxPageSize: options.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE,
  };
  if (!Number.isInteger(context.maxPageSize) || context.maxPageSize < 1) {
    throw new RangeError(`maxPageSize must be a positive integer, got ${context.maxPageSize}`);
  }
  const faults = new FaultTable();
  // Known once listening; page links fall back on it when a request has no Host header.
  let port = 0;
  const requests: RecordedRequest[] = [];
  // Latency timers, cleared by stop() so a delayed answer cannot keep the process alive.
  const timers = new Set<NodeJS.Timeout>();

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const match = matchRoute(method, path);
    const record: RecordedRequest = {
      method,
      path,
      route: match?.route ?? null,
      status: 0,
      body,
      contentType: firstHeader(req.headers['content-type']),
      userAgent: firstHeader(req.headers['user-agent']),
      authenticated: firstHeader(req.headers['fastly-key']) === token,
      at,
    };
    requests.push(record);

    const send = (answer: Answer): void => {
      record.status = answer.status;
      res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(Buffer.byteLength(answer.body)) });
      res.end(answer.body);
    };

    if (options.control && method === 'POST' && path === CONTROL_CHANGE_PATH) {
      try {
        send({ status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(state.recordChange(parseAccountChange(JSON.parse(body)), new Date())) });
      } catch (error) {
        send({ status: 400, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ msg: 'Bad Request', detail: (error as Error).message }) });
      }
      return;
    }

    const origin = `http://${req.headers.host ?? `${HOST}:${port}`}`;
    const fault = match === null ? undefined : faults.take(match.route);
    if (fault?.latencyMs !== undefined && fault.latencyMs > 0) await wait(fault.latencyMs);
    const outcome =
      fault === undefined || match === null
        ? { kind: 'normal' as const, headers: {} }
        : faultAnswer(fault, match.route, () => successPayload(context, match.route, { path, origin }));

    switch (outcome.kind) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        return;
      case 'respond':
        send(outcome);
        return;
      case 'normal': {
        const answer = serve(context, {
          method,
          path,
          match,
          authenticated: record.authenticated,
          clientAddress: options.clientAddress ?? req.socket.remoteAddress ?? '',
          body,
          contentType: record.contentType,
          now: Date.now(),
          origin,
        });
        send({ ...answer, headers: { ...answer.headers, ...outcome.headers } });
      }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the simulator must show up as a 500, not as a hung test.
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ msg: 'Internal Server Error', detail: String(error) }));
      } else {
        res.destroy();
      }
    });
  });

  port = await listenOnLoopback(server, options.port ?? 0);

  // Idempotent, so a test's finally and its afterAll may both call stop().
  let stopped: Promise<void> | undefined;
  const close = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });

  return {
    url: `http://${HOST}:${port}`,
    port,
    get requests() {
      return requests;
    },
    customer: () => state.customer(),
    users: () => state.users(),
    updateState: (patch) => state.update(patch),
    recordChange: (change) => state.recordChange(change, new Date()),
    setTokenUser: (userId) => {
      context.tokenUserId = userId;
    },
    setFault: (route, fault) => faults.set(route, fault),
    clearFaults: () => faults.clear(),
    clearRequests: () => {
      requests.length = 0;
    },
    stop: () => (stopped ??= close()),
  };
}
