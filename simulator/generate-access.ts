/**
 * Generated tokens, automation tokens, invitations and a year of audit log for an account made by
 * generateSeed(): shaped like go-fastly's recordings, in realistic shares (console sessions,
 * never-used and never-expiring tokens, tokens of removed users, a log that is mostly service
 * work and logins with a few security changes), and the same for the same seed number.
 */
import { DAY_MS, isoSeconds, randomKit, REFERENCE_TIME } from './random.js';
import type { SimulatorSeed } from './types.js';

const SCOPES: [string[], number][] = [
  [['global'], 40],
  [['global:read'], 40],
  [['purge_select'], 15],
  [['purge_all'], 5],
];

/** Mostly service work and logins; the security changes attribution looks for are rare. */
const EVENT_TYPES: [string, number][] = [
  ['service.update', 20],
  ['version.activate', 15],
  ['version.create', 10],
  ['logging.update', 8],
  ['user.login', 25],
  ['user.logout', 8],
  ['user.login_failure', 3],
  ['user.sudo', 2],
  ['token.create', 1.5],
  ['token.destroy', 1],
  ['user.update', 2],
  ['customer.update', 1],
  ['user.create', 0.5],
  ['user.promote', 0.2],
  ['two_factor_auth.enable', 0.5],
  ['two_factor_auth.disable', 0.3],
  ['invitation.sent', 0.5],
];

const CUSTOMER_FIELDS = ['force_2fa', 'name', 'phone_number', 'ip_whitelist', 'has_pci', 'billing_ref'];
const AGENTS = ['curl/8.4.0', 'terraform-provider-fastly/5.15.0', 'FastlyCLI/v10.17.0 (go1.23)', 'python-requests/2.31.0', 'FastlyGo/10.4.0 (+github.com/fastly/go-fastly; go1.23.4)'];

export interface AccessCounts {
  /** User tokens (console sessions among them). */
  tokens: number;
  automationTokens?: number;
  invitations?: number;
  /** Audit-log events over the 365 days Fastly keeps. */
  events: number;
  seed?: number;
}

function count(name: string, value: number | undefined): number {
  const n = value ?? 0;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return n;
}

export function generateAccess(account: SimulatorSeed, counts: AccessCounts): Required<Pick<SimulatorSeed, 'tokens' | 'automationTokens' | 'invitations' | 'events'>> {
  const { random, pick, chance, id, weighted, daysAgo } = randomKit(counts.seed ?? 2);
  const customerId = account.customer.id;
  const userIds = account.users.map((user) => String(user.id));
  const removedUsers = Array.from({ length: 5 }, () => id());
  const ip = () => `203.0.113.${1 + Math.floor(random() * 250)}`;

  /** Created 1 to 1,000 days ago; expiring 30 to 730 days later, or never; used recently, long ago, or never. */
  const tokenDates = () => {
    const createdDays = 1 + Math.floor(random() * 1000);
    const created = daysAgo(createdDays);
    const expires = chance(0.3) ? null : isoSeconds(Date.parse(created) + (30 + Math.floor(random() * 700)) * DAY_MS);
    const lastUsed = chance(0.1) ? null : daysAgo(Math.floor(random() * Math.min(createdDays, 200)));
    return { created_at: created, last_used_at: lastUsed, expires_at: expires };
  };

  const tokens = Array.from({ length: count('tokens', counts.tokens) }, () => {
    const session = chance(0.05);
    const dates = tokenDates();
    const scopes = session ? ['global'] : weighted(SCOPES);
    return {
      id: id(),
      user_id: chance(0.02) ? pick(removedUsers) : pick(userIds),
      customer_id: customerId,
      name: session ? 'manage.fastly.com browser session' : `token-${Math.floor(random() * 1e6)}`,
      ...dates,
      ...(session ? { expires_at: null, last_used_at: daysAgo(0) } : {}),
      ip: dates.last_used_at === null ? null : ip(),
      user_agent: dates.last_used_at === null ? null : pick(AGENTS),
      sudo_expires_at: null,
      scopes,
      scope: scopes.join(' '),
      services: [],
      service_id: null,
    };
  });

  const automationTokens = Array.from({ length: count('automationTokens', counts.automationTokens) }, () => {
    const dates = tokenDates();
    return {
      id: id(),
      creator_id: pick(userIds),
      customer_id: customerId,
      name: `automation-${Math.floor(random() * 1e6)}`,
      access_token: '',
      role: pick(['engineer', 'user', 'billing']),
      ip: dates.last_used_at === null ? null : ip(),
      user_agent: dates.last_used_at === null ? null : pick(AGENTS),
      scopes: weighted(SCOPES).join(' '),
      services: null,
      service_id: null,
      sudo_expires_at: null,
      ...dates,
      tls_access: false,
    };
  });

  const invitations = Array.from({ length: count('invitations', counts.invitations) }, (_, index) => ({
    id: id(),
    type: 'invitation',
    attributes: {
      email: `invitee${index}@${chance(0.1) ? 'outlook.com' : 'example.com'}`,
      role: pick(['engineer', 'user', 'superuser']),
      limit_services: false,
      status_code: chance(0.3) ? 0 : 1,
      created_at: daysAgo(Math.floor(random() * 30)),
      updated_at: null,
      deleted_at: null,
    },
  }));

  const events = Array.from({ length: count('events', counts.events) }, () => {
    const type = weighted(EVENT_TYPES);
    const actor = pick(userIds);
    const field = pick(CUSTOMER_FIELDS);
    const metadata =
      type === 'customer.update'
        ? { old: { [field]: 'before' }, new: { [field]: 'after' } }
        : type.startsWith('user.') && type !== 'user.login' && type !== 'user.logout'
          ? { user_id: pick(userIds), ...(type === 'user.promote' ? { new: { role: 'superuser' } } : {}) }
          : null;
    const address = ip();
    return {
      id: id(),
      type: 'event',
      attributes: {
        customer_id: customerId,
        description: `${type} by ${actor}`,
        event_type: type,
        ip: `${address}, ${address}`,
        metadata,
        service_id: type.startsWith('service') || type.startsWith('version') || type.startsWith('logging') ? id() : null,
        user_id: actor,
        token_id: null,
        created_at: isoSeconds(REFERENCE_TIME - Math.floor(random() * 365 * DAY_MS)),
        admin: chance(0.01),
      },
    };
  });

  return { tokens, automationTokens, invitations, events };
}
