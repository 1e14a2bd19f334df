/**
 * Response schemas for the Fastly CustomerApi, mirrored tolerantly from the API:
 * every field optional, nulls allowed, unknown keys kept (loose objects), unknown roles kept.
 * Wrong types are still rejected, so `force_2fa: "yes"` never reads as "on".
 */
import * as z from '../zod.js';

const nullableString = z.nullish(z.string());
const nullableBoolean = z.nullish(z.boolean());

export const CustomerSchema = z.looseObject({
  id: z.nullish(z.string()),
  name: nullableString,
  force_2fa: nullableBoolean,
  force_sso: nullableBoolean,
  has_pci: nullableBoolean,
  has_pci_passwords: nullableBoolean,
  ip_whitelist: nullableString,
  owner_id: nullableString,
  billing_contact_id: nullableString,
  security_contact_id: nullableString,
  technical_contact_id: nullableString,
  legal_contact_id: nullableString,
  can_reset_passwords: nullableBoolean,
  can_upload_vcl: nullableBoolean,
  has_improved_ssl_config: nullableBoolean,
  can_configure_wordpress: nullableBoolean,
  billing_network_type: nullableString,
  pricing_plan: nullableString,
  pricing_plan_id: nullableString,
  phone_number: nullableString,
  postal_address: nullableString,
  billing_ref: nullableString,
  has_account_panel: nullableBoolean,
  has_improved_events: nullableBoolean,
  has_openstack_logging: nullableBoolean,
  created_at: nullableString,
  updated_at: nullableString,
  deleted_at: nullableString,
});

export type Customer = z.infer<typeof CustomerSchema>;

export const UserSchema = z.looseObject({
  id: z.nullish(z.string()),
  customer_id: nullableString,
  login: nullableString,
  name: nullableString,
  // Any string: Fastly adds roles over time (tls_viewer, tls_admin) and they must be kept.
  role: nullableString,
  roles: z.nullish(z.array(z.string())),
  two_factor_auth_enabled: nullableBoolean,
  two_factor_setup_required: nullableBoolean,
  locked: nullableBoolean,
  require_new_password: nullableBoolean,
  limit_services: nullableBoolean,
  email_hash: nullableString,
  last_active_at: nullableString,
  created_at: nullableString,
  updated_at: nullableString,
  deleted_at: nullableString,
});

export type User = z.infer<typeof UserSchema>;

export const UserListSchema = z.array(UserSchema);

/** Fields of the customer the auditor may write through update_customer. */
export const WRITABLE_CUSTOMER_FIELDS = [
  'name',
  'force_2fa',
  'force_sso',
  'has_pci',
  'ip_whitelist',
  'owner_id',
  'billing_contact_id',
  'security_contact_id',
  'technical_contact_id',
  'legal_contact_id',
  'billing_network_type',
  'pricing_plan',
  'pricing_plan_id',
  'phone_number',
  'postal_address',
  'billing_ref',
  'has_account_panel',
  'has_improved_events',
  'has_openstack_logging',
] as const;

/** Fields Fastly computes or controls: an update naming one is refused before anything is sent. */
export const READ_ONLY_CUSTOMER_FIELDS = [
  'id',
  'has_pci_passwords',
  'can_reset_passwords',
  'can_upload_vcl',
  'has_improved_ssl_config',
  'can_configure_wordpress',
  'created_at',
  'updated_at',
  'deleted_at',
] as const;

export type WritableCustomerField = (typeof WRITABLE_CUSTOMER_FIELDS)[number];

/** A partial update of writable fields; null/undefined values are left out of the wire body. */
export type CustomerUpdate = Partial<Record<WritableCustomerField, string | boolean | null | undefined>>;
