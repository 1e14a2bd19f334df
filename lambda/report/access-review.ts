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

/** Users (and tokens) an archived report lists, like its findings per rule; the archived CSV lists every user. */
export const MAX_ARCHIVED_ACCESS_ROWS = 1_000;

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

/**
 * Sets of rule ids as bit masks, one bit per rule in catalog order: a subject's failing rules
 * cost one number, however many findings name it, and each distinct set becomes one shared
 * array, in catalog order. A rule id the catalog does not know gets a bit after the catalog's.
 * BigInt masks: no limit on how many rules the catalog grows to.
 */
class RuleSets {
  private readonly bits = new Map<string, bigint>(RULE_IDS.map((id, index) => [id, 1n << BigInt(index)]));
  private readonly ids: string[] = [...RULE_IDS];
  private readonly lists = new Map<bigint, readonly string[]>([[0n, EMPTY]]);

  bit(ruleId: string): bigint {
    let bit = this.bits.get(ruleId);
    if (bit === undefined) {
      bit = 1n << BigInt(this.ids.length);
      this.bits.set(ruleId, bit);
      this.ids.push(ruleId);
    }
    return bit;
  }

  list(mask: bigint): readonly string[] {
    let list = this.lists.get(mask);
    if (!list) {
      list = Object.freeze(this.ids.filter((_, index) => (mask & (1n << BigInt(index))) !== 0n));
      this.lists.set(mask, list);
    }
    return list;
  }
}

/** Failing rules by subject id (a mask of RuleSets), for subjects of one type. */
function failingRulesBySubject(findings: readonly Finding[], type: Finding['subject']['type'], rules: RuleSets): Map<string, bigint> {
  const bySubject = new Map<string, bigint>();
  for (const finding of findings) {
    if (finding.subject.type !== type || !isFailing(finding)) continue;
    bySubject.set(finding.subject.id, (bySubject.get(finding.subject.id) ?? 0n) | rules.bit(finding.ruleId));
  }
  return bySubject;
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
  const rules = new RuleSets();
  const tokens = input.tokens ? apiTokens(input.tokens) : undefined;
  const failingTokens = failingRulesBySubject(input.findings, 'token', rules);
  const failingUsers = failingRulesBySubject(input.findings, 'user', rules);
  /** API tokens held, and the rules failing for them, by user id. */
  const held = new Map<string, { count: number; failing: bigint }>();
  for (const token of tokens ?? []) {
    if (token.kind !== 'user' || token.userId === null) continue;
    const entry = held.get(token.userId) ?? { count: 0, failing: 0n };
    entry.count += 1;
    entry.failing |= failingTokens.get(token.id) ?? 0n;
    held.set(token.userId, entry);
  }

  // Logins of the users who hold or created a token: the token rows name them.
  const owners = new Set((tokens ?? []).flatMap((token) => (token.userId === null ? [] : [token.userId])));
  const loginOf = new Map<string, string>();
  const users = input.users.map((user): AccessReviewUser => {
    const id = user.id ?? '';
    const login = user.login ?? '';
    if (login !== '' && owners.has(id)) loginOf.set(id, login);
    const tokensHeld = held.get(id);
    return {
      id,
      login,
      name: user.name ?? '',
      roles: user.roles && user.roles.length > 0 ? user.roles : intern(user.role ? [user.role] : []),
      twoFactor: twoFactorState(user),
      locked: user.locked ?? null,
      lastActiveAt: user.last_active_at ?? null,
      createdAt: user.created_at ?? null,
      tokens: tokens ? (tokensHeld?.count ?? 0) : null,
      failingRuleIds: rules.list((failingUsers.get(id) ?? 0n) | (tokensHeld?.failing ?? 0n)),
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
      failingRuleIds: rules.list(failingTokens.get(token.id) ?? 0n),
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
