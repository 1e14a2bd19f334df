/** invitation.stale: no invitation stays pending too long, and none goes outside the allowed domains. */
import * as z from '../../zod.js';
import type { Invitation } from '../../fastly/access-schemas.js';
import { days, daysBetween, timeOf } from '../dates.js';
import { defineRule } from '../define-rule.js';
import { setting } from '../setting.js';
import { invitationSubject } from '../subjects.js';
import type { RuleOutcome } from '../types.js';
import { loginDomain } from '../user-facts.js';
import { perItem } from './per-user.js';
import { DOCS } from './references.js';

function invitesSuperuser(invitation: Invitation): boolean {
  return invitation.role === 'superuser' || (invitation.roles ?? []).includes('superuser');
}

export const staleInvitationRule = defineRule({
  id: 'invitation.stale',
  title: 'No invitation is left pending or sent outside the allowed domains',
  severity: 'low',
  risk: 'A pending invitation is an open door into the account for whoever holds the email; one to an outside domain lets a person in who escapes offboarding.',
  remediation: {
    console:
      'Control panel (superuser): Account > User management, delete stale invitations and those to outside domains; invite again with a company address when access is still needed.',
    api: 'DELETE /invitations/{invitation_id}, by an administrator (the auditor never deletes).',
    automatic: false,
  },
  references: [DOCS.managingUsers, DOCS.invitationApi],
  needs: ['invitations'],
  settings: {
    maxPendingDays: setting(z.int().check(z.minimum(1)), {
      description: "Invitations pending for more than this many days fail (Fastly's own expire after 7).",
      default: 7,
    }),
  },
  evaluate: ({ invitations, settings, peers, now }) => {
    const allowed = new Set(peers.allowedDomains.map((domain) => domain.toLowerCase()));
    return perItem(invitations, (invitation): RuleOutcome | undefined => {
      if (invitation.deleted_at) return undefined;
      const subject = invitationSubject(invitation);
      const superuser = invitesSuperuser(invitation);
      const who = `${superuser ? 'Superuser invitation' : 'Invitation'} to ${subject.name}`;
      const domain = loginDomain(invitation.email);
      const created = timeOf(invitation.created_at);
      const pendingDays = created === undefined ? null : daysBetween(created, now.getTime());
      const evidence = {
        email: invitation.email ?? null,
        role: invitation.role ?? null,
        status_code: invitation.status_code ?? null,
        created_at: invitation.created_at ?? null,
        pendingDays,
        maxPendingDays: settings.maxPendingDays,
        ...(allowed.size > 0 ? { allowedDomains: [...allowed] } : {}),
      };
      const problems: string[] = [];
      if (created !== undefined && now.getTime() - created > days(settings.maxPendingDays)) {
        const expired = invitation.status_code === 0 ? ', and has expired' : '';
        problems.push(`has been pending for ${pendingDays} days (sent ${invitation.created_at}), more than ${settings.maxPendingDays}${expired}`);
      }
      if (allowed.size > 0 && (domain === undefined || !allowed.has(domain))) {
        problems.push(domain === undefined ? 'has no email domain' : `goes to ${domain}, outside the allowed domains (${[...allowed].join(', ')})`);
      }
      const severity = superuser ? { severity: 'medium' as const } : {};
      if (problems.length > 0) return { status: 'FAIL', subject, message: `${who} ${problems.join('; it ')}.`, evidence, ...severity };
      if (created === undefined) {
        return { status: 'NOT_APPLICABLE', subject, message: `${who} has no readable created_at, so how long it has been pending cannot be judged.`, evidence };
      }
      return { status: 'PASS', subject, message: `${who} has been pending ${pendingDays} days.`, evidence };
    });
  },
});
