/**
 * The report as JSON: pretty-printed, keys in the model's order whatever order the object was
 * built or parsed in, so archived reports diff cleanly run after run.
 */
import type {
  AccessReview,
  AccessReviewToken,
  AccessReviewUser,
  Attribution,
  ComplianceRow,
  Finding,
  FindingRemediation,
  RemediationChange,
  Report,
  ReportError,
  RuleRow,
  Summary,
} from './model.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(ordered(report), null, 2)}\n`;
}

function ordered(report: Report): Report {
  return {
    schemaVersion: report.schemaVersion,
    ...(report.demo ? { demo: report.demo } : {}),
    runId: report.runId,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    tool: { name: report.tool.name, version: report.tool.version },
    customer: { id: report.customer.id, name: report.customer.name },
    status: report.status,
    summary: orderedSummary(report.summary),
    rules: report.rules.map(orderedRule),
    ...(report.compliance ? { compliance: report.compliance.map(orderedCompliance) } : {}),
    findings: report.findings.map(findingOrderer()),
    ...(report.accessReview ? { accessReview: orderedAccessReview(report.accessReview) } : {}),
    remediation: { mode: report.remediation.mode, changes: report.remediation.changes.map(orderedChange) },
    errors: report.errors.map(orderedError),
    warnings: report.warnings.map(orderedError),
    ...(report.delta
      ? {
          delta: {
            new: report.delta.new,
            resolved: report.delta.resolved,
            unchanged: report.delta.unchanged,
            previousStatus: report.delta.previousStatus,
          },
        }
      : {}),
  };
}

function orderedSummary(summary: Summary): Summary {
  return {
    byStatus: {
      PASS: summary.byStatus.PASS,
      FAIL: summary.byStatus.FAIL,
      ERROR: summary.byStatus.ERROR,
      NOT_APPLICABLE: summary.byStatus.NOT_APPLICABLE,
      MUTED: summary.byStatus.MUTED,
      FIXED: summary.byStatus.FIXED,
    },
    bySeverity: {
      critical: summary.bySeverity.critical,
      high: summary.bySeverity.high,
      medium: summary.bySeverity.medium,
      low: summary.bySeverity.low,
    },
    usersChecked: summary.usersChecked,
    tokensChecked: summary.tokensChecked,
    invitationsChecked: summary.invitationsChecked,
    highestFailingSeverity: summary.highestFailingSeverity,
  };
}

function orderedRule(rule: RuleRow): RuleRow {
  return {
    ruleId: rule.ruleId,
    title: rule.title,
    severity: rule.severity,
    status: rule.status,
    checked: rule.checked,
    failed: rule.failed,
    muted: rule.muted,
    ...(rule.truncated !== undefined ? { truncated: rule.truncated } : {}),
    ...(rule.truncatedFailingIds !== undefined ? { truncatedFailingIds: rule.truncatedFailingIds } : {}),
  };
}

function orderedCompliance(row: ComplianceRow): ComplianceRow {
  return {
    framework: row.framework,
    version: row.version,
    requirement: row.requirement,
    title: row.title,
    rules: row.rules,
    status: row.status,
  };
}

/** The counts of what an archive left out come last. */
function orderedAccessReview(review: AccessReview): AccessReview {
  return {
    users: review.users.map(orderedUser),
    ...(review.tokens ? { tokens: review.tokens.map(orderedToken) } : {}),
    ...(review.truncatedUsers !== undefined ? { truncatedUsers: review.truncatedUsers } : {}),
    ...(review.truncatedTokens !== undefined ? { truncatedTokens: review.truncatedTokens } : {}),
  };
}

function orderedUser(user: AccessReviewUser): AccessReviewUser {
  return {
    id: user.id,
    login: user.login,
    name: user.name,
    roles: user.roles,
    twoFactor: user.twoFactor,
    locked: user.locked,
    lastActiveAt: user.lastActiveAt,
    createdAt: user.createdAt,
    tokens: user.tokens,
    failingRuleIds: user.failingRuleIds,
  };
}

function orderedToken(token: AccessReviewToken): AccessReviewToken {
  return {
    id: token.id,
    name: token.name,
    kind: token.kind,
    owner: token.owner,
    scopes: token.scopes,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    lastUsedAt: token.lastUsedAt,
    failingRuleIds: token.failingRuleIds,
  };
}

/**
 * Orders findings' keys. A rule's references are one array shared by all its findings: it is
 * ordered once per rule and written shared, not copied for each of 100,000 findings.
 */
function findingOrderer(): (finding: Finding) => Finding {
  const references = new Map<Finding['references'], Finding['references']>();
  const referencesOf = (finding: Finding): Finding['references'] => {
    let ordered = references.get(finding.references);
    if (!ordered) {
      ordered = finding.references.map((reference) => ({ title: reference.title, url: reference.url }));
      references.set(finding.references, ordered);
    }
    return ordered;
  };
  return (finding) => orderedFinding(finding, referencesOf(finding));
}

function orderedFinding(finding: Finding, references: Finding['references']): Finding {
  return {
    id: finding.id,
    ruleId: finding.ruleId,
    title: finding.title,
    severity: finding.severity,
    status: finding.status,
    subject: { type: finding.subject.type, id: finding.subject.id, name: finding.subject.name },
    message: finding.message,
    evidence: finding.evidence,
    risk: finding.risk,
    remediation: orderedRemediation(finding.remediation),
    references,
    ...(finding.exception
      ? {
          exception: {
            reason: finding.exception.reason,
            expires: finding.exception.expires,
            ...(finding.exception.ticket !== undefined ? { ticket: finding.exception.ticket } : {}),
            expired: finding.exception.expired,
          },
        }
      : {}),
    ...(finding.attribution ? { attribution: orderedAttribution(finding.attribution) } : {}),
    ...(finding.fix ? { fix: { field: finding.fix.field, before: finding.fix.before, after: finding.fix.after } } : {}),
    ...(finding.firstSeenAt !== undefined ? { firstSeenAt: finding.firstSeenAt } : {}),
  };
}

function orderedAttribution(attribution: Attribution): Attribution {
  return {
    eventId: attribution.eventId,
    eventType: attribution.eventType,
    at: attribution.at,
    actor: { id: attribution.actor.id, login: attribution.actor.login },
    ip: attribution.ip,
    admin: attribution.admin,
    description: attribution.description,
  };
}

function orderedRemediation(remediation: FindingRemediation): FindingRemediation {
  return {
    guidance: remediation.guidance,
    console: remediation.console,
    ...(remediation.api !== undefined ? { api: remediation.api } : {}),
    automatic: remediation.automatic,
  };
}

function orderedChange(change: RemediationChange): RemediationChange {
  return {
    ruleId: change.ruleId,
    field: change.field,
    from: change.from,
    to: change.to,
    status: change.status,
    ...(change.reason !== undefined ? { reason: change.reason } : {}),
    ...('after' in change ? { after: change.after } : {}),
    ...(change.details !== undefined ? { details: change.details } : {}),
  };
}

function orderedError(error: ReportError): ReportError {
  return {
    message: error.message,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.operation !== undefined ? { operation: error.operation } : {}),
    ...(error.action !== undefined ? { action: error.action } : {}),
  };
}
