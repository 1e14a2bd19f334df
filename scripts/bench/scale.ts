/**
 * Scale: the audit of generated accounts in a fresh child process per size. The parent writes
 * the account as the two response bodies the API would send, and the policy; the child parses
 * them and times the audit (see scale-child.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '../../lambda/policy/schema.js';
import { generateSeed, type SimulatorSeed } from '../../simulator/index.js';
import { lastJsonLine, runNode } from './node-child.js';
import type { ScaleResult } from './scale-child.js';

/**
 * The deployed policy, with the generated company's own domain as the allowed email domain (as
 * its platform team would write it); otherwise every generated login would fail that rule.
 */
export function policyForAccount(policy: Policy, seed: SimulatorSeed): Policy {
  const ownerLogin = String(seed.users[0]?.login ?? '');
  const domain = ownerLogin.slice(ownerLogin.lastIndexOf('@') + 1);
  const emailDomain = policy.rules?.['user.email-domain'] ?? {};
  return { ...policy, rules: { ...policy.rules, 'user.email-domain': { ...emailDomain, allowedDomains: [domain] } } };
}

export async function measureScale(childFile: string, users: number, policy: Policy, dir: string): Promise<ScaleResult> {
  const files = ['customer', 'users', 'policy'].map((name) => join(dir, `${name}-${users}.json`));
  const [customerFile, usersFile, policyFile] = files as [string, string, string];
  {
    // Scoped so the generated account can be collected before the child runs.
    const seed = generateSeed({ users, seed: 7 });
    writeFileSync(customerFile, JSON.stringify(seed.customer));
    writeFileSync(usersFile, JSON.stringify(seed.users));
    writeFileSync(policyFile, JSON.stringify(policyForAccount(policy, seed)));
  }
  const { stdout } = await runNode([childFile, ...files], { PATH: process.env.PATH });
  return lastJsonLine<ScaleResult>(stdout);
}
