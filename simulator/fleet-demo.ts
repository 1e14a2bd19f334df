/**
 * The demo fleet (`fleet --demo`): four simulated accounts behind one URL, each with its own
 * token, in the states a real fleet shows: acme-prod fails (the demo account), acme-staging fails
 * less, tidy-media passes, and legacy-cdn's token may not list users (403), so its audit is an
 * ERROR. The accounts file is simulator/seeds/demo-fleet/accounts.json.
 */
import { fileURLToPath } from 'node:url';
import { startFleetSimulator, type FleetSimulator } from './fleet.js';
import { DAY_MS, isoSeconds } from './random.js';
import { demoSeed } from './seeds.js';
import type { SimulatorSeed } from './types.js';

export const DEMO_FLEET_ACCOUNTS_FILE = fileURLToPath(new URL('./seeds/demo-fleet/accounts.json', import.meta.url));

/** Relative to the clock, not REFERENCE_TIME: the demo fleet reads the same any day. */
function daysAgo(days: number): string {
  return isoSeconds(Date.now() - days * DAY_MS);
}

/** The demo account with its worst settings fixed: the superusers and a PCI setting still fail. */
function stagingSeed(): SimulatorSeed {
  const seed = demoSeed();
  const id = 'sTgAcMe0000000000000001';
  return {
    customer: { ...seed.customer, id, name: 'Acme Streaming Ltd (staging)', force_2fa: true, has_pci: true, ip_whitelist: '198.51.100.0/24' },
    users: seed.users
      .filter((user) => String(user.login).endsWith('@acme.example') && user.role !== 'billing')
      .map((user) => ({ ...user, customer_id: id, two_factor_auth_enabled: user.login === 'aiko.tanaka@acme.example' ? null : true, last_active_at: daysAgo(3) })),
  };
}

/** An account that meets every rule of tidy-policy.json. */
function tidySeed(): SimulatorSeed {
  const id = 'tIdYmEdIa0000000000001';
  const user = (userId: string, name: string, role: string) => ({
    id: userId,
    customer_id: id,
    login: `${name}@tidy.example`,
    name,
    role,
    two_factor_auth_enabled: true,
    two_factor_setup_required: false,
    locked: false,
    require_new_password: false,
    limit_services: false,
    last_active_at: daysAgo(2),
    created_at: '2022-01-10T09:00:00Z',
    updated_at: '2025-01-10T09:00:00Z',
    deleted_at: null,
  });
  return {
    customer: {
      id,
      name: 'Tidy Media',
      owner_id: 'u-owner',
      security_contact_id: 'u-sec',
      billing_contact_id: null,
      force_2fa: true,
      force_sso: true,
      has_pci: true,
      has_pci_passwords: true,
      ip_whitelist: '198.51.100.0/24',
      created_at: '2021-06-01T10:00:00Z',
      updated_at: '2026-01-05T10:00:00Z',
      deleted_at: null,
    },
    users: [user('u-owner', 'olive', 'superuser'), user('u-sec', 'sasha', 'engineer'), user('u-tls', 'tariq', 'tls_viewer')],
  };
}

/** The legacy CDN account: the demo account, with another id. */
function legacySeed(): SimulatorSeed {
  const seed = demoSeed();
  return { customer: { ...seed.customer, id: 'lEgAcYcDn0000000000001', name: 'Legacy CDN Inc' }, users: seed.users };
}

export interface DemoFleet {
  simulator: FleetSimulator;
  /** Each account's demo token, by name. */
  tokens: Record<string, string>;
}

/** `clientAddress`: where the simulators see the auditor calling from (inside the demo allowlists). */
export async function startDemoFleet(clientAddress: string): Promise<DemoFleet> {
  const seeds: Record<string, SimulatorSeed> = {
    'acme-prod': demoSeed(),
    'acme-staging': stagingSeed(),
    'tidy-media': tidySeed(),
    'legacy-cdn': legacySeed(),
  };
  const tokens = Object.fromEntries(Object.keys(seeds).map((name) => [name, `demo-fleet-token-${name}`]));
  const simulator = await startFleetSimulator(Object.entries(seeds).map(([name, seed]) => ({ name, token: tokens[name] as string, options: { seed, clientAddress } })));
  simulator.account('legacy-cdn').setFault('list_users', { status: 403 });
  return { simulator, tokens };
}
