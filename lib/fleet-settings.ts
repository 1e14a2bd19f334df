/**
 * A fleet's props checked up front with the others (lib/props-check.ts): every account's name,
 * secret, policy, remediation and notify mode, with the construct's own values as defaults, and
 * the Map's concurrency. Each problem names the prop (`fleet.accounts[2].tokenSecretName`).
 */
import { SECRET_NAME, SECRET_NAME_RULE } from '../lambda/aws/secret-name.js';
import { ACCOUNT_NAME, ACCOUNT_NAME_RULE } from '../lambda/fleet/account-name.js';
import { MAX_FLEET_ACCOUNTS } from '../lambda/fleet/accounts-schema.js';
import type { RegisteredAccount } from '../lambda/fleet/registry.js';
import { ACCOUNT_NOTIFY_MODES, REMEDIATION_MODES, type NotifyMode, type RemediationMode } from '../lambda/modes.js';
import type { Policy } from '../lambda/policy/schema.js';
import type { FleetSettings } from './auditor-props.js';
import { MAX_MANAGED_POLICIES_PER_ROLE, packSecretNames } from './parts/fleet-token-grants.js';
import { checkPolicyAt, oneOf, show, stringMatching, wholeNumberIn, type PropsCheck } from './props-check.js';

export const DEFAULT_FLEET_CONCURRENCY = 10;
/** An inline Map runs at most 40 iterations at once. */
export const MAX_FLEET_CONCURRENCY = 40;

export interface ResolvedFleet {
  accounts: RegisteredAccount[];
  concurrency: number;
}

const ACCOUNT_NAME_CHECK = stringMatching(ACCOUNT_NAME, ACCOUNT_NAME_RULE.replace(/^must be /, ''));

function unique(check: PropsCheck, prop: (index: number) => string, values: readonly unknown[]): void {
  const first = new Map<unknown, number>();
  values.forEach((value, index) => {
    const earlier = first.get(value);
    if (earlier === undefined) first.set(value, index);
    else check.problem(prop(index), value, `repeats ${prop(earlier)} ${show(value)}`);
  });
}

export function checkFleet(
  check: PropsCheck,
  fleet: FleetSettings,
  defaults: { policy: Policy; remediation: RemediationMode; notify: NotifyMode },
): ResolvedFleet {
  const given = Array.isArray(fleet.accounts) ? fleet.accounts : [];
  if (given.length < 1 || given.length > MAX_FLEET_ACCOUNTS) {
    check.problem('fleet.accounts', fleet.accounts, `must list 1 to ${MAX_FLEET_ACCOUNTS} accounts, got ${Array.isArray(fleet.accounts) ? given.length : show(fleet.accounts)}`);
  }
  const accounts = given.map((account, index): RegisteredAccount => {
    const prop = (key: string) => `fleet.accounts[${index}].${key}`;
    return {
      name: check.check(prop('name'), account.name, ACCOUNT_NAME_CHECK),
      tokenSecretName: check.check(prop('tokenSecretName'), account.tokenSecretName, stringMatching(SECRET_NAME, SECRET_NAME_RULE)),
      policy: account.policy === undefined ? defaults.policy : checkPolicyAt(check, prop('policy'), account.policy),
      remediation: check.check(prop('remediation'), account.remediation ?? defaults.remediation, oneOf(REMEDIATION_MODES)),
      notify: check.check(prop('notify'), account.notify ?? defaults.notify, oneOf(ACCOUNT_NOTIFY_MODES)),
    };
  });
  unique(check, (index) => `fleet.accounts[${index}].name`, accounts.map((account) => account.name));
  unique(check, (index) => `fleet.accounts[${index}].tokenSecretName`, accounts.map((account) => account.tokenSecretName));
  const policies = packSecretNames(accounts.map((account) => account.tokenSecretName)).length;
  if (policies > MAX_MANAGED_POLICIES_PER_ROLE) {
    check.problem(
      'fleet.accounts',
      `${accounts.length} accounts`,
      `name secrets whose ARNs need ${policies} managed policies on the function's role, more than the ${MAX_MANAGED_POLICIES_PER_ROLE} IAM allows: use shorter secret names, or split the fleet into two stacks`,
    );
  }
  const concurrency = check.check('fleet.concurrency', fleet.concurrency ?? DEFAULT_FLEET_CONCURRENCY, wholeNumberIn(1, MAX_FLEET_CONCURRENCY));
  return { accounts, concurrency };
}
