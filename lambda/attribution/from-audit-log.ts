/**
 * Attribution at run time: read the audit log only when a FAIL could be explained by it, only
 * the event types and the window that could explain one, then attribute (attribute.ts). The
 * audit log being unreadable (a token that is not a superuser's, an outage) is a warning: the
 * findings stand without attribution, and the run is not ERROR for it.
 */
import { toReportError } from '../failure.js';
import type { CustomerApi } from '../fastly/api.js';
import type { Customer, User } from '../fastly/schemas.js';
import { getRule, isRuleId } from '../policy/catalog.js';
import type { Policy } from '../policy/schema.js';
import type { Finding, ReportWarning } from '../report/model.js';
import { attribute, attributionTargets } from './attribute.js';
import { attributionSettings } from './settings.js';
import type { AttributionSpec } from './spec.js';

const specOf = (ruleId: string): AttributionSpec | undefined => (isRuleId(ruleId) ? getRule(ruleId).attribution : undefined);

const DAY_MS = 24 * 60 * 60 * 1000;

export interface AttributionRun {
  findings: Finding[];
  warnings: ReportWarning[];
}

export async function attributeFromAuditLog(
  api: CustomerApi,
  input: { findings: Finding[]; customer: Customer | undefined; users: readonly User[]; policy: Policy; now: Date },
): Promise<AttributionRun> {
  const settings = attributionSettings(input.policy.attribution);
  const customerId = input.customer?.id;
  if (!settings.enabled || !input.customer || !customerId) return { findings: input.findings, warnings: [] };
  const targets = attributionTargets(input.findings, specOf);
  if (targets.findings.length === 0) return { findings: input.findings, warnings: [] };

  let list;
  try {
    list = await api.listEvents({
      customerId,
      since: new Date(input.now.getTime() - settings.days * DAY_MS),
      types: targets.eventTypes,
      maxPages: settings.maxEventPages,
    });
  } catch (error) {
    const failure = toReportError(error);
    const action = `${failure.action ?? ''} Or set "attribution": {"enabled": false} in the policy.`.trim();
    return { findings: input.findings, warnings: [{ ...failure, message: `${failure.message}: failing findings are not attributed.`, action }] };
  }
  const findings = attribute({ ...input, customer: input.customer, events: list.events, days: settings.days, specOf });
  const warnings: ReportWarning[] = list.truncated
    ? [
        {
          message: `The audit log holds more than ${settings.maxEventPages} pages of some event type in the last ${settings.days} days: only the newest were read, so an older change may be left unattributed.`,
          operation: 'list_events',
          action: 'Raise attribution.maxEventPages or lower attribution.days in the policy.',
        },
      ]
    : [];
  return { findings, warnings };
}
