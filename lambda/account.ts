/**
 * Reading the account an audit judges: the customer first (its id names everything else), then,
 * side by side, its users and whatever else an enabled rule needs (tokens, invitations). A read
 * that fails leaves its data missing, with the reason and what to do: the rules that needed it
 * are ERROR, never PASS.
 */
import { toReportError } from './failure.js';
import type { CustomerApi } from './fastly/api.js';
import type { Invitation } from './fastly/access-schemas.js';
import type { Customer, User } from './fastly/schemas.js';
import { RULES } from './policy/catalog.js';
import type { Policy } from './policy/schema.js';
import { ruleSettings } from './policy/settings.js';
import { accountTokens, type AccountToken } from './policy/token-facts.js';
import type { RuleNeed } from './policy/types.js';
import type { ReportError } from './report/model.js';

export interface AccountData {
  customer?: Customer;
  users?: User[];
  /** Read only when an enabled rule needs them. */
  tokens?: AccountToken[];
  invitations?: Invitation[];
  errors: ReportError[];
  /** Why each missing kind of data is missing. */
  missing: Partial<Record<RuleNeed, string>>;
}

/** The enabled rules that need this data, in catalog order. */
export function rulesNeeding(policy: Policy, need: RuleNeed): string[] {
  return RULES.filter((rule) => rule.needs.includes(need) && ruleSettings(policy, rule.id).enabled).map((rule) => rule.id);
}

/** A failed read as a report error; a 403 also says which rules can be turned off instead. */
function readFailure(error: unknown, rules: readonly string[]): ReportError {
  const failure = toReportError(error);
  if (failure.status !== 403 || rules.length === 0) return failure;
  const action = `${failure.action ?? ''} Or turn off ${rules.join(', ')} in the policy ("enabled": false).`.trim();
  return { ...failure, action };
}

type Read<T> = { ok: true; data: T } | { ok: false; errors: ReportError[] };

/** Runs the calls of one kind of data side by side; any failure fails the kind (each one reported). */
async function read<Results extends unknown[], T>(
  calls: { [K in keyof Results]: Promise<Results[K]> },
  combine: (...results: Results) => T,
  rules: readonly string[] = [],
): Promise<Read<T>> {
  const settled = await Promise.allSettled(calls);
  const errors = settled.flatMap((result) => (result.status === 'rejected' ? [readFailure(result.reason, rules)] : []));
  if (errors.length > 0) return { ok: false, errors };
  const values = settled.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
  return { ok: true, data: combine(...(values as Results)) };
}

const SKIPPED: Read<undefined> = { ok: true, data: undefined };

/**
 * `checkAccount` sees the account as soon as it is read, before anything else is: a check of the
 * caller's inputs against it (a previous report of another customer) throws to stop the run there.
 */
export async function fetchAccount(
  api: CustomerApi,
  policy: Policy,
  checkAccount?: (customer: { id: string; name: string }) => void,
): Promise<AccountData> {
  let customer: Customer;
  try {
    customer = await api.getLoggedInCustomer();
  } catch (error) {
    const failure = toReportError(error);
    const notRead = 'the account could not be read';
    return { errors: [failure], missing: { customer: failure.message, users: notRead, tokens: notRead, invitations: notRead } };
  }
  const customerId = customer.id;
  if (typeof customerId !== 'string' || customerId === '') {
    const failure: ReportError = {
      message: 'Fastly returned the account without an id: the users cannot be read.',
      operation: 'get_logged_in_customer',
      action: 'Run again; report it if it persists.',
    };
    return { customer, errors: [failure], missing: { users: failure.message, tokens: failure.message, invitations: failure.message } };
  }
  checkAccount?.({ id: customerId, name: customer.name ?? customerId });

  const tokenRules = rulesNeeding(policy, 'tokens');
  const invitationRules = rulesNeeding(policy, 'invitations');
  // Users always: the fixes' guardrails weigh them (who force_2fa would log out) even when no rule judges them.
  const [users, tokens, invitations] = await Promise.all([
    read([api.listUsers(customerId)], (list) => list),
    tokenRules.length === 0
      ? SKIPPED
      : read([api.listCustomerTokens(customerId), api.listAutomationTokens()], accountTokens, tokenRules),
    invitationRules.length === 0 ? SKIPPED : read([api.listInvitations()], (list) => list, invitationRules),
  ]);

  const data: AccountData = { customer, errors: [], missing: {} };
  const settle = <K extends 'users' | 'tokens' | 'invitations'>(need: K, result: Read<AccountData[K]>): void => {
    if (result.ok) {
      if (result.data !== undefined) data[need] = result.data;
      return;
    }
    data.errors.push(...result.errors);
    data.missing[need] = result.errors[0]?.message;
  };
  settle('users', users);
  settle('tokens', tokens);
  settle('invitations', invitations);
  return data;
}
