/**
 * Demo mode: with no token, the CLI audits the demo account of the built-in simulator against a
 * demo policy written for it, so that `npm ci && npm start` shows a real report on a fresh
 * machine without touching Fastly.
 */
import { fileURLToPath } from 'node:url';
import { createFastlyClient } from '../../lambda/fastly/client.js';
import type { CustomerApi } from '../../lambda/fastly/api.js';

const DEMO_TOKEN = 'demo-token-not-a-secret';

/** The simulator is loaded only for a demo: every other start of the command line would pay for it. */
const simulatorModule = () => import('../../simulator/index.js');

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
  const { demoSeed, startSimulator } = await simulatorModule();
  // Dated as of now, so the demo reads the same any day: the token never used for 300 days, the change a week ago.
  const simulator = await startSimulator({ seed: demoSeed({ asOf: new Date() }), token: DEMO_TOKEN, clientAddress: DEMO_AUDITOR_ADDRESS });
  return {
    api: createFastlyClient({ token: DEMO_TOKEN, baseUrl: simulator.url }),
    url: simulator.url,
    stop: () => simulator.stop(),
  };
}

/** The demo's user who turns forced 2FA off during `watch --demo`, and where from (simulator/seeds/demo.json). */
export const WATCH_DEMO_CHANGE = { customer: { force_2fa: false }, userId: 'TzdbKB1Ga8FPJsKbMnY0Lc', ip: '203.0.113.45' } as const;

export interface WatchDemoTarget extends DemoTarget {
  /** The scripted change: a superuser turns forced 2FA off, as the audit log will say. */
  scriptChange(): void;
}

/** The demo account with forced 2FA on, so that the watch has something to see turned off. */
export async function startWatchDemo(): Promise<WatchDemoTarget> {
  const { demoSeed, startSimulator } = await simulatorModule();
  const seed = demoSeed({ asOf: new Date() });
  const simulator = await startSimulator({ seed: { ...seed, customer: { ...seed.customer, force_2fa: true } }, token: DEMO_TOKEN, clientAddress: DEMO_AUDITOR_ADDRESS });
  return {
    api: createFastlyClient({ token: DEMO_TOKEN, baseUrl: simulator.url }),
    url: simulator.url,
    stop: () => simulator.stop(),
    scriptChange: () => {
      simulator.recordChange({ customer: { ...WATCH_DEMO_CHANGE.customer }, userId: WATCH_DEMO_CHANGE.userId, ip: WATCH_DEMO_CHANGE.ip });
    },
  };
}
