/**
 * User hygiene rules, evaluated over the account's user list: per-user 2FA, the superuser count,
 * approved login domains and inactivity. Unknown roles and missing optional keys are tolerated.
 */
import type { User } from '../../fastly/schemas.js';
import type { CommonSettings, ResolvedSettings } from '../settings.js';
import { accountSubject, userSubject } from '../subjects.js';
import type { RuleDefinition, RuleOutcome } from '../types.js';
import { isSuperuser, loginDomain, twoFactorState } from '../user-facts.js';
import { DOCS } from './references.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Names quoted in one message; the evidence carries the full list. */
const MESSAGE_LIST_LIMIT = 10;

function listForMessage(names: string[]): string {
  const shown = names.slice(0, MESSAGE_LIST_LIMIT).join(', ');
  const rest = names.length - MESSAGE_LIST_LIMIT;
  return rest > 0 ? `${shown} and ${rest} more` : shown;
}

/**
 * One outcome per user, made as the evaluator reads it (see RuleDefinition.evaluate). A plain
 * iterator rather than a generator: V8 runs it about three times faster.
 */
class PerUser implements IterableIterator<RuleOutcome> {
  private index = 0;

  constructor(
    private readonly users: readonly User[],
    private readonly judge: (user: User) => RuleOutcome,
  ) {}

  next(): IteratorResult<RuleOutcome> {
    const user = this.users[this.index];
    if (user === undefined) return { value: undefined, done: true };
    this.index += 1;
    return { value: this.judge(user), done: false };
  }

  [Symbol.iterator](): IterableIterator<RuleOutcome> {
    return this;
  }
}

function perUser(users: readonly User[], judge: (user: User) => RuleOutcome): Iterable<RuleOutcome> {
  return new PerUser(users, judge);
}

function loginOf(user: User): string {
  return userSubject(user).name;
}

export const userTwoFactorRule: RuleDefinition<CommonSettings> = {
  id: 'user.2fa-enabled',
  title: 'Every user has two-factor authentication enabled',
  severity: 'high',
  risk: 'A user without 2FA can be taken over with a single phished or reused password.',
  remediation: {
    guidance:
      'Each user enables 2FA under Account > Profile & security; Fastly does not let an administrator or the API enable it for someone else. Require it for everyone with account.force-2fa (PUT /customer/{customer_id} with force_2fa=true).',
    automatic: false,
  },
  references: [DOCS.managing2fa, DOCS.administering2fa, DOCS.userApi],
  frameworks: ['PCI DSS 4.0 req 8.4.2', 'SOC 2 CC6.1'],
  needs: ['users'],
  evaluate: ({ users }) =>
    perUser(users, (user): RuleOutcome => {
      const subject = userSubject(user);
      const state = twoFactorState(user);
      const superuser = isSuperuser(user);
      const evidence = {
        two_factor_auth_enabled: user.two_factor_auth_enabled ?? null,
        state,
        role: user.role ?? null,
        ...(user.roles ? { roles: user.roles } : {}),
      };
      const severity = superuser ? { severity: 'critical' as const } : {};
      const who = superuser ? `Superuser ${subject.name}` : subject.name;
      if (state === 'enabled') return { status: 'PASS', subject, message: `${who} has 2FA enabled.`, evidence };
      const message =
        state === 'disabled'
          ? `${who} has not enabled two-factor authentication.`
          : `${who} is not known to have two-factor authentication enabled: the state is unknown (two_factor_auth_enabled is null).`;
      return { status: 'FAIL', subject, message, evidence, ...severity };
    }),
};

export const superuserCountRule: RuleDefinition<ResolvedSettings['user.superuser-count']> = {
  id: 'user.superuser-count',
  title: 'The number of superusers stays within the policy limit',
  severity: 'medium',
  risk: 'Every superuser can change users, security settings and all services, so each extra one widens the damage a compromised login can do.',
  remediation: {
    guidance:
      'Control panel (superuser): Account > User management, change users who do not need full control to the engineer or user role. API: PUT /user/{user_id} with role=engineer.',
    automatic: false,
  },
  references: [DOCS.userRoles, DOCS.userApi],
  frameworks: ['PCI DSS 4.0 req 7.2.2', 'SOC 2 CC6.3'],
  needs: ['users'],
  evaluate: ({ customer, users, settings }) => {
    const breakGlass = new Set(settings.breakGlass.map((login) => login.toLowerCase()));
    const superusers = users.filter(isSuperuser);
    const isBreakGlass = (user: User) => breakGlass.has((user.login ?? '').toLowerCase());
    const counted = superusers.filter((user) => !isBreakGlass(user)).map(loginOf);
    const excluded = superusers.filter(isBreakGlass).map(loginOf);
    const evidence = { count: counted.length, max: settings.max, superusers: counted, breakGlass: excluded };
    const subject = accountSubject(customer);
    if (counted.length <= settings.max) {
      return [{ status: 'PASS', subject, message: `${counted.length} superusers, within the limit of ${settings.max}.`, evidence }];
    }
    const message = `The account has ${counted.length} superusers (break-glass logins excluded), more than the limit of ${settings.max}: ${listForMessage(counted)}.`;
    return [{ status: 'FAIL', subject, message, evidence }];
  },
};

export const emailDomainRule: RuleDefinition<ResolvedSettings['user.email-domain']> = {
  id: 'user.email-domain',
  title: 'Every user logs in with an approved email domain',
  severity: 'medium',
  risk: "Logins on personal or third-party domains escape the company's identity management and offboarding.",
  remediation: {
    guidance:
      'Control panel (superuser): Account > User management, remove users whose login is outside the approved domains and invite them again with a company address. API (by an administrator; the auditor never deletes): DELETE /user/{user_id}.',
    automatic: false,
  },
  references: [DOCS.managingUsers, DOCS.userApi],
  frameworks: ['PCI DSS 4.0 req 8.2.1', 'SOC 2 CC6.2'],
  needs: ['users'],
  evaluate: ({ customer, users, settings }) => {
    if (settings.allowedDomains.length === 0) {
      return [
        {
          status: 'NOT_APPLICABLE',
          subject: accountSubject(customer),
          message: 'No allowed email domains are configured (allowedDomains is empty), so logins are not checked.',
          evidence: { allowedDomains: [] },
        },
      ];
    }
    const allowed = new Set(settings.allowedDomains.map((domain) => domain.toLowerCase()));
    const allowedList = [...allowed].join(', ');
    return perUser(users, (user): RuleOutcome => {
      const subject = userSubject(user);
      const domain = loginDomain(user.login);
      const evidence = { login: user.login ?? null, domain: domain ?? null };
      if (domain === undefined) {
        return { status: 'FAIL', subject, message: `${subject.name} has no email domain in its login.`, evidence };
      }
      if (allowed.has(domain)) {
        return { status: 'PASS', subject, message: `${subject.name} uses an allowed domain.`, evidence };
      }
      const message = `${subject.name} logs in with the domain ${domain}, which is not an allowed domain (${allowedList}).`;
      return { status: 'FAIL', subject, message, evidence };
    });
  },
};

export const inactiveUserRule: RuleDefinition<ResolvedSettings['user.inactive']> = {
  id: 'user.inactive',
  title: 'Every user has been active within the inactivity limit',
  severity: 'low',
  risk: 'Dormant users keep working credentials that nobody notices being used.',
  remediation: {
    guidance:
      'Control panel (superuser): Account > User management, remove users who no longer need access. API (by an administrator; the auditor never deletes): DELETE /user/{user_id}.',
    automatic: false,
  },
  references: [DOCS.managingUsers, DOCS.userApi],
  frameworks: ['PCI DSS 4.0 req 8.2.6', 'SOC 2 CC6.2'],
  needs: ['users'],
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
};
