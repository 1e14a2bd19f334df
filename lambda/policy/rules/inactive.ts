/** user.inactive: every user was active within the policy's limit (NOT_APPLICABLE without the field). */
import * as z from '../../zod.js';
import { defineRule } from '../define-rule.js';
import { setting } from '../setting.js';
import { userSubject } from '../subjects.js';
import type { RuleOutcome } from '../types.js';
import { perUser } from './per-user.js';
import { DOCS } from './references.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export const inactiveUserRule = defineRule({
  id: 'user.inactive',
  title: 'Every user has been active within the inactivity limit',
  severity: 'low',
  risk: 'Dormant users keep working credentials that nobody notices being used.',
  remediation: {
    console: 'Control panel (superuser): Account > User management, remove users who no longer need access.',
    api: 'DELETE /user/{user_id}, by an administrator (the auditor never deletes).',
    automatic: false,
  },
  references: [DOCS.managingUsers, DOCS.userApi],
  needs: ['users'],
  settings: {
    maxInactiveDays: setting(z.int().check(z.minimum(1)), {
      description: 'Users not active for more than this many days fail.',
      default: 90,
    }),
  },
  evaluate: ({ users, settings, now }) =>
    perUser(users, (user): RuleOutcome => {
      const subject = userSubject(user);
      const raw = user.last_active_at ?? null;
      const lastActive = raw === null ? Number.NaN : Date.parse(raw);
      if (Number.isNaN(lastActive)) {
        const why = raw === null ? 'has no last_active_at' : `has an unreadable last_active_at (${JSON.stringify(raw)})`;
        return {
          status: 'NOT_APPLICABLE',
          subject,
          message: `${subject.name} ${why}, so inactivity cannot be judged.`,
          evidence: { last_active_at: raw },
        };
      }
      const idleMs = now.getTime() - lastActive;
      const inactiveDays = Math.max(0, Math.floor(idleMs / DAY_MS));
      const evidence = { last_active_at: raw, inactiveDays, maxInactiveDays: settings.maxInactiveDays };
      if (idleMs > settings.maxInactiveDays * DAY_MS) {
        const message = `${subject.name} was last active ${inactiveDays} days ago (${raw}), more than the limit of ${settings.maxInactiveDays} days.`;
        return { status: 'FAIL', subject, message, evidence };
      }
      return { status: 'PASS', subject, message: `${subject.name} was active ${inactiveDays} days ago.`, evidence };
    }),
});
