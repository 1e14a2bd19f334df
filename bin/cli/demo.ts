/**
 * Demo mode: with no token, the CLI audits the demo account of the built-in simulator, so that
 * `npm ci && npm start` shows a real report on a fresh machine without touching Fastly.
 */
import { createFastlyClient } from '../../lambda/fastly/client.js';
import type { CustomerApi } from '../../lambda/fastly/api.js';
import { demoSeed, startSimulator } from '../../simulator/index.js';

const DEMO_TOKEN = 'demo-token-not-a-secret';

export interface DemoTarget {
  api: CustomerApi;
  url: string;
  stop(): Promise<void>;
}

export async function startDemo(): Promise<DemoTarget> {
  const simulator = await startSimulator({ seed: demoSeed(), token: DEMO_TOKEN });
  return {
    api: createFastlyClient({ token: DEMO_TOKEN, baseUrl: simulator.url }),
    url: simulator.url,
    stop: () => simulator.stop(),
  };
}
