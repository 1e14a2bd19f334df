/**
 * What lets a fleet's function read its accounts' tokens, and nothing else: GetSecretValue on
 * each listed secret's ARN (its name, then `-??????` for the random suffix Secrets Manager adds).
 *
 * A thousand ARNs do not fit one IAM policy (a managed policy holds 6,144 characters, a role's
 * inline policies 10,240 together), and CDK's own overflow splitting cannot split one statement
 * nor count an ARN's resolved length. So the ARNs are packed here into customer managed policies,
 * each within 6,144 characters for the longest partition, region and account id an ARN can
 * resolve to. A role takes 10 managed policies by default and 20 after a quota increase: more
 * than 10 is a warning at synth, more than 20 a props problem (lib/fleet-settings.ts).
 */
import { Annotations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { RegisteredAccount } from '../../lambda/fleet/registry.js';
import { secretNameArn } from './token-secret.js';

/** IAM's limit for one managed policy, in characters (whitespace not counted). */
const MANAGED_POLICY_CHARACTERS = 6_144;
/** A policy document and one statement around the ARNs: {"Version":...,"Statement":[{"Sid":...,"Effect":...,"Action":...,"Resource":[...]}]}, with room to spare. */
const POLICY_OVERHEAD_CHARACTERS = 200;
/** "arn:" + partition (aws-us-gov: 10) + ":secretsmanager:" + region (14) + ":" + account (12) + ":secret:" ... "-??????", quoted, and a comma. */
const ARN_CHARACTERS_BESIDE_NAME = 4 + 10 + 16 + 14 + 1 + 12 + 8 + 7 + 3;
export const DEFAULT_MANAGED_POLICIES_PER_ROLE = 10;
export const MAX_MANAGED_POLICIES_PER_ROLE = 20;

/** The secrets' names in groups, each group's ARNs fitting one managed policy. */
export function packSecretNames(names: readonly string[]): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let size = POLICY_OVERHEAD_CHARACTERS;
  for (const name of names) {
    const cost = ARN_CHARACTERS_BESIDE_NAME + name.length;
    if (current.length > 0 && size + cost > MANAGED_POLICY_CHARACTERS) {
      groups.push(current);
      current = [];
      size = POLICY_OVERHEAD_CHARACTERS;
    }
    current.push(name);
    size += cost;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

export function grantFleetTokens(scope: Construct, role: IRole, accounts: readonly RegisteredAccount[]): ManagedPolicy[] {
  const groups = packSecretNames(accounts.map((account) => account.tokenSecretName));
  if (groups.length > DEFAULT_MANAGED_POLICIES_PER_ROLE) {
    Annotations.of(scope).addWarningV2(
      'fastly-compliance-auditor:fleetTokenPolicies',
      `The fleet's ${accounts.length} token secrets need ${groups.length} managed policies on the function's role: raise the IAM quota "Managed policies per role" (default ${DEFAULT_MANAGED_POLICIES_PER_ROLE}) to at least ${groups.length} before deploying.`,
    );
  }
  return groups.map(
    (names, index) =>
      new ManagedPolicy(scope, `TokenSecretsPolicy${index + 1}`, {
        description: `Fastly compliance auditor: read the Fastly API tokens of ${names.length} fleet accounts (part ${index + 1} of ${groups.length})`,
        roles: [role],
        statements: [new PolicyStatement({ sid: 'ReadFastlyTokens', actions: ['secretsmanager:GetSecretValue'], resources: names.map((name) => secretNameArn(scope, name)) })],
      }),
  );
}
