/**
 * What the fleet handler's suites share: the accounts baked into the environment the way the
 * bundle's `define` bakes them (the value before restored after the suite), each account's
 * secret at fastly/<name> answering its token, and the demo account seeded as each account's own.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { bakeFleet, FLEET_DEFINE_KEY, type RegisteredAccount } from '../../lambda/fleet/registry.js';
import { demoSeed, type SimulatorSeed } from '../../simulator/index.js';

const FLEET_VARIABLE = FLEET_DEFINE_KEY.replace('process.env.', '');

/** Bakes `accounts` before each test (a test may remove them); restores the variable after the suite. */
export function useBakedFleet(accounts: readonly RegisteredAccount[]): void {
  const before = process.env[FLEET_VARIABLE];
  beforeEach(() => {
    process.env[FLEET_VARIABLE] = bakeFleet(accounts);
  });
  afterAll(() => {
    if (before === undefined) delete process.env[FLEET_VARIABLE];
    else process.env[FLEET_VARIABLE] = before;
  });
}

/** Secret fastly/<name> holds `tokens[name]`; any other secret is not found, as Secrets Manager says it. */
export function answerFleetSecrets(secrets: AwsClientStub<SecretsManagerClient>, tokens: Readonly<Record<string, string>>): void {
  secrets.on(GetSecretValueCommand).callsFake((input: { SecretId: string }) => {
    const token = tokens[input.SecretId.replace('fastly/', '')];
    if (token === undefined) throw Object.assign(new Error("Secrets Manager can't find the specified secret."), { name: 'ResourceNotFoundException' });
    return { SecretString: token };
  });
}

/** The demo account as account `name`'s: customer cust-<name>, "<name> Ltd", with `customer`'s fields on top. */
export function fleetSeed(name: string, customer: Record<string, unknown> = {}): SimulatorSeed {
  const seed = demoSeed();
  return { customer: { ...seed.customer, id: `cust-${name}`, name: `${name} Ltd`, ...customer }, users: seed.users };
}
