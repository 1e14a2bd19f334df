/**
 * Remediation executor: writes every accepted change in one update_customer call, reads the
 * customer back and verifies each field. It talks to Fastly only through CustomerApi, sends at
 * most one PUT per run, never retries a write, and never deletes or creates anything.
 */
import type { CustomerApi } from '../fastly/api.js';
import { WRITABLE_CUSTOMER_FIELDS, type Customer, type CustomerUpdate, type WritableCustomerField } from '../fastly/schemas.js';
import type { RemediationChange } from '../report/model.js';
import type { RemediationPlan } from './planner.js';

const changeKey = (change: RemediationChange): string => `${change.ruleId}\u0000${change.field}`;

function isWritableField(field: string): field is WritableCustomerField {
  return (WRITABLE_CUSTOMER_FIELDS as readonly string[]).includes(field);
}

/** Only writable fields with a string or boolean value can go on the wire; anything else fails locally. */
function unsendableReason(change: RemediationChange): string | undefined {
  if (!isWritableField(change.field)) return `not written: ${change.field} is not a writable customer field`;
  if (typeof change.to !== 'string' && typeof change.to !== 'boolean') {
    return `not written: ${change.field} has no value to write`;
  }
  return undefined;
}

function buildUpdate(changes: RemediationChange[]): CustomerUpdate {
  const update: CustomerUpdate = {};
  for (const change of changes) update[change.field as WritableCustomerField] = change.to as string | boolean;
  return update;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function verify(change: RemediationChange, customer: Customer): RemediationChange {
  const after: unknown = customer[change.field] ?? null;
  if (after === change.to) return { ...change, status: 'verified', after };
  return {
    ...change,
    status: 'failed',
    reason: `written but read back ${JSON.stringify(after)} instead of ${JSON.stringify(change.to)}`,
    after,
  };
}

/**
 * Told of the account's changes as they happen, so that a caller can record each write at once:
 * whatever fails after it (the read-back, the archive, the run's time), the write is not lost.
 */
export interface RemediationObserver {
  /** Fastly accepted the write: the account has these changes (`to`), not yet read back. */
  written?(changes: readonly RemediationChange[]): void;
  /** Each change's outcome: verified, or failed with its reason (the write refused or unanswered, or read back different). */
  settled?(changes: readonly RemediationChange[]): void;
}

async function writeAndVerify(
  api: CustomerApi,
  customerId: string,
  changes: RemediationChange[],
  observer: RemediationObserver,
): Promise<RemediationChange[]> {
  const settle = (outcomes: RemediationChange[]): RemediationChange[] => {
    observer.settled?.(outcomes);
    return outcomes;
  };
  const fail = (reason: string): RemediationChange[] =>
    settle(changes.map((change) => ({ ...change, status: 'failed', reason })));
  try {
    await api.updateCustomer(customerId, buildUpdate(changes));
  } catch (error) {
    // No retry: a write that failed half-way is better reported than repeated.
    return fail(`write failed: ${errorMessage(error)}`);
  }
  observer.written?.(changes);
  let customer: Customer;
  try {
    customer = await api.getCustomer(customerId);
  } catch (error) {
    return fail(`written but could not be verified: ${errorMessage(error)}`);
  }
  return settle(changes.map((change) => verify(change, customer)));
}

/**
 * Applies a plan and returns every change of it (in plan order) with its outcome:
 * accepted changes become `verified` or `failed`; the others are returned as planned.
 */
export async function applyRemediation(
  api: CustomerApi,
  customerId: string,
  plan: RemediationPlan,
  observer: RemediationObserver = {},
): Promise<RemediationChange[]> {
  const outcomes = new Map<string, RemediationChange>();
  const sendable: RemediationChange[] = [];
  for (const change of plan.accepted) {
    const reason = unsendableReason(change);
    if (reason === undefined) sendable.push(change);
    else outcomes.set(changeKey(change), { ...change, status: 'failed', reason });
  }
  if (sendable.length > 0) {
    for (const outcome of await writeAndVerify(api, customerId, sendable, observer)) outcomes.set(changeKey(outcome), outcome);
  }
  return plan.changes.map((change) => outcomes.get(changeKey(change)) ?? change);
}
