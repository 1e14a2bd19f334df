/**
 * Generated accounts of any size for tests and benchmarks: realistic, and the same for the same
 * seed number (a small PRNG, and dates relative to a fixed point rather than the clock).
 */
import { randomKit } from './random.js';
import type { SimulatorSeed } from './types.js';

const HEX_DIGITS = [...'0123456789abcdef'];

const COMPANIES = ['Northwind Media', 'Globex Video', 'Initech Streaming', 'Umbrella Broadcasting', 'Contoso Live'];
const FIRST_NAMES = ['Ada', 'Bruno', 'Chloe', 'Dmitri', 'Esther', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Luca', 'Mira', 'Nils', 'Omar', 'Paula', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Umar', 'Vera', 'Wei', 'Yara', 'Zane'];
const LAST_NAMES = ['Adeyemi', 'Bauer', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Hughes', 'Ivanova', 'Jensen', 'Kowalski', 'Larsen', 'Moreau', 'Nakamura', 'Okoye', 'Patel', 'Rossi', 'Silva', 'Tanaka', 'Novak'];
const PERSONAL_DOMAINS = ['gmail.com', 'outlook.com'];
// tls_viewer and tls_admin are the newer roles older models do not know about.
const ROLES: [string, number][] = [
  ['user', 40],
  ['engineer', 30],
  ['billing', 8],
  ['superuser', 7],
  ['tls_viewer', 8],
  ['tls_admin', 7],
];

export function generateSeed(options: {
  users: number;
  seed?: number;
  customer?: Record<string, unknown>;
}): SimulatorSeed {
  if (!Number.isInteger(options.users) || options.users < 0) {
    throw new RangeError(`users must be a non-negative integer, got ${options.users}`);
  }
  const { random, pick, chance, id, weighted, daysAgo } = randomKit(options.seed ?? 1);

  const company = pick(COMPANIES);
  const domain = `${company.toLowerCase().replace(/\s+/g, '-')}.example`;
  const generatedId = id();
  // Users must point at the customer, including one whose id the caller chose.
  const customerId = typeof options.customer?.id === 'string' ? options.customer.id : generatedId;
  const logins = new Set<string>();

  const users = Array.from({ length: options.users }, (_, index) => {
    const isOwner = index === 0;
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const userDomain = !isOwner && chance(0.03) ? pick(PERSONAL_DOMAINS) : domain;
    let login = `${first}.${last}@${userDomain}`.toLowerCase();
    if (logins.has(login)) login = login.replace('@', `${index}@`);
    logins.add(login);

    const twoFactorRoll = random();
    const createdDaysAgo = 30 + Math.floor(random() * 2000);
    const activityRoll = random();
    const user: Record<string, unknown> = {
      id: id(),
      customer_id: customerId,
      login,
      name: `${first} ${last}`,
      role: isOwner ? 'superuser' : weighted(ROLES),
      // Owner always enrolled; else ~5% null (common in real responses), ~15% false.
      two_factor_auth_enabled: isOwner || twoFactorRoll >= 0.2 ? true : twoFactorRoll < 0.05 ? null : false,
      locked: chance(0.1) ? null : chance(0.02),
      require_new_password: chance(0.3) ? null : false,
      limit_services: chance(0.25),
    };
    if (chance(0.8)) user.two_factor_setup_required = false;
    if (chance(0.8)) user.email_hash = Array.from({ length: 32 }, () => pick(HEX_DIGITS)).join('');
    if (activityRoll >= 0.08) {
      // Most users active in the last two months, some stale, a few long gone.
      const days = activityRoll < 0.8 ? random() * 60 : activityRoll < 0.92 ? 60 + random() * 120 : 180 + random() * 540;
      user.last_active_at = daysAgo(Math.min(Math.floor(days), createdDaysAgo));
    }
    user.created_at = daysAgo(createdDaysAgo);
    user.updated_at = daysAgo(Math.floor(random() * createdDaysAgo));
    user.deleted_at = null;
    return user;
  });

  const customer: Record<string, unknown> = {
    id: customerId,
    name: company,
    owner_id: users[0]?.id ?? null,
    billing_contact_id: null,
    security_contact_id: users[1]?.id ?? null,
    technical_contact_id: null,
    legal_contact_id: null,
    force_2fa: false,
    force_sso: false,
    has_pci: false,
    has_pci_passwords: false,
    ip_whitelist: '0.0.0.0/0',
    can_reset_passwords: true,
    can_upload_vcl: true,
    has_improved_ssl_config: true,
    can_configure_wordpress: false,
    billing_network_type: 'public',
    pricing_plan: 'Professional',
    pricing_plan_id: id(),
    phone_number: null,
    postal_address: null,
    billing_ref: null,
    has_account_panel: true,
    has_improved_events: true,
    has_openstack_logging: false,
    created_at: daysAgo(2500),
    updated_at: daysAgo(30),
    deleted_at: null,
    ...structuredClone(options.customer ?? {}),
  };
  return { customer, users };
}
