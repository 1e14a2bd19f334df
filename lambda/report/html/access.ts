/**
 * The access review on the page: who has access (one row per user: roles, 2FA, locked, activity,
 * API tokens held, failing rules) and, when the tokens were read, every API token with who holds
 * it. Long lists are cut at `maxRows` with where the rest is: the JSON report, and the CSV.
 */
import { formatCount } from '../facts.js';
import type { AccessReviewToken, AccessReviewUser, Report } from '../model.js';
import { html, join, table, type Html } from './markup.js';

export interface AccessOptions {
  /** Users (and tokens) listed before "and N more". */
  maxRows: number;
  /** Where the full list is, said under a cut list (e.g. "the CSV beside this report, <runId>.csv"). */
  fullListAt: string;
}

function ruleCodes(ruleIds: readonly string[]): Html {
  return join(ruleIds.map((id) => html`<code>${id}</code>`), ' ');
}

/**
 * The day of an ISO timestamp (2026-11-30T10:34:19Z reads 2026-11-30): enough for a review, and
 * it keeps the tables narrow; the JSON and the CSV keep the whole value. Anything else as it is.
 */
function day(value: string | null, missing: string): string {
  if (value === null) return missing;
  return /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
}

function userRow(user: AccessReviewUser): Html[] {
  return [
    html`${user.login || user.id}`,
    html`${user.name}`,
    html`${user.roles.join(', ')}`,
    user.twoFactor === 'enabled' ? html`enabled` : html`<strong>${user.twoFactor}</strong>`,
    user.locked === null ? html`unknown` : user.locked ? html`<strong>locked</strong>` : html`no`,
    html`${day(user.lastActiveAt, 'unknown')}`,
    html`${day(user.createdAt, 'unknown')}`,
    html`${user.tokens === null ? 'not read' : formatCount(user.tokens)}`,
    ruleCodes(user.failingRuleIds),
  ];
}

function tokenRow(token: AccessReviewToken): Html[] {
  return [
    html`${token.name}`,
    html`${token.kind}`,
    html`${token.owner ?? 'unknown'}`,
    html`${token.scopes.join(' ')}`,
    html`${day(token.createdAt, 'unknown')}`,
    html`${day(token.expiresAt, 'never')}`,
    html`${day(token.lastUsedAt, 'never')}`,
    ruleCodes(token.failingRuleIds),
  ];
}

function cutNote(shown: number, total: number, what: string, options: AccessOptions): Html {
  const rest = total - shown;
  if (rest <= 0) return html``;
  return html`<p class="note">and ${formatCount(rest)} more ${what}: see ${options.fullListAt}.</p>`;
}

export function usersSection(report: Report, options: AccessOptions): Html {
  const review = report.accessReview;
  if (!review) {
    return html`<section id="users"><h2>Users</h2><p>The users could not be read: see Errors.</p></section>`;
  }
  const total = review.users.length + (review.truncatedUsers ?? 0);
  const shown = review.users.slice(0, options.maxRows);
  const failing = review.users.filter((user) => user.failingRuleIds.length > 0).length;
  return html`<section id="users"><h2>Users (${formatCount(total)})</h2>
<p>The access review: every user of the account${review.truncatedUsers ? '' : html`, ${formatCount(failing)} with a failing rule`}.</p>
${table(['Login', 'Name', 'Roles', '2FA', 'Locked', 'Last active', 'Created', 'API tokens', 'Failing rules'], shown.map(userRow), 'access')}
${cutNote(shown.length, total, 'users', options)}
</section>`;
}

export function tokensSection(report: Report, options: AccessOptions): Html {
  const tokens = report.accessReview?.tokens;
  if (!tokens) return html``;
  const total = tokens.length + (report.accessReview?.truncatedTokens ?? 0);
  const shown = tokens.slice(0, options.maxRows);
  return html`<section id="tokens"><h2>API tokens (${formatCount(total)})</h2>
<p>User and automation tokens; console login sessions are not listed.</p>
${table(['Name', 'Kind', 'Held by', 'Scopes', 'Created', 'Expires', 'Last used', 'Failing rules'], shown.map(tokenRow), 'access')}
${cutNote(shown.length, total, 'tokens', options)}
</section>`;
}
