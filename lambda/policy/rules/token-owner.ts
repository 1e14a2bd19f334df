/** token.owner: every user token belongs to a listed, unlocked user of the account. */
import { defineRule } from '../define-rule.js';
import { tokenSubject } from '../subjects.js';
import { describeToken, isDead, tokenEvidence } from '../token-facts.js';
import type { RuleOutcome } from '../types.js';
import { findUser } from '../user-facts.js';
import { perItem } from './per-user.js';
import { DOCS } from './references.js';

export const tokenOwnerRule = defineRule({
  id: 'token.owner',
  title: 'Every user token belongs to an active user of the account',
  severity: 'high',
  risk: 'A token outlives the reason it was given: the tokens of a locked or departed user still act with that user\'s rights, and nobody answers for them.',
  remediation: {
    console:
      'Control panel (superuser): Account > API tokens, delete the tokens of locked or departed users; replace any a pipeline depends on with an automation token first. The auditor never revokes a token.',
    api: 'DELETE /tokens/{token_id}, by an administrator.',
    automatic: false,
  },
  references: [DOCS.personalTokens, DOCS.automationTokens, DOCS.managingUsers, DOCS.userTokenApi],
  needs: ['tokens', 'users'],
  evaluate: ({ tokens, users, now }) =>
    // Automation tokens belong to the account, not to a person.
    perItem(tokens, (token): RuleOutcome | undefined => {
      if (token.kind === 'automation' || isDead(token, now)) return undefined;
      const subject = tokenSubject(token);
      const what = describeToken(token);
      const fail = (message: string, facts: Record<string, unknown>): RuleOutcome => ({
        status: 'FAIL',
        subject,
        message,
        evidence: tokenEvidence(token, facts),
      });
      if (token.userId === null) return fail(`${what} names no user (user_id is missing), so no one is known to answer for it.`, { owner: null });
      const owner = findUser(users, token.userId);
      if (owner === undefined) {
        return fail(`${what} belongs to user id ${token.userId}, who is not a user of the account (removed?).`, { owner: null });
      }
      const login = owner.login ?? token.userId;
      const facts = { owner: login, locked: owner.locked ?? null, deleted_at: owner.deleted_at ?? null };
      if (owner.deleted_at) return fail(`${what} belongs to ${login}, a deleted user.`, facts);
      if (owner.locked === true) return fail(`${what} belongs to ${login}, a locked user.`, facts);
      return { status: 'PASS', subject, message: `${what} belongs to ${login}.`, evidence: tokenEvidence(token, facts) };
    }),
});
