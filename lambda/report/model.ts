/**
 * The audit report (schemaVersion 1): the one data model every renderer, the archive and the
 * notification read. Field names are a public contract (design.md, "Report").
 */
import type { RemediationMode } from '../modes.js';

/** Defined with the deployment switches (lambda/modes.ts), and part of the report. */
export type { RemediationMode };

/** Highest first: order matters for sorting, `--fail-on` and the notification subject. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * FIXED: the finding failed when the run read the account, and the run's own fix of it was
 * written and verified. It is not failing (exit code, summary, delta: resolved).
 */
export const FINDING_STATUSES = ['PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE', 'MUTED', 'FIXED'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/**
 * Worst first: a rule row takes the worst status among its results, and a compliance requirement
 * the worst among its rules. NOT_APPLICABLE weighs least: it says nothing about the account.
 */
export const STATUS_WEIGHT: Record<FindingStatus, number> = { ERROR: 5, FAIL: 4, MUTED: 3, FIXED: 2, PASS: 1, NOT_APPLICABLE: 0 };

export const RUN_STATUSES = ['PASS', 'FAIL', 'ERROR'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const SUBJECT_TYPES = ['account', 'user', 'token', 'invitation'] as const;

export interface Subject {
  type: (typeof SUBJECT_TYPES)[number];
  id: string;
  /** Login for users, company name for the account, the token's name, the invitation's email. */
  name: string;
}

/** Who made the change a FAIL reflects, from the account's audit log. */
export interface Attribution {
  eventId: string;
  /** customer.update, two_factor_auth.disable, user.promote, ... */
  eventType: string;
  /** ISO 8601, as the audit log has it. */
  at: string;
  /** The user who acted; login null when the user is no longer listed. */
  actor: { id: string | null; login: string | null };
  /** The address(es) the change came from, as the audit log has them (duplicates dropped). */
  ip: string | null;
  /** A Fastly employee acted. */
  admin: boolean;
  description: string | null;
}

export interface AppliedException {
  reason: string;
  /** ISO date (YYYY-MM-DD), inclusive. */
  expires: string;
  ticket?: string;
  /** True when the exception matched but has expired: the finding is no longer muted. */
  expired: boolean;
}

/** A document that explains a rule or its fix. */
export interface Reference {
  title: string;
  url: string;
}

/** How to fix a finding, by channel. */
export interface FindingRemediation {
  /** The console steps, then " API: " and the API call when there is one (kept for schemaVersion 1 readers). */
  guidance: string;
  /** What to do in the Fastly control panel (or with Fastly support). */
  console: string;
  /** The API call, when there is one. */
  api?: string;
  /** The auditor can fix it itself (see `remediation.changes`). */
  automatic: boolean;
}

export interface Finding {
  /** Stable across runs: a hash of customer id, rule id and subject id. */
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  status: Exclude<FindingStatus, 'PASS'>;
  subject: Subject;
  /** What is wrong, in one sentence a person can act on. */
  message: string;
  evidence: Record<string, unknown>;
  /** Why the rule matters, in one sentence. Shared by every finding of the rule. */
  risk: string;
  /** Shared by every finding of the rule (one object per rule, even for 100,000 users). */
  remediation: Readonly<FindingRemediation>;
  /** Shared by every finding of the rule, like `remediation`. */
  references: readonly Readonly<Reference>[];
  exception?: AppliedException;
  /**
   * FAIL of an account rule, user.2fa-enabled or user.superuser-count: the latest change that
   * explains it. Kept when this run fixes the finding (FIXED): who made the change it undid.
   */
  attribution?: Attribution;
  /** Status FIXED: the field this run wrote, its value as found, and the value read back. */
  fix?: AppliedFix;
  /**
   * When the finding was first reported open (FAIL, ERROR or MUTED), as the start of that run:
   * carried from report to report while it stays open (lambda/report/first-seen.ts). Absent on
   * NOT_APPLICABLE findings, and in reports written before it existed.
   */
  firstSeenAt?: string;
}

/** A fix applied and verified in this run (the matching `remediation.changes` entry is `verified`). */
export interface AppliedFix {
  field: string;
  before: unknown;
  after: unknown;
}

export interface RuleRow {
  ruleId: string;
  title: string;
  severity: Severity;
  /** Worst status over the rule's subjects (ERROR > FAIL > MUTED > FIXED > PASS > NOT_APPLICABLE). */
  status: FindingStatus;
  checked: number;
  failed: number;
  muted: number;
  /**
   * Archived reports only, when the rule had more findings than an archived report lists
   * (lambda/report/bound.ts): how many of its findings were left out of `findings`.
   */
  truncated?: number;
  /** With `truncated`: the ids of the left-out findings that fail, so the next run's delta stays exact. */
  truncatedFailingIds?: string[];
}

export type RemediationChangeStatus = 'planned' | 'verified' | 'failed' | 'refused' | 'skipped';

export interface RemediationChange {
  ruleId: string;
  field: string;
  from: unknown;
  to: unknown;
  /**
   * planned: plan mode, or the rule is not `auto`; verified: written and read back equal;
   * failed: written but read back different (or the write failed); refused: a guardrail said no;
   * skipped: not attempted because the run could not safely write (partial data, rate limit).
   */
  status: RemediationChangeStatus;
  /** Why it was refused, skipped or failed, or why it is only planned. */
  reason?: string;
  /** The value read back after the write (apply mode). */
  after?: unknown;
  /** Extra facts for people, e.g. the users force_2fa would log out. */
  details?: Record<string, unknown>;
}

export interface ReportError {
  message: string;
  /** HTTP status when the error came from the API. */
  status?: number;
  /** The API operation or step that failed. */
  operation?: string;
  /** What the user should do about it. */
  action?: string;
}

/** Something the run could not do that judges nothing (the audit log for attribution): not an ERROR. */
export type ReportWarning = ReportError;

export interface Summary {
  /** Results by status, over every rule subject checked. */
  byStatus: Record<FindingStatus, number>;
  /**
   * FAIL findings (not muted, not fixed) by severity; rules that could not be checked count in
   * byStatus.ERROR, findings fixed in this run in byStatus.FIXED.
   */
  bySeverity: Record<Severity, number>;
  usersChecked: number;
  /** API tokens read (user, automation and console sessions, each once); 0 when no rule needed them. */
  tokensChecked: number;
  /** Invitations read; 0 when no rule needed them. */
  invitationsChecked: number;
  /** Highest severity among FAIL findings, or null. */
  highestFailingSeverity: Severity | null;
}

export interface Delta {
  /** Finding ids failing now and not in the previous report. */
  new: string[];
  /** Finding ids failing before and not now (a finding FIXED in this run among them). */
  resolved: string[];
  unchanged: string[];
  /** Status of the previous run, to notice changes such as ERROR -> PASS. */
  previousStatus: RunStatus;
}

/**
 * A framework requirement judged by this run (lambda/report/compliance-summary.ts, from the table
 * in lambda/policy/compliance.ts): the worst status of its rules. NOT_APPLICABLE when none of its
 * rules ran (each disabled or not applicable): not assessed.
 */
export interface ComplianceRow {
  /** 'PCI DSS', 'SOC 2'. */
  framework: string;
  /** The framework's edition: '4.0', '2017 TSC'. */
  version: string;
  /** The requirement's number in that edition: '8.4.2', 'CC6.1'. */
  requirement: string;
  title: string;
  /** The rule ids whose results are evidence for it. */
  rules: string[];
  status: FindingStatus;
}

/** One user of the account as the access review lists it (a row of the CSV). */
export interface AccessReviewUser {
  id: string;
  login: string;
  name: string;
  /** `role` on classic accounts, `roles` on multi-role ones, as Fastly lists them. */
  roles: readonly string[];
  /** Only `true` from Fastly is enabled; null or absent is unknown. */
  twoFactor: 'enabled' | 'disabled' | 'unknown';
  locked: boolean | null;
  lastActiveAt: string | null;
  createdAt: string | null;
  /** API tokens the user holds (console sessions not counted); null when the tokens were not read. */
  tokens: number | null;
  /** Rules failing for the user or for one of the user's API tokens, in catalog order. */
  failingRuleIds: readonly string[];
}

/** One API token of the account (console sessions left out). */
export interface AccessReviewToken {
  id: string;
  name: string;
  kind: 'user' | 'automation';
  /** Login (or id) of the user who holds it, or of the automation token's creator; null when unknown. */
  owner: string | null;
  scopes: readonly string[];
  createdAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  failingRuleIds: readonly string[];
}

/**
 * Who has access, for the periodic user access review: one plain row per user (and per API
 * token when the tokens were read). Absent when the users could not be read.
 */
export interface AccessReview {
  users: AccessReviewUser[];
  /** Present when the tokens were read. */
  tokens?: AccessReviewToken[];
  /**
   * Archived reports only, when the account has more users than an archived report lists
   * (lambda/report/access-review.ts): how many were left out. The archived CSV lists them all.
   */
  truncatedUsers?: number;
  /** Archived reports only, like `truncatedUsers`, for tokens. */
  truncatedTokens?: number;
}

export interface Report {
  schemaVersion: 1;
  /** Present (true) only for an audit of the built-in simulator's demo account. */
  demo?: true;
  runId: string;
  startedAt: string;
  finishedAt: string;
  tool: { name: string; version: string };
  customer: { id: string; name: string };
  status: RunStatus;
  summary: Summary;
  rules: RuleRow[];
  /** The framework requirements the rules give evidence for; absent in reports written before it existed. */
  compliance?: ComplianceRow[];
  /** Every non-PASS result. */
  findings: Finding[];
  /** Users (and tokens) for the access review; absent when the users could not be read. */
  accessReview?: AccessReview;
  remediation: { mode: RemediationMode; changes: RemediationChange[] };
  errors: ReportError[];
  /** What the run could not do that judges nothing, e.g. attribution without the audit log. */
  warnings: ReportWarning[];
  delta?: Delta;
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}
