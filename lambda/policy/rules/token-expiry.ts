/** token.expiry: every API token expires, no later than the lifetime limit after it was created. */
import * as z from '../../zod.js';
import { defineRule } from '../define-rule.js';
import { setting } from '../setting.js';
import { tokenSubject } from '../subjects.js';
import { days, daysBetween, timeOf } from '../dates.js';
import { describeToken, hasGlobalScope, isDead, tokenEvidence } from '../token-facts.js';
import type { RuleOutcome } from '../types.js';
import { perItem } from './per-user.js';
import { DOCS } from './references.js';

export const tokenExpiryRule = defineRule({
  id: 'token.expiry',
  title: 'Every API token expires within the lifetime limit',
  severity: 'medium',
  risk: 'A token without a near expiry stays a working key long after it leaks or is forgotten; a leaked global token is full control of the account.',
  remediation: {
    console:
      'Control panel: Account > API tokens, create a replacement with an expiration date within the limit (an automation token for pipelines), move its users to it, then delete the old one. The auditor never revokes a token: a pipeline may depend on it.',
    api: 'POST /tokens or POST /automation-tokens with expires_at, then DELETE /tokens/{token_id} once nothing uses the old one, by an administrator.',
    automatic: false,
  },
  references: [DOCS.personalTokens, DOCS.automationTokens, DOCS.userTokenApi, DOCS.automationTokenApi],
  needs: ['tokens'],
  settings: {
    maxLifetimeDays: setting(z.int().check(z.minimum(1)), {
      description: 'Tokens that never expire, or expire more than this many days after they were created, fail.',
      default: 365,
    }),
  },
  evaluate: ({ tokens, settings, now }) =>
    // Console browser sessions are short-lived logins listed as tokens, not API tokens; dead tokens cannot be used.
    perItem(tokens, (token): RuleOutcome | undefined => {
      if (token.browserSession || isDead(token, now)) return undefined;
      const subject = tokenSubject(token);
      const what = describeToken(token);
      const severity = hasGlobalScope(token) ? ('high' as const) : ('medium' as const);
      const limit = settings.maxLifetimeDays;
      if (token.expiresAt === null) {
        const evidence = tokenEvidence(token, { maxLifetimeDays: limit });
        return { status: 'FAIL', severity, subject, message: `${what} never expires (expires_at is null).`, evidence };
      }
      const expires = timeOf(token.expiresAt);
      const created = timeOf(token.createdAt);
      if (expires === undefined) {
        const message = `${what} has an unreadable expires_at (${JSON.stringify(token.expiresAt)}), so its lifetime cannot be judged.`;
        return { status: 'NOT_APPLICABLE', subject, message, evidence: tokenEvidence(token, { maxLifetimeDays: limit }) };
      }
      // Without a creation time the lifetime is at least what is left of it.
      const from = created ?? now.getTime();
      const lifetimeDays = daysBetween(from, expires);
      const evidence = tokenEvidence(token, { maxLifetimeDays: limit, lifetimeDays });
      if (expires - from > days(limit)) {
        const span = created === undefined ? `expires in ${lifetimeDays} days` : `expires ${lifetimeDays} days after it was created`;
        return { status: 'FAIL', severity, subject, message: `${what} ${span} (${token.expiresAt}), more than the limit of ${limit} days.`, evidence };
      }
      if (created === undefined) {
        const message = `${what} has no readable created_at, so its lifetime cannot be judged (it expires in ${lifetimeDays} days).`;
        return { status: 'NOT_APPLICABLE', subject, message, evidence };
      }
      return { status: 'PASS', subject, message: `${what} expires ${lifetimeDays} days after it was created.`, evidence };
    }),
});
