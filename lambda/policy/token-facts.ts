/**
 * The account's tokens as the token rules judge them: the customer's token list and the
 * automation tokens merged into one shape, each token once. Facts the rules share (browser
 * sessions, global scope, dates) are read here, tolerant of the nulls real responses carry.
 */
import type { ApiToken, AutomationToken } from '../fastly/access-schemas.js';
import { timeOf } from './dates.js';

/** The name Fastly gives the tokens behind web-console logins (fastly-api.md). */
export const BROWSER_SESSION_NAME = 'manage.fastly.com browser session';

export interface AccountToken {
  id: string;
  /** The name given at creation; the id when it has none. */
  name: string;
  /** `user`: a person's token (or console session); `automation`: not tied to a person. */
  kind: 'user' | 'automation';
  /** A web-console login session, listed as a token: short-lived, not an API token. */
  browserSession: boolean;
  /** The owning user (user tokens) or the creator (automation tokens), when listed. */
  userId: string | null;
  scopes: string[];
  /** Service ids the token is limited to; empty means every service. */
  services: string[];
  /** The automation token's role (billing, engineer, user). */
  role: string | null;
  createdAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  deletedAt: string | null;
}

function scopesOf(token: ApiToken | AutomationToken): string[] {
  const raw = token.scopes ?? token.scope ?? [];
  const list = typeof raw === 'string' ? raw.split(/\s+/) : raw;
  return [...new Set(list.map((scope) => scope.trim()).filter((scope) => scope !== ''))];
}

/**
 * One token as the rules see it. Built as one object literal, not spread from parts: spreading
 * cost about 10 ms per 1,000 tokens, a fair share of an audit's own time.
 */
function accountToken(
  token: ApiToken | AutomationToken,
  id: string,
  kind: AccountToken['kind'],
  owner: { userId: string | null; role: string | null; browserSession: boolean },
): AccountToken {
  return {
    id,
    name: token.name?.trim() ? token.name : id,
    kind,
    browserSession: owner.browserSession,
    userId: owner.userId,
    scopes: scopesOf(token),
    services: token.services ?? [],
    role: owner.role,
    createdAt: token.created_at ?? null,
    expiresAt: token.expires_at ?? null,
    lastUsedAt: token.last_used_at ?? null,
    deletedAt: token.deleted_at ?? null,
  };
}

/**
 * One list, each token once by id: an automation token that the customer list also shows is kept
 * as an automation token (it belongs to no person). A token without an id is kept under a
 * placeholder, so it is still judged and shown.
 */
export function accountTokens(userTokens: readonly ApiToken[], automationTokens: readonly AutomationToken[]): AccountToken[] {
  const byId = new Map<string, AccountToken>();
  const key = (id: string | null | undefined, index: number, list: string) => id || `(${list} token ${index + 1} without an id)`;
  automationTokens.forEach((token, index) => {
    const id = key(token.id, index, 'automation');
    byId.set(id, accountToken(token, id, 'automation', { userId: token.creator_id ?? null, role: token.role ?? null, browserSession: false }));
  });
  userTokens.forEach((token, index) => {
    const id = key(token.id, index, 'user');
    if (byId.has(id)) return;
    const browserSession = token.name?.trim().toLowerCase() === BROWSER_SESSION_NAME;
    byId.set(id, accountToken(token, id, 'user', { userId: token.user_id ?? null, role: null, browserSession }));
  });
  return [...byId.values()];
}

/** The `global` scope: full control of the account (global:read is read-only). */
export function hasGlobalScope(token: AccountToken): boolean {
  return token.scopes.includes('global');
}

/** A token that can no longer be used: deleted, or past its expiry. */
export function isDead(token: AccountToken, now: Date): boolean {
  const expires = timeOf(token.expiresAt);
  return token.deletedAt !== null || (expires !== undefined && expires <= now.getTime());
}

/**
 * What every token finding shows of its token, then the rule's own facts: never a secret (the
 * schemas keep none). The same keys for every token, in one literal (see accountToken).
 */
export function tokenEvidence(token: AccountToken, facts: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(
    {
      name: token.name,
      kind: token.kind,
      scopes: token.scopes,
      user_id: token.kind === 'user' ? token.userId : null,
      creator_id: token.kind === 'automation' ? token.userId : null,
      role: token.role,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
      last_used_at: token.lastUsedAt,
    },
    facts,
  );
}

/** "API token deploy (global scope)", "automation token ci (global:read)". */
export function describeToken(token: AccountToken): string {
  const kind = token.kind === 'automation' ? 'Automation token' : 'API token';
  const scope = token.scopes.length > 0 ? token.scopes.join(' ') : 'no scope listed';
  return `${kind} ${JSON.stringify(token.name)} (${scope})`;
}
