/**
 * Demo mode: with no token, the CLI audits the demo account of the built-in simulator against a
 * demo policy written for it, so that `npm ci && npm start` shows a real report on a fresh
 * machine without touching Fastly.
 */
import { fileURLToPath } from 'node:url';
import { createFastlyClient } from '../../lambda/fastly/client.js';
import type { CustomerApi } from '../../lambda/fastly/api.js';
import { demoSeed, startSimulator } from '../../simulator/index.js';

const DEMO_TOKEN = 'demo-token-not-a-secret';

/** The policy the demo audits with unless --policy names another. */
export const DEMO_POLICY_FILE = fileURLToPath(new URL('../../simulator/seeds/demo-policy.json', import.meta.url));

/** The demo policy's auditorEgress: the simulator sees the CLI as calling from there, so a demo
 * `--remediate` that writes the allowlist behaves as it would for a real deployment. */
export const DEMO_AUDITOR_ADDRESS = '198.51.100.10';

export interface DemoTarget {
  api: CustomerApi;
  url: string;
  stop(): Promise<void>;
}

export async function startDemo(): Promise<DemoTarget> {
  // Dated as of now, so the demo reads the same any day: the token never used for 300 days, the change a week ago.
  const simulator = await startSimulator({ seed: demoSeed({ asOf: new Date() }), token: DEMO_TOKEN, clientAddress: DEMO_AUDITOR_ADDRESS });
  return {
    api: createFastlyClient({ token: DEMO_TOKEN, baseUrl: simulator.url }),
    url: simulator.url,
    stop: () => simulator.stop(),
  };
}
