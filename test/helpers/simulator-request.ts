/** A small fetch wrapper for talking to the simulator in tests. */
import type { Simulator } from '../../simulator/index.js';

export const TOKEN = 'test-token';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

export async function send(
  sim: Simulator,
  method: string,
  path: string,
  options: { token?: string | null; body?: string; contentType?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers['Fastly-Key'] = token;
  if (options.contentType !== undefined) headers['Content-Type'] = options.contentType;
  const response = await fetch(`${sim.url}${path}`, { method, headers, body: options.body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** PUT /customer/{id} with a form body, as the auditor sends it. */
export function putForm(sim: Simulator, customerId: string, form: string, token?: string): Promise<Reply> {
  return send(sim, 'PUT', `/customer/${customerId}`, {
    body: form,
    contentType: 'application/x-www-form-urlencoded',
    token,
  });
}

export function json(reply: Reply): unknown {
  return JSON.parse(reply.text);
}
