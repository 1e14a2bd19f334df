/**
 * Hand-built, realistic reports for tests: an account with a few account-level failures,
 * N users without 2FA, one muted service account and a not-applicable rule. Other suites may
 * reuse these; they do not depend on the policy engine.
 */
import { COMPLIANCE } from '../../lambda/policy/compliance.js';
import { guidanceText } from '../../lambda/policy/define-rule.js';
import { complianceSummary } from '../../lambda/report/compliance-summary.js';
import { SEVERITIES } from '../../lambda/report/model.js';
import type {
  Finding,
  Reference,
  RemediationChange,
  RemediationMode,
  Report,
  ReportError,
  RuleRow,
  Severity,
  Summary,
} from '../../lambda/report/model.js';

export const CUSTOMER = { id: 'x4xCwxxJxGCx123Rx5xTx', name: 'ACME Corp' };

export interface FixtureOptions {
  /** Users without 2FA (user.2fa-enabled FAIL, high). Default 2. */
  failingUsers?: number;
  /** Owner without 2FA (critical) and force_2fa off (high). Default true. */
  accountFailing?: boolean;
  customer?: { id: string; name: string };
  mode?: RemediationMode;
  changes?: RemediationChange[];
  errors?: ReportError[];
  runId?: string;
  startedAt?: string;
}

export function userLogin(index: number): string {
  return `user${String(index).padStart(5, '0')}@example.com`;
}

export function makeFinding(input: {
  ruleId: string;
  severity: Severity;
  subject: Finding['subject'];
  status?: Finding['status'];
  title?: string;
  message?: string;
  /** Control-panel steps; default the rule's below. */
  console?: string;
  /** The API call; default the rule's below (none when the rule has none). */
  api?: string;
  exception?: Finding['exception'];
  customerId?: string;
}): Finding {
  return {
    id: `${input.customerId ?? CUSTOMER.id}:${input.ruleId}:${input.subject.id}`,
    ruleId: input.ruleId,
    title: input.title ?? TITLES[input.ruleId] ?? input.ruleId,
    severity: input.severity,
    status: input.status ?? 'FAIL',
    subject: input.subject,
    message: input.message ?? `${input.subject.name} does not meet ${input.ruleId}`,
    evidence: {},
    risk: RISKS[input.ruleId] ?? `Failing ${input.ruleId} is a risk.`,
    remediation: remediationOf(input),
    references: REFERENCES[input.ruleId] ?? [],
    ...(input.exception ? { exception: input.exception } : {}),
  };
}

const TITLES: Record<string, string> = {
  'account.force-2fa': 'Two-factor authentication is forced for the account',
  'account.owner-2fa': 'The account owner has two-factor authentication enabled',
  'user.2fa-enabled': 'Every user has two-factor authentication enabled',
  'user.email-domain': "Every login is in an allowed email domain",
};

const CONSOLE: Record<string, string> = {
  'account.force-2fa': 'Account > Security > Require 2FA',
  'account.owner-2fa': 'Ask the owner to enable 2FA under Profile > Two-factor authentication',
  'user.2fa-enabled': 'Ask the user to enable 2FA, or force 2FA for the account (account.force-2fa)',
};

const API: Record<string, string> = {
  'account.force-2fa': 'PUT /customer/{id} force_2fa=true',
  'user.2fa-enabled': 'PUT /customer/{id} force_2fa=true (account.force-2fa)',
};

export const RISKS: Record<string, string> = {
  'account.force-2fa': 'Without forced 2FA one phished password takes over a user.',
  'account.owner-2fa': 'The owner can change every setting of the account.',
  'user.2fa-enabled': 'A user without 2FA falls to one phished password.',
};

/** One array per rule, shared by its findings as the evaluator shares it. */
export const REFERENCES: Record<string, readonly Reference[]> = {
  'account.force-2fa': [{ title: 'Fastly: Administering 2FA', url: 'https://docs.fastly.com/en/guides/administering-2fa' }],
  'account.owner-2fa': [{ title: 'Fastly: Managing 2FA', url: 'https://docs.fastly.com/en/guides/managing-2fa' }],
  'user.2fa-enabled': [
    { title: 'Fastly: Managing 2FA', url: 'https://docs.fastly.com/en/guides/managing-2fa' },
    { title: 'Fastly API: User', url: 'https://www.fastly.com/documentation/reference/api/account/user/' },
  ],
};

function remediationOf(input: { ruleId: string; console?: string; api?: string }): Finding['remediation'] {
  const console = input.console ?? CONSOLE[input.ruleId] ?? `Fix ${input.ruleId}`;
  const api = input.api ?? API[input.ruleId];
  return { guidance: guidanceText({ console, api }), console, ...(api === undefined ? {} : { api }), automatic: false };
}

/** The rule rows a report with these findings would have. */
function rulesFor(findings: Finding[], usersChecked: number): RuleRow[] {
  const row = (ruleId: string, severity: Severity, checked: number): RuleRow => {
    const mine = findings.filter((finding) => finding.ruleId === ruleId);
    const failed = mine.filter((finding) => finding.status === 'FAIL' || finding.status === 'ERROR').length;
    const muted = mine.filter((finding) => finding.status === 'MUTED').length;
    const notApplicable = mine.some((finding) => finding.status === 'NOT_APPLICABLE');
    const fixed = mine.some((finding) => finding.status === 'FIXED');
    const status = notApplicable ? 'NOT_APPLICABLE' : failed > 0 ? 'FAIL' : muted > 0 ? 'MUTED' : fixed ? 'FIXED' : 'PASS';
    return { ruleId, title: TITLES[ruleId] ?? ruleId, severity, status, checked, failed, muted };
  };
  return [
    row('account.force-2fa', 'high', 1),
    row('account.owner-2fa', 'critical', 1),
    row('user.2fa-enabled', 'high', usersChecked),
    row('user.email-domain', 'medium', usersChecked),
  ];
}

/** Summary counts consistent with the findings. */
export function summarise(findings: Finding[], usersChecked: number, checked: number): Summary {
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0 };
  const byStatus = { PASS: 0, FAIL: 0, ERROR: 0, NOT_APPLICABLE: 0, MUTED: 0, FIXED: 0 };
  for (const finding of findings) {
    byStatus[finding.status] += 1;
    if (finding.status === 'FAIL' || finding.status === 'ERROR') bySeverity[finding.severity] += 1;
  }
  byStatus.PASS = Math.max(checked - findings.length, 0);
  return {
    byStatus,
    bySeverity,
    usersChecked,
    tokensChecked: 0,
    invitationsChecked: 0,
    highestFailingSeverity: SEVERITIES.find((severity) => bySeverity[severity] > 0) ?? null,
  };
}

export function makeReport(options: FixtureOptions = {}): Report {
  const customer = options.customer ?? CUSTOMER;
  const failingUsers = options.failingUsers ?? 2;
  const accountFailing = options.accountFailing ?? true;
  const usersChecked = failingUsers + 3;
  const account = { type: 'account' as const, id: customer.id, name: customer.name };
  const base = { customerId: customer.id };
  const findings: Finding[] = [];
  if (accountFailing) {
    findings.push(
      makeFinding({
        ...base,
        ruleId: 'account.owner-2fa',
        severity: 'critical',
        subject: { type: 'user', id: 'owner-id', name: 'owner@example.com' },
        message: 'The account owner owner@example.com does not have two-factor authentication enabled',
      }),
      makeFinding({ ...base, ruleId: 'account.force-2fa', severity: 'high', subject: account, message: 'force_2fa is false' }),
    );
  }
  for (let index = 1; index <= failingUsers; index += 1) {
    findings.push(
      makeFinding({
        ...base,
        ruleId: 'user.2fa-enabled',
        severity: 'high',
        subject: { type: 'user', id: `user-${index}`, name: userLogin(index) },
        message: 'two-factor authentication is not enabled',
      }),
    );
  }
  findings.push(
    makeFinding({
      ...base,
      ruleId: 'user.2fa-enabled',
      severity: 'high',
      status: 'MUTED',
      subject: { type: 'user', id: 'ci-bot', name: 'ci-bot@example.com' },
      message: 'two-factor authentication is not enabled',
      exception: { reason: 'hardware-key service account', expires: '2027-03-31', ticket: 'SEC-123', expired: false },
    }),
    makeFinding({
      ...base,
      ruleId: 'user.email-domain',
      severity: 'medium',
      status: 'NOT_APPLICABLE',
      subject: account,
      message: 'no allowed domains are configured',
    }),
  );
  const errors = options.errors ?? [];
  const summary = summarise(findings, usersChecked, 2 + usersChecked * 2);
  const failing = summary.bySeverity.critical + summary.bySeverity.high + summary.bySeverity.medium + summary.bySeverity.low;
  return {
    schemaVersion: 1,
    runId: options.runId ?? 'run-0001',
    startedAt: options.startedAt ?? '2026-03-14T02:00:00.000Z',
    finishedAt: '2026-03-14T02:00:03.500Z',
    tool: { name: 'fastly-compliance-auditor', version: '0.1.0' },
    customer,
    status: errors.length > 0 ? 'ERROR' : failing > 0 ? 'FAIL' : 'PASS',
    summary,
    rules: rulesFor(findings, usersChecked),
    findings,
    remediation: { mode: options.mode ?? 'plan', changes: options.changes ?? [] },
    errors,
    warnings: [],
  };
}

/** A run with the same account after everything was fixed. */
export function passingReport(options: Omit<FixtureOptions, 'failingUsers' | 'accountFailing'> = {}): Report {
  return makeReport({ ...options, failingUsers: 0, accountFailing: false });
}

/** The changes a plan-mode run of makeReport() would list, one of each kind people must read. */
export function sampleChanges(): RemediationChange[] {
  return [
    { ruleId: 'account.force-2fa', field: 'force_2fa', from: false, to: true, status: 'verified', after: true },
    {
      ruleId: 'account.pci',
      field: 'has_pci',
      from: false,
      to: true,
      status: 'failed',
      after: false,
      reason: 'read back false after the write',
    },
    {
      ruleId: 'account.ip-allowlist',
      field: 'ip_whitelist',
      from: '0.0.0.0/0',
      to: '203.0.113.0/24',
      status: 'planned',
      reason: 'remediation mode is plan',
    },
    {
      ruleId: 'account.force-sso',
      field: 'force_sso',
      from: false,
      to: true,
      status: 'refused',
      reason: 'the policy does not state ssoConfigured: true',
      details: { usersLoggedOut: ['a@example.com', 'b@example.com'] },
    },
  ];
}

/**
 * The report of the same run had its fixes of `ruleIds` been written and verified: those FAIL
 * findings FIXED (force_2fa false -> true), the changes verified, rows and counts to match.
 */
export function withFindingsFixed(report: Report, ruleIds: readonly string[]): Report {
  const fix = { field: 'force_2fa', before: false, after: true };
  const findings = report.findings.map((finding) =>
    finding.status === 'FAIL' && ruleIds.includes(finding.ruleId) ? { ...finding, status: 'FIXED' as const, fix } : finding,
  );
  const { usersChecked } = report.summary;
  const summary = summarise(findings, usersChecked, 2 + usersChecked * 2);
  const failing = findings.some((finding) => finding.status === 'FAIL');
  return {
    ...report,
    status: report.errors.length > 0 ? 'ERROR' : failing ? 'FAIL' : 'PASS',
    summary,
    rules: rulesFor(findings, usersChecked),
    findings,
    remediation: {
      mode: 'apply',
      changes: ruleIds.map((ruleId) => ({ ruleId, field: fix.field, from: fix.before, to: fix.after, status: 'verified' as const, after: fix.after })),
    },
  };
}

/**
 * The report with a compliance summary of its own rules: the requirements of the compliance table
 * that name at least one of them, each judged by those it names.
 */
export function withCompliance(report: Report): Report {
  const present = new Set(report.rules.map((rule) => rule.ruleId));
  const table = COMPLIANCE.flatMap((row) => {
    const ruleIds = row.ruleIds.filter((id) => present.has(id));
    return ruleIds.length > 0 ? [{ ...row, ruleIds }] : [];
  });
  return { ...report, compliance: complianceSummary(report.rules, table) };
}

/** The report's top-level keys in the order the JSON writes them (design.md, "Report"). */
export const REPORT_KEYS = [
  'schemaVersion',
  'runId',
  'startedAt',
  'finishedAt',
  'tool',
  'customer',
  'status',
  'summary',
  'rules',
  'compliance',
  'findings',
  'accessReview',
  'remediation',
  'errors',
  'warnings',
];
