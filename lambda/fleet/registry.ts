/**
 * The fleet baked into the Lambda bundle: every account's name, token secret, policy, remediation
 * and notify mode, validated at synth (lambda/fleet/accounts-load.ts) and put in the bundle by
 * esbuild's `define` under FLEET_DEFINE_KEY, as the single-account policy is (Lambda environment
 * variables are capped at 4 KB; a thousand accounts are not). Identical policies are stored once.
 * The bundle is checked again when it is read: a bundle built by hand could carry anything.
 */
import { AuditorError } from '../errors.js';
import { ACCOUNT_NOTIFY_MODES, REMEDIATION_MODES, type AccountNotifyMode, type RemediationMode } from '../modes.js';
import { formatPolicyIssues } from '../policy/issues.js';
import { parsePolicy, type Policy } from '../policy/schema.js';
import { closestMatch } from '../policy/suggest.js';
import * as z from '../zod.js';
import { ACCOUNT_NAME } from './account-name.js';

/** The name the handler reads the fleet from; replaced at bundle time, never set in the Lambda environment. */
export const FLEET_DEFINE_KEY = 'process.env.FASTLY_AUDIT_FLEET_JSON';

/** An account as the function runs it. */
export interface RegisteredAccount {
  name: string;
  tokenSecretName: string;
  policy: Policy;
  remediation: RemediationMode;
  notify: AccountNotifyMode;
}

const BakedFleetSchema = z.object({
  version: z.literal(1),
  policies: z.array(z.unknown()),
  accounts: z.array(
    z.object({
      name: z.string().check(z.regex(ACCOUNT_NAME)),
      tokenSecretName: z.string().check(z.minLength(1)),
      policy: z.int().check(z.minimum(0)),
      remediation: z.enum(REMEDIATION_MODES),
      notify: z.enum(ACCOUNT_NOTIFY_MODES),
    }),
  ),
});

/** The fleet's JSON text for the bundle: each distinct policy once, accounts pointing at theirs. */
export function bakeFleet(accounts: readonly RegisteredAccount[]): string {
  const policies: Policy[] = [];
  const index = new Map<string, number>();
  const baked = accounts.map((account) => {
    const text = JSON.stringify(account.policy);
    let policy = index.get(text);
    if (policy === undefined) {
      policy = policies.push(account.policy) - 1;
      index.set(text, policy);
    }
    return { name: account.name, tokenSecretName: account.tokenSecretName, policy, remediation: account.remediation, notify: account.notify };
  });
  return JSON.stringify({ version: 1, policies, accounts: baked });
}

/** The bundle's fleet cannot be used: a deployment problem, not a mistake of one account. */
export class BundledFleetError extends AuditorError {
  override readonly name = 'BundledFleetError';
  constructor(message: string) {
    super(message, {
      operation: 'load_accounts',
      action: 'Deploy with the FastlyComplianceAuditor construct and cdk.json accountsFile (cdk deploy), which validates the accounts and their policies and bakes them into the bundle.',
    });
  }
}

/** An account event named an account the bundle does not know. */
export class UnknownAccountError extends AuditorError {
  override readonly name = 'UnknownAccountError';
  constructor(name: string, known: readonly string[]) {
    const suggestion = closestMatch(name, known);
    const listed = known.slice(0, 10).join(', ') + (known.length > 10 ? ` and ${known.length - 10} more` : '');
    super(`no account named ${JSON.stringify(name)} in this deployment${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ''} (accounts: ${listed})`, {
      operation: 'resolve_account',
      action: 'Invoke with the name of an account in the accounts file; a new account takes effect on the next cdk deploy.',
    });
  }
}

export class Fleet {
  private readonly byName: Map<string, RegisteredAccount>;
  /** The accounts' names, in the accounts' order: made once, as the digest reads them per account. */
  readonly names: readonly string[];

  constructor(readonly accounts: readonly RegisteredAccount[]) {
    this.byName = new Map(accounts.map((account) => [account.name, account]));
    this.names = accounts.map((account) => account.name);
  }

  /** The account of that name; an UnknownAccountError with a "did you mean" otherwise. */
  account(name: string): RegisteredAccount {
    const account = this.byName.get(name);
    if (!account) throw new UnknownAccountError(name, this.names);
    return account;
  }
}

/** Parses and checks a baked fleet (its policies with the policy's own parser). */
export function parseBakedFleet(text: string): Fleet {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BundledFleetError(`The baked-in accounts are not valid JSON: ${(error as Error).message}`);
  }
  const result = BakedFleetSchema.safeParse(data);
  if (!result.success) throw new BundledFleetError(`The baked-in accounts are not in the expected shape: ${z.prettifyError(result.error)}`);
  const policies = result.data.policies.map((raw, index) => {
    const policy = parsePolicy(raw);
    if (!policy.ok) throw new BundledFleetError(`The baked-in policy ${index} is invalid:\n${formatPolicyIssues(policy.issues)}`);
    return policy.policy;
  });
  const accounts = result.data.accounts.map((account): RegisteredAccount => {
    const policy = policies[account.policy];
    if (policy === undefined) throw new BundledFleetError(`The baked-in account ${account.name} names policy ${account.policy}, which is not there`);
    return { ...account, policy };
  });
  if (new Set(accounts.map((account) => account.name)).size !== accounts.length) throw new BundledFleetError('The baked-in accounts repeat a name');
  return new Fleet(accounts);
}

let cached: { text: string; fleet: Fleet } | undefined;

/** The bundle's fleet, or undefined for a single-account bundle (nothing baked under FLEET_DEFINE_KEY). */
export function bundledFleet(): Fleet | undefined {
  const text = process.env.FASTLY_AUDIT_FLEET_JSON;
  if (text === undefined || text === '') return undefined;
  if (cached?.text !== text) cached = { text, fleet: parseBakedFleet(text) };
  return cached.fleet;
}
