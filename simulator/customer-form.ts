/**
 * Parses and validates an update_customer body the way Fastly does: form-encoded, booleans
 * exactly `true`/`false`, read-only and unknown fields refused by name. The field table is the
 * simulator's own model of the service, kept apart from the auditor's so the two can disagree.
 */

type FieldKind = 'boolean' | 'string' | 'billing_network_type';

const WRITABLE_FIELDS = new Map<string, FieldKind>([
  ['name', 'string'],
  ['force_2fa', 'boolean'],
  ['force_sso', 'boolean'],
  ['has_pci', 'boolean'],
  ['ip_whitelist', 'string'],
  ['owner_id', 'string'],
  ['billing_contact_id', 'string'],
  ['security_contact_id', 'string'],
  ['technical_contact_id', 'string'],
  ['legal_contact_id', 'string'],
  ['billing_network_type', 'billing_network_type'],
  ['pricing_plan', 'string'],
  ['pricing_plan_id', 'string'],
  ['phone_number', 'string'],
  ['postal_address', 'string'],
  ['billing_ref', 'string'],
  ['has_account_panel', 'boolean'],
  ['has_improved_events', 'boolean'],
  ['has_openstack_logging', 'boolean'],
]);

const READ_ONLY_FIELDS = new Set([
  'id',
  'has_pci_passwords',
  'can_reset_passwords',
  'can_upload_vcl',
  'has_improved_ssl_config',
  'can_configure_wordpress',
  'created_at',
  'updated_at',
  'deleted_at',
]);

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

export type CustomerFormResult =
  | { ok: true; fields: Record<string, string | boolean> }
  | { ok: false; detail: string };

function parseValue(field: string, kind: FieldKind, raw: string): string | boolean | { error: string } {
  switch (kind) {
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      return { error: `Invalid value for '${field}': expected true or false, got '${raw}'` };
    case 'billing_network_type':
      return raw === 'public' || raw === 'private'
        ? raw
        : { error: `Invalid value for 'billing_network_type': expected public or private, got '${raw}'` };
    case 'string':
      return raw;
  }
}

/** `contentType` is the request's Content-Type header (parameters such as charset are allowed). */
export function parseCustomerForm(body: string, contentType: string | undefined): CustomerFormResult {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== FORM_CONTENT_TYPE) {
    return { ok: false, detail: `Content-Type must be ${FORM_CONTENT_TYPE}, got '${contentType ?? 'none'}'` };
  }

  const fields: Record<string, string | boolean> = {};
  for (const [field, raw] of new URLSearchParams(body)) {
    if (READ_ONLY_FIELDS.has(field)) return { ok: false, detail: `Field '${field}' is read-only` };
    const kind = WRITABLE_FIELDS.get(field);
    if (kind === undefined) return { ok: false, detail: `Unknown field '${field}'` };
    if (Object.hasOwn(fields, field)) return { ok: false, detail: `Field '${field}' was given more than once` };
    const value = parseValue(field, kind, raw);
    if (typeof value === 'object') return { ok: false, detail: value.error };
    fields[field] = value;
  }
  return { ok: true, fields };
}
