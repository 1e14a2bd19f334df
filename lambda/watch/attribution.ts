/**
 * Who made the changes a pass found, from the audit log: only when there is a change to explain,
 * only its event types, and only since the watch last saw a change (the state's observedAt, and
 * never further back than the policy's attribution.days). The matching is the audit's own
 * (lambda/attribution/attribute.ts), so a REGRESSION names the same event the nightly report
 * would. A RECOVERY is explained the same way: the rule's FAIL, as the state knew it, is what the
 * change undid. An audit log that cannot be read (403 for a token that is not a superuser's)
 * leaves the alert without attribution, with a warning: never a failed watch.
 */
import { attribute, attributionTargets } from '../attribution/attribute.js';
import { attributionSettings } from '../attribution/settings.js';
import type { AttributionSpec } from '../attribution/spec.js';
import { toReportError } from '../failure.js';
import type { CustomerApi } from '../fastly/api.js';
import type { AuditEvent } from '../fastly/access-schemas.js';
import type { Customer, User } from '../fastly/schemas.js';
import { getRule, isRuleId } from '../policy/catalog.js';
import { findingId } from '../policy/evaluate.js';
import type { Policy } from '../policy/schema.js';
import { accountSubject } from '../policy/subjects.js';
import type { Attribution, Finding } from '../report/model.js';
import type { RuleChange } from './compare.js';
import type { WatchEvaluation } from './rules.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const specOf = (ruleId: string): AttributionSpec | undefined => (isRuleId(ruleId) ? getRule(ruleId).attribution : undefined);

/** The FAIL each change is about: this pass's finding for a REGRESSION, the rule's former FAIL for a RECOVERY. */
export function changeFindings(changes: readonly RuleChange[], evaluation: WatchEvaluation, customer: Customer): Finding[] {
  const customerId = customer.id ?? 'unknown';
  return changes.flatMap((change): Finding[] => {
    if (change.kind === 'REGRESSION') {
      const finding = evaluation.findings.find((candidate) => candidate.ruleId === change.ruleId && candidate.status === 'FAIL');
      return finding ? [finding] : [];
    }
    const rule = getRule(change.ruleId);
    const subject = accountSubject(customer);
    return [
      {
        id: findingId(customerId, change.ruleId, subject.id),
        ruleId: change.ruleId,
        title: rule.title,
        severity: rule.severity,
        status: 'FAIL',
        subject,
        message: 'Failed before this change.',
        evidence: {},
        risk: rule.risk,
        remediation: rule.remediation,
        references: rule.references,
      },
    ];
  });
}

/** Pure: each changed rule's attribution from the events read (newest first), when one explains it. */
export function attributeChanges(input: {
  changes: readonly RuleChange[];
  evaluation: WatchEvaluation;
  customer: Customer;
  events: readonly AuditEvent[];
  /** The account's users, when read: they give the actor's login. */
  users?: readonly User[];
  now: Date;
  days: number;
}): Map<string, Attribution> {
  const findings = attribute({
    findings: changeFindings(input.changes, input.evaluation, input.customer),
    events: input.events,
    customer: input.customer,
    users: input.users ?? [],
    now: input.now,
    days: input.days,
    specOf,
  });
  return new Map(findings.flatMap((finding) => (finding.attribution ? [[finding.ruleId, finding.attribution] as const] : [])));
}

export interface ChangeAttribution {
  byRule: Map<string, Attribution>;
  /** Why there is none, when the audit log could not be read (or was cut short). */
  warnings: string[];
}

/** Reads the audit log since `since` for the changes' event types, then attributes them. */
export async function explainChanges(
  api: CustomerApi,
  input: { changes: readonly RuleChange[]; evaluation: WatchEvaluation; customer: Customer; policy: Policy; since: Date; now: Date },
): Promise<ChangeAttribution> {
  const settings = attributionSettings(input.policy.attribution);
  const customerId = input.customer.id;
  if (!settings.enabled || !customerId || input.changes.length === 0) return { byRule: new Map(), warnings: [] };
  const { eventTypes } = attributionTargets(changeFindings(input.changes, input.evaluation, input.customer), specOf);
  if (eventTypes.length === 0) return { byRule: new Map(), warnings: [] };
  const oldest = input.now.getTime() - settings.days * DAY_MS;
  const since = new Date(Math.max(oldest, input.since.getTime()));
  try {
    const list = await api.listEvents({ customerId, since, types: eventTypes, maxPages: settings.maxEventPages });
    let byRule = attributeChanges({ ...input, events: list.events, days: settings.days });
    const warnings = list.truncated ? [`the audit log holds more than ${settings.maxEventPages} pages of events since ${since.toISOString()}: only the newest were read`] : [];
    // The event names its user by id: the user list (read only now, when a change was found) gives the login.
    if ([...byRule.values()].some((attribution) => attribution.actor.id !== null && attribution.actor.login === null)) {
      try {
        const users = await api.listUsers(customerId);
        byRule = attributeChanges({ ...input, events: list.events, users, days: settings.days });
      } catch (error) {
        warnings.push(`${toReportError(error).message}: the user who made the change is named by id`);
      }
    }
    return { byRule, warnings };
  } catch (error) {
    const failure = toReportError(error);
    return { byRule: new Map(), warnings: [`${failure.message}${failure.status !== undefined && !failure.message.includes(String(failure.status)) ? ` (HTTP ${failure.status})` : ''}: the change is not attributed`] };
  }
}
