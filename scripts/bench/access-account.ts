/**
 * The account of the access measure: a generated company with 1,000 API tokens (800 of its users',
 * 200 automation tokens, two pages of them) and a year of audit log, 50,000 events. Built the same
 * in every process that needs it (the latency server, the round-trip count), from fixed seeds.
 */
import type { Policy } from '../../lambda/policy/schema.js';
import { generateAccess, generateSeed, type SimulatorSeed } from '../../simulator/index.js';
import { policyForAccount } from './scale.js';

export const ACCESS_SIZES = { users: 200, tokens: 800, automationTokens: 200, invitations: 20, events: 50_000 } as const;

export function accessSeed(): SimulatorSeed {
  const account = generateSeed({ users: ACCESS_SIZES.users, seed: 11 });
  return { ...account, ...generateAccess(account, { ...ACCESS_SIZES, seed: 12 }) };
}

/** The deployed policy for the generated company: every rule and the attribution on. */
export function accessPolicy(policy: Policy, seed: SimulatorSeed): Policy {
  return policyForAccount(policy, seed);
}

/**
 * The deployed policy without the reads beyond the customer and its users (token and invitation
 * rules, attribution): the audit the account measure and its peer compare, as before tokens.
 */
export function withoutAccessReads(policy: Policy): Policy {
  const off = { enabled: false };
  return {
    ...policy,
    rules: { ...policy.rules, 'token.expiry': off, 'token.unused': off, 'token.owner': off, 'invitation.stale': off },
    attribution: { ...policy.attribution, enabled: false },
  };
}
