/** Shared bits of the Fastly client tests: catching the client's error, and a closed port. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FastlyApiError } from '../../lambda/fastly/errors.js';

/** The FastlyApiError a call rejects with; fails the test when it resolves or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<FastlyApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FastlyApiError) return error;
    throw new Error(`expected a FastlyApiError, got ${String(error)}`);
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** A loopback URL nothing listens on (a port that was just released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return `http://127.0.0.1:${port}`;
}

export interface ScriptedResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface ScriptedServer {
  url: string;
  /** Method, URL and headers of each request received. */
  requests: { method: string; url: string; headers: Record<string, string | string[] | undefined> }[];
  close(): Promise<void>;
}

/**
 * A loopback server answering requests with the given responses in turn (the last one repeats),
 * for sequences the simulator's one-fault-per-route cannot express. A function response sees
 * the request headers (to echo them back, as a misbehaving proxy might).
 */
export async function scriptedServer(
  responses: (ScriptedResponse | ((headers: Record<string, string | string[] | undefined>) => ScriptedResponse))[],
): Promise<ScriptedServer> {
  const requests: ScriptedServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } });
    const next = responses[Math.min(requests.length, responses.length) - 1];
    const response = typeof next === 'function' ? next(req.headers) : next;
    req.resume();
    res.writeHead(response?.status ?? 500, { 'Content-Type': 'application/json', ...response?.headers });
    res.end(response?.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
