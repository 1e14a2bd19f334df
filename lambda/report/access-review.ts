/**
 * The access review: who has access to the account, one plain row per user (and per API token),
 * built from the users, the tokens and the findings the audit already holds. On an account of
 * 100,000 users it stays small: a row refers to the user's own strings, and rows with the same
 * roles or the same failing rules share one array (no copy of a finding, no array per user).
 */
import type { User } from '../fastly/schemas.js';
import { RULE_IDS } from '../policy/catalog.js';
import type { AccountToken } from '../policy/token-facts.js';
import { twoFactorState } from '../policy/user-facts.js';
import { isFailing } from './facts.js';
import type { AccessReview, AccessReviewToken, AccessReviewUser, Finding, Report } from './model.js';

/** Users (and tokens) an archived report lists; the archived CSV lists every user. */
export const MAX_ARCHIVED_ACCESS_ROWS = 5_000;

const RULE_ORDER = new Map<string, number>(RULE_IDS.map((id, index) => [id, index]));
const EMPTY: readonly string[] = Object.freeze([]);

/** One shared, frozen array per distinct list of strings. */
function interner(): (list: readonly string[]) => readonly string[] {
  const lists = new Map<string, readonly string[]>();
  return (list) => {
    if (list.length === 0) return EMPTY;
    const key = list.join('\u0000');
    let shared = lists.get(key);
    if (!shared) {
      shared = Object.freeze([...list]);
      lists.set(key, shared);
    }
    return shared;
  };
}

/** Failing rule ids by subject id, for subjects of one type. */
function failingRulesBySubject(findings: readonly Finding[], type: Finding['subject']['type']): Map<string, string[]> {
  const bySubject = new Map<string, string[]>();
  for (const finding of findings) {
    if (finding.subject.type !== type || !isFailing(finding)) continue;
    const rules = bySubject.get(finding.subject.id);
    if (!rules) bySubject.set(finding.subject.id, [finding.ruleId]);
    else if (!rules.includes(finding.ruleId)) rules.push(finding.ruleId);
  }
  return bySubject;
}

function inCatalogOrder(ruleIds: readonly string[]): string[] {
  return [...ruleIds].sort((a, b) => (RULE_ORDER.get(a) ?? RULE_ORDER.size) - (RULE_ORDER.get(b) ?? RULE_ORDER.size) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Console sessions are logins, listed as tokens by Fastly: not API tokens someone holds. */
function apiTokens(tokens: readonly AccountToken[]): AccountToken[] {
  return tokens.filter((token) => !token.browserSession);
}

export interface AccessReviewInput {
  users: readonly User[];
  /** Undefined when the tokens were not read: token counts are then unknown (null). */
  tokens?: readonly AccountToken[];
  findings: readonly Finding[];
}

export function buildAccessReview(input: AccessReviewInput): AccessReview {
  const intern = interner();
  const tokens = input.tokens ? apiTokens(input.tokens) : undefined;
  const failingTokens = failingRulesBySubject(input.findings, 'token');
  const failingUsers = failingRulesBySubject(input.findings, 'user');
  const heldBy = new Map<string, AccountToken[]>();
  for (const token of tokens ?? []) {
    if (token.kind !== 'user' || token.userId === null) continue;
    const held = heldBy.get(token.userId);
    if (held) held.push(token);
    else heldBy.set(token.userId, [token]);
  }

  const loginOf = new Map<string, string>();
  const users = input.users.map((user): AccessReviewUser => {
    const id = user.id ?? '';
    const login = user.login ?? '';
    if (id !== '' && login !== '') loginOf.set(id, login);
    const held = heldBy.get(id) ?? [];
    const failing = [...(failingUsers.get(id) ?? []), ...held.flatMap((token) => failingTokens.get(token.id) ?? [])];
    return {
      id,
      login,
      name: user.name ?? '',
      roles: user.roles && user.roles.length > 0 ? user.roles : intern(user.role ? [user.role] : []),
      twoFactor: twoFactorState(user),
      locked: user.locked ?? null,
      lastActiveAt: user.last_active_at ?? null,
      createdAt: user.created_at ?? null,
      tokens: tokens ? held.length : null,
      failingRuleIds: intern(inCatalogOrder([...new Set(failing)])),
    };
  });

  if (!tokens) return { users };
  const tokenRows = tokens.map(
    (token): AccessReviewToken => ({
      id: token.id,
      name: token.name,
      kind: token.kind,
      owner: token.userId === null ? null : (loginOf.get(token.userId) ?? token.userId),
      scopes: intern(token.scopes),
      createdAt: token.createdAt,
      expiresAt: token.expiresAt,
      lastUsedAt: token.lastUsedAt,
      failingRuleIds: intern(inCatalogOrder(failingTokens.get(token.id) ?? [])),
    }),
  );
  return { users, tokens: tokenRows };
}

/**
 * The report as archived: at most `maxRows` users and tokens in its access review, the rest
 * counted (`truncatedUsers`, `truncatedTokens`). An archived report of a 100,000-user account
 * would otherwise pass the size the next run reads back; the CSV archived beside it lists every user.
 */
export function boundAccessReview(report: Report, maxRows = MAX_ARCHIVED_ACCESS_ROWS): Report {
  const review = report.accessReview;
  if (!review) return report;
  const usersOver = review.users.length - maxRows;
  const tokensOver = (review.tokens?.length ?? 0) - maxRows;
  if (usersOver <= 0 && tokensOver <= 0) return report;
  return {
    ...report,
    accessReview: {
      users: usersOver > 0 ? review.users.slice(0, maxRows) : review.users,
      ...(review.tokens ? { tokens: tokensOver > 0 ? review.tokens.slice(0, maxRows) : review.tokens } : {}),
      ...(usersOver > 0 ? { truncatedUsers: usersOver + (review.truncatedUsers ?? 0) } : {}),
      ...(tokensOver > 0 ? { truncatedTokens: tokensOver + (review.truncatedTokens ?? 0) } : {}),
    },
  };
}
