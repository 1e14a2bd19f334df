/**
 * The accounts file of a fleet (design.md, "Fleet"): a strict zod schema (unknown keys are
 * errors, with "did you mean"), its parser with problems shaped like the policy's, and the JSON
 * Schema generated from it (`accounts.schema.json`). Pure: reading the file and its policies is
 * lambda/fleet/accounts-load.ts.
 */
import { SECRET_NAME, SECRET_NAME_RULE } from '../aws/secret-name.js';
import { AuditorError } from '../errors.js';
import { ACCOUNT_NOTIFY_MODES, REMEDIATION_MODES } from '../modes.js';
import { formatPolicyIssues, knownKeysOf, toPolicyIssues, type PolicyIssue } from '../policy/issues.js';
import { nonEmptyString, optional } from '../policy/setting.js';
import * as z from '../zod.js';
import { ACCOUNT_NAME, ACCOUNT_NAME_RULE } from './account-name.js';


/**
 * The most accounts one file may list. A fleet run's Map keeps each iteration in the execution's
 * history (25,000 events, about 9 per account), and the digest is sized for this many.
 */
export const MAX_FLEET_ACCOUNTS = 1000;

const policyFile = () =>
  optional(nonEmptyString(), {
    description: 'Path of the policy file, relative to this accounts file.',
  });
const remediation = () =>
  optional(z.enum(REMEDIATION_MODES), {
    description: '"plan" reports the fixes; "apply" also makes them (for rules with "remediate": "auto").',
  });
const notify = () =>
  optional(z.enum(ACCOUNT_NOTIFY_MODES), {
    description: '"always" notifies after every run, "change" only when something changed (an ERROR always notifies), "digest" only through the fleet digest.',
  });

const AccountSchema = z.strictObject({
  name: z.string().check(z.regex(ACCOUNT_NAME, ACCOUNT_NAME_RULE), z.meta({ description: 'Unique name of the account: lower-case letters, digits and hyphens, at most 63.' })),
  tokenSecretName: z
    .string()
    .check(z.regex(SECRET_NAME, `must be ${SECRET_NAME_RULE}`), z.meta({ description: 'Name of the Secrets Manager secret holding this account\'s Fastly API token.' })),
  policyFile: policyFile(),
  remediation: remediation(),
  notify: notify(),
});

const DefaultsSchema = z.strictObject({ policyFile: policyFile(), remediation: remediation(), notify: notify() });

/** Two accounts with one name, or with one token secret (which audits one customer twice), are mistakes. */
function noRepeats(accounts: readonly { name: string; tokenSecretName: string }[], ctx: z.core.$RefinementCtx<unknown>): void {
  for (const key of ['name', 'tokenSecretName'] as const) {
    const first = new Map<string, number>();
    accounts.forEach((account, index) => {
      const earlier = first.get(account[key]);
      if (earlier === undefined) first.set(account[key], index);
      else ctx.addIssue({ code: 'custom', path: ['accounts', index, key], message: `repeats accounts[${earlier}].${key} ${JSON.stringify(account[key])}` });
    });
  }
}

export const AccountsFileSchema = z
  .strictObject({
    $schema: optional(z.string(), { description: 'Path or URL of accounts.schema.json, for editors.' }),
    version: z.literal(1).check(z.meta({ description: 'Accounts file format version; always 1.' })),
    defaults: optional(DefaultsSchema, {
      description: "What an account that leaves a key out uses; what neither sets comes from the stack's own policyFile, remediation and notify.",
    }),
    accounts: z
      .array(AccountSchema)
      .check(z.minLength(1), z.maxLength(MAX_FLEET_ACCOUNTS), z.meta({ description: `The Fastly accounts to audit, 1 to ${MAX_FLEET_ACCOUNTS}.` })),
  })
  .check(
    z.superRefine((file, ctx) => noRepeats(file.accounts, ctx)),
    z.meta({
      title: 'Fastly compliance auditor accounts',
      description: 'The Fastly accounts one deployment audits, each with its token secret, policy, remediation and notifications.',
    }),
  );

export type AccountsFile = z.infer<typeof AccountsFileSchema>;
export type AccountEntry = AccountsFile['accounts'][number];

export type AccountsParseResult = { ok: true; file: AccountsFile } | { ok: false; issues: PolicyIssue[] };

const knownKeysAt = knownKeysOf(AccountsFileSchema);

export function parseAccountsFile(input: unknown): AccountsParseResult {
  const result = AccountsFileSchema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, file: result.data };
  return { ok: false, issues: toPolicyIssues(result.error.issues, knownKeysAt) };
}

/** An accounts file that cannot be used: every problem with its path (a policy's problems under its account). */
export class AccountsValidationError extends AuditorError {
  override readonly name = 'AccountsValidationError';
  readonly issues: PolicyIssue[];
  readonly source?: string;

  constructor(issues: PolicyIssue[], source?: string) {
    super(formatPolicyIssues(issues, source), {
      operation: 'load_accounts',
      action: 'Fix the accounts file and the policies it names (npm start -- validate accounts.json), then run again.',
    });
    this.issues = issues;
    if (source !== undefined) this.source = source;
  }
}

/** The JSON Schema of the accounts file (draft 2020-12), as written: defaults are optional. */
export function accountsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(AccountsFileSchema, { io: 'input' }) as Record<string, unknown>;
}
