/**
 * `validate <file>`: a policy file, or an accounts file (told apart by its `accounts` key) with
 * every policy it names. Accounts without a policy of their own or a default use ./policy.json
 * when present, else the built-in defaults, as `fleet` does. Problems throw, each with its path.
 */
import { loadAccountsFile, looksLikeAccountsFile } from '../../lambda/fleet/accounts-load.js';
import { readJsonFile } from '../../lambda/json-file.js';
import { loadPolicyFile } from '../../lambda/policy/load.js';
import { resolvePolicy } from './policy-source.js';

/** The one-line summary of a valid file. */
export function validateCommand(file: string, cwd: string = process.cwd()): string {
  const read = readJsonFile(file, 'the file');
  if (read.ok && looksLikeAccountsFile(read.data)) {
    const accounts = loadAccountsFile(file, { policy: resolvePolicy(undefined, undefined, cwd), remediation: 'plan', notify: 'always' });
    const byPolicy = new Map<string, number>();
    for (const account of accounts) byPolicy.set(account.policyOrigin, (byPolicy.get(account.policyOrigin) ?? 0) + 1);
    const policies = [...byPolicy].map(([origin, count]) => `${origin} (${count})`).join(', ');
    return `${file}: valid (${accounts.length} accounts; policies: ${policies})\n`;
  }
  const policy = loadPolicyFile(file);
  return `${file}: valid (${Object.keys(policy.rules ?? {}).length} rule blocks, ${policy.exceptions?.length ?? 0} exceptions)\n`;
}
