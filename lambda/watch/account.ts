/**
 * One account's watch pass: read the account (GET /current_customer), judge the watched rules,
 * compare with the stored state, and on a REGRESSION or RECOVERY publish the alert at once (with
 * who made the change, when the audit log says), then store the new state. The alert is published
 * before the state is written: a pass that cannot write its state alerts again on the next pass,
 * rather than never. Nothing changed: no publish, no write. I/O is injected (the Lambda's S3 and
 * SNS, or the command line's file and terminal); anything that fails is the pass's failure, with
 * what to do, for the caller to notify once (pass.ts).
 */
import { toReportError } from '../failure.js';
import type { CustomerApi } from '../fastly/api.js';
import { getRule } from '../policy/catalog.js';
import type { Policy } from '../policy/schema.js';
import { ruleSettings } from '../policy/settings.js';
import type { ReportError } from '../report/model.js';
import { alertChange, type WatchAlert } from './alert.js';
import { explainChanges } from './attribution.js';
import { compareWithState, type Comparison } from './compare.js';
import { buildAlertNotification, type WatchNotification } from './messages.js';
import { evaluateWatchedRules, type WatchEvaluation } from './rules.js';
import { buildState, checkState, type WatchState } from './state.js';

/** Where a watched account's state lives: the report bucket's state/, or the command line's file. */
export interface WatchStateStore {
  /** Names the stored state in messages: "s3://bucket/state/<id>.json", a file's path. */
  describe(customerId: string): string;
  /**
   * The stored text; undefined when there is none; `unusable` when what is there cannot be a state
   * (far larger than one). Throws when it cannot be read at all.
   */
  read(customerId: string): Promise<string | { unusable: string } | undefined>;
  write(state: WatchState): Promise<void>;
}

export interface AccountWatchInput {
  runId: string;
  /** A fleet account's name; absent for a single account. */
  account?: string;
  policy: Policy;
  /** The client for this account (reading its token first); throws when the token cannot be read. */
  connect(): Promise<CustomerApi>;
  store: WatchStateStore;
  publish(notification: WatchNotification, alert: WatchAlert): Promise<void>;
  now?: () => Date;
  demo?: boolean;
}

export type AccountWatchResult =
  | {
      ok: true;
      customer: { id: string; name: string };
      comparison: Comparison['kind'];
      /** The watched rules as this pass saw them. */
      rules: WatchEvaluation['rules'];
      /** Published this pass. */
      alert?: WatchAlert;
      stateWritten: boolean;
      warnings: string[];
    }
  | {
      ok: false;
      customer?: { id: string; name: string };
      error: ReportError;
      warnings: string[];
      /** Not watched at all: the pass ran out of time before the account's turn (not a failure of the account). */
      skipped?: true;
    };

function watchedStatus(evaluation: WatchEvaluation): 'PASS' | 'FAIL' {
  return Object.values(evaluation.rules).some((rule) => rule.status === 'FAIL') ? 'FAIL' : 'PASS';
}

export async function watchAccount(input: AccountWatchInput): Promise<AccountWatchResult> {
  const now = input.now ?? (() => new Date());
  const warnings: string[] = [];
  let customer: { id: string; name: string } | undefined;
  try {
    const api = await input.connect();
    const checkedAt = now();
    const read = await api.getLoggedInCustomer();
    if (typeof read.id !== 'string' || read.id === '') {
      return { ok: false, error: { message: 'Fastly returned the account without an id: it cannot be watched.', operation: 'get_logged_in_customer', action: 'Run again; report it if it persists.' }, warnings };
    }
    customer = { id: read.id, name: read.name ?? read.id };
    const evaluation = evaluateWatchedRules(read, input.policy, checkedAt);

    const where = input.store.describe(customer.id);
    const stored = await input.store.read(customer.id);
    const check =
      stored === undefined
        ? { ok: false as const, reason: `there is no watch state at ${where} yet` }
        : typeof stored === 'string'
          ? checkState(stored, customer.id, where)
          : { ok: false as const, reason: stored.unusable };
    if (!check.ok) warnings.push(`${check.reason}: this pass is the baseline, and nothing is alerted`);
    const previous = check.ok ? check.state : undefined;
    const comparison = compareWithState(previous, evaluation);
    if (comparison.kind === 'unchanged') return { ok: true, customer, comparison: 'unchanged', rules: evaluation.rules, stateWritten: false, warnings };

    let alert: WatchAlert | undefined;
    if (comparison.kind === 'changed' && comparison.changes.length > 0 && previous) {
      const explained = await explainChanges(api, { changes: comparison.changes, evaluation, customer: read, policy: input.policy, since: new Date(previous.observedAt), now: checkedAt });
      warnings.push(...explained.warnings);
      alert = {
        runId: input.runId,
        ...(input.account ? { account: input.account } : {}),
        customer,
        checkedAt: checkedAt.toISOString(),
        comparedWith: previous.observedAt,
        changes: comparison.changes.map((change) => alertChange(change, (ruleId) => ruleSettings(input.policy, ruleId).severity ?? getRule(ruleId).severity, explained.byRule.get(change.ruleId))),
        status: watchedStatus(evaluation),
        warnings: [...explained.warnings],
        ...(input.demo ? { demo: true } : {}),
      };
      await input.publish(buildAlertNotification(alert), alert);
    }
    await input.store.write(buildState(customer, evaluation, checkedAt));
    return { ok: true, customer, comparison: comparison.kind, rules: evaluation.rules, ...(alert ? { alert } : {}), stateWritten: true, warnings };
  } catch (error) {
    return { ok: false, ...(customer ? { customer } : {}), error: toReportError(error), warnings };
  }
}
