/**
 * runAudit(): the one audit flow shared by the CLI and the Lambda. Fetch the customer, then its
 * users (and its tokens and invitations when an enabled rule needs them); evaluate the policy;
 * attribute FAILs from the audit log; plan (and in apply mode, apply and verify) the safe fixes;
 * build the report (the caller adds the delta: it knows where the previous report is). A failed
 * fetch never turns into a PASS: the rules that needed the data are ERROR, the report is ERROR,
 * and nothing is written to the account. A fix that fails makes the report ERROR too; its
 * findings keep their FAIL. A fix verified in this run makes its finding FIXED. An unreadable
 * audit log is only a warning.
 */
import { fetchAccount } from './account.js';
import { attributeFromAuditLog } from './attribution/from-audit-log.js';
import { toReportError } from './failure.js';
import type { CustomerApi } from './fastly/api.js';
import { evaluatePolicy, withVerifiedFixes } from './policy/evaluate.js';
import type { Policy } from './policy/schema.js';
import { applyRemediation, type RemediationObserver } from './remediation/executor.js';
import { planRemediation, type RemediationPlan } from './remediation/planner.js';
import { remediationSettings } from './remediation/settings.js';
import { buildAccessReview } from './report/access-review.js';
import { complianceSummary } from './report/compliance-summary.js';
import { UNKNOWN_CUSTOMER } from './report/error-report.js';
import type { RemediationChange, RemediationMode, Report, ReportError, RunStatus } from './report/model.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export interface AuditOptions {
  api: CustomerApi;
  policy: Policy;
  /** `apply` writes the accepted fixes; `plan` (default) only reports them. */
  mode?: RemediationMode;
  runId: string;
  /** Injected clock, for tests and for exception expiry. */
  now?: () => Date;
  /**
   * Called with the account as soon as it is read, before the users are read and anything is
   * judged or written: a check of the caller's inputs against it (a previous report of another
   * customer, say) throws to stop the run there.
   */
  checkAccount?: (customer: { id: string; name: string }) => void;
  /** The account is the built-in simulator's demo account: the report says so. */
  demo?: boolean;
  /** Told of each write to the account as it happens (apply mode). */
  onRemediation?: RemediationObserver;
}

/** The API calls of the fix that failed, kept for the run's errors (the executor keeps only their message). */
function observingFailures(api: CustomerApi, failures: unknown[]): CustomerApi {
  const observe = <T>(call: Promise<T>): Promise<T> =>
    call.catch((error: unknown) => {
      failures.push(error);
      throw error;
    });
  return {
    getLoggedInCustomer: () => observe(api.getLoggedInCustomer()),
    getCustomer: (customerId) => observe(api.getCustomer(customerId)),
    listUsers: (customerId) => observe(api.listUsers(customerId)),
    updateCustomer: (customerId, update) => observe(api.updateCustomer(customerId, update)),
    listCustomerTokens: (customerId) => observe(api.listCustomerTokens(customerId)),
    listAutomationTokens: () => observe(api.listAutomationTokens()),
    listInvitations: () => observe(api.listInvitations()),
    listEvents: (query) => observe(api.listEvents(query)),
    get rateLimit() {
      return api.rateLimit;
    },
  };
}

/**
 * Applies the plan. A fix that fails (the write refused or unanswered, the read-back failed or
 * differs) leaves the account not as the report's plan said: the run is ERROR, with what failed
 * and what to do, and remediation.changes says which change it was.
 */
async function remediate(
  api: CustomerApi,
  customerId: string,
  plan: RemediationPlan,
  observer: RemediationObserver | undefined,
): Promise<{ changes: RemediationChange[]; errors: ReportError[] }> {
  const failures: unknown[] = [];
  const changes = await applyRemediation(observingFailures(api, failures), customerId, plan, observer);
  const failed = changes.filter((change) => change.status === 'failed');
  if (failed.length === 0) return { changes, errors: [] };
  if (failures.length > 0) return { changes, errors: failures.map(toReportError) };
  return {
    changes,
    errors: [
      {
        message: `The fix did not take: ${failed.map((change) => `${change.field} ${change.reason ?? 'failed'}`).join('; ')}.`,
        operation: 'update_customer',
        action: 'Check these settings in the Fastly control panel (Account > Company settings); nothing else was changed.',
      },
    ],
  };
}

function runStatus(errors: ReportError[], hasErrorRule: boolean, hasFailure: boolean): RunStatus {
  if (errors.length > 0 || hasErrorRule) return 'ERROR';
  return hasFailure ? 'FAIL' : 'PASS';
}

export async function runAudit(options: AuditOptions): Promise<Report> {
  const now = options.now ?? (() => new Date());
  const mode = options.mode ?? 'plan';
  const startedAt = now();

  const fetched = await fetchAccount(options.api, options.policy, options.checkAccount);
  const evaluated = evaluatePolicy({
    customer: fetched.customer,
    users: fetched.users,
    tokens: fetched.tokens,
    invitations: fetched.invitations,
    policy: options.policy,
    now: startedAt,
    missing: fetched.missing,
  });
  const hasErrorRule = evaluated.rules.some((rule) => rule.status === 'ERROR');
  // Read before any fix is written: every read of a run comes before its write.
  const attributed = await attributeFromAuditLog(options.api, {
    findings: evaluated.findings,
    customer: fetched.customer,
    users: fetched.users ?? [],
    policy: options.policy,
    now: startedAt,
  });
  // A finding this run fixes keeps its attribution: who made the change it undid.
  let evaluation = { ...evaluated, findings: attributed.findings };

  let changes: RemediationChange[] = [];
  const errors = [...fetched.errors];
  if (fetched.customer) {
    const plan = planRemediation({
      customer: fetched.customer,
      users: fetched.users ?? [],
      findings: evaluation.findings,
      settings: remediationSettings(options.policy),
      mode,
      dataComplete: fetched.errors.length === 0 && !hasErrorRule,
      rateLimit: options.api.rateLimit,
    });
    changes = plan.changes;
    if (mode === 'apply' && plan.accepted.length > 0 && fetched.customer.id) {
      const applied = await remediate(options.api, fetched.customer.id, plan, options.onRemediation);
      changes = applied.changes;
      errors.push(...applied.errors);
      evaluation = withVerifiedFixes(evaluation, changes);
    }
  }

  return {
    schemaVersion: 1,
    ...(options.demo ? { demo: true as const } : {}),
    runId: options.runId,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    customer: fetched.customer?.id
      ? { id: fetched.customer.id, name: fetched.customer.name ?? fetched.customer.id }
      : { ...UNKNOWN_CUSTOMER },
    status: runStatus(errors, hasErrorRule, evaluation.findings.some((f) => f.status === 'FAIL')),
    summary: evaluation.summary,
    rules: evaluation.rules,
    compliance: complianceSummary(evaluation.rules),
    findings: evaluation.findings,
    ...(fetched.users
      ? { accessReview: buildAccessReview({ users: fetched.users, tokens: fetched.tokens, findings: evaluation.findings }) }
      : {}),
    remediation: { mode, changes },
    errors,
    warnings: attributed.warnings,
  };
}
