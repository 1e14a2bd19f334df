/** token.unused: every API token was used recently; a never-used one is not older than the limit. */
import * as z from '../../zod.js';
import { defineRule } from '../define-rule.js';
import { setting } from '../setting.js';
import { tokenSubject } from '../subjects.js';
import { days, daysBetween, timeOf } from '../dates.js';
import { describeToken, isDead, tokenEvidence } from '../token-facts.js';
import type { RuleOutcome } from '../types.js';
import { perItem } from './per-user.js';
import { DOCS } from './references.js';

export const tokenUnusedRule = defineRule({
  id: 'token.unused',
  title: 'Every API token has been used within the unused limit',
  severity: 'low',
  risk: 'A token nobody uses is a credential nobody watches: if it leaks, its use stands out to no one.',
  remediation: {
    console: 'Control panel: Account > API tokens, delete tokens that are no longer used (check with their owner first). The auditor never revokes a token.',
    api: 'DELETE /tokens/{token_id} (or /automation-tokens/{id}), by an administrator.',
    automatic: false,
  },
  references: [DOCS.personalTokens, DOCS.automationTokens, DOCS.userTokenApi],
  needs: ['tokens'],
  settings: {
    maxUnusedDays: setting(z.int().check(z.minimum(1)), {
      description: 'Tokens not used for more than this many days fail; never-used tokens fail once they are older than that.',
      default: 90,
    }),
  },
  evaluate: ({ tokens, settings, now }) =>
    perItem(tokens, (token): RuleOutcome | undefined => {
      if (token.browserSession || isDead(token, now)) return undefined;
      const subject = tokenSubject(token);
      const what = describeToken(token);
      const limit = settings.maxUnusedDays;
      const nowMs = now.getTime();
      if (token.lastUsedAt !== null) {
        const used = timeOf(token.lastUsedAt);
        if (used === undefined) {
          const message = `${what} has an unreadable last_used_at (${JSON.stringify(token.lastUsedAt)}), so its use cannot be judged.`;
          return { status: 'NOT_APPLICABLE', subject, message, evidence: tokenEvidence(token, { maxUnusedDays: limit }) };
        }
        const idle = daysBetween(used, nowMs);
        const evidence = tokenEvidence(token, { maxUnusedDays: limit, unusedDays: idle });
        if (nowMs - used > days(limit)) {
          const message = `${what} was last used ${idle} days ago (${token.lastUsedAt}), more than the limit of ${limit} days.`;
          return { status: 'FAIL', subject, message, evidence };
        }
        return { status: 'PASS', subject, message: `${what} was used ${idle} days ago.`, evidence };
      }
      const created = timeOf(token.createdAt);
      if (created === undefined) {
        const message = `${what} was never used and has no readable created_at, so its age cannot be judged.`;
        return { status: 'NOT_APPLICABLE', subject, message, evidence: tokenEvidence(token, { maxUnusedDays: limit }) };
      }
      const age = daysBetween(created, nowMs);
      const evidence = tokenEvidence(token, { maxUnusedDays: limit, unusedDays: age });
      if (nowMs - created > days(limit)) {
        const message = `${what} was never used since it was created ${age} days ago (${token.createdAt}), more than the limit of ${limit} days.`;
        return { status: 'FAIL', subject, message, evidence };
      }
      return { status: 'PASS', subject, message: `${what} was created ${age} days ago and not used yet.`, evidence };
    }),
});
