/**
 * Response schemas for what the account grants beyond its users: API tokens (the customer's and
 * the automation tokens), invitations and the audit log (fastly-api.md, "Beyond the CustomerApi").
 * Shapes follow go-fastly's recorded fixtures: every field optional, nulls allowed, wrong types
 * rejected. Token objects keep only the fields listed here (z.object drops the rest): a token
 * response can carry `access_token`, which the auditor must never hold. The JSON:API envelopes
 * (`data`, `links`, `meta`) are checked; their items are flattened to `{id, ...attributes}`.
 */
import * as z from '../zod.js';

const nullableString = z.nullish(z.string());
const nullableBoolean = z.nullish(z.boolean());
const nullableCount = z.nullish(z.int().check(z.minimum(0)));
/** User tokens list scopes as an array, automation tokens as one space-separated string. */
const scopeList = z.nullish(z.union([z.array(z.string()), z.string()]));

const tokenFields = {
  id: nullableString,
  customer_id: nullableString,
  name: nullableString,
  scope: nullableString,
  scopes: scopeList,
  services: z.nullish(z.array(z.string())),
  service_id: nullableString,
  ip: nullableString,
  user_agent: nullableString,
  created_at: nullableString,
  updated_at: nullableString,
  deleted_at: nullableString,
  last_used_at: nullableString,
  expires_at: nullableString,
  sudo_expires_at: nullableString,
};

/** An element of GET /customer/{id}/tokens (a bare array, browser sessions of the console included). */
export const ApiTokenSchema = z.object({ ...tokenFields, user_id: nullableString });
export type ApiToken = z.infer<typeof ApiTokenSchema>;
export const ApiTokenListSchema = z.array(ApiTokenSchema);

/** An element of GET /automation-tokens: not tied to a person; a creator and a role instead. */
export const AutomationTokenSchema = z.object({
  ...tokenFields,
  creator_id: nullableString,
  role: nullableString,
  tls_access: nullableBoolean,
});
export type AutomationToken = z.infer<typeof AutomationTokenSchema>;

/** `meta` of the page-numbered and JSON:API lists. */
const PageMetaSchema = z.looseObject({
  per_page: nullableCount,
  current_page: nullableCount,
  record_count: nullableCount,
  total_pages: nullableCount,
});
export type PageMeta = z.infer<typeof PageMetaSchema>;

/** GET /automation-tokens?page=N&per_page=M: `{data, meta}`. */
export const AutomationTokenPageSchema = z.looseObject({
  data: z.array(AutomationTokenSchema),
  meta: z.nullish(PageMetaSchema),
});

const LinksSchema = z.looseObject({ next: nullableString });

/** A JSON:API list page whose resources carry these attributes. */
function jsonApiPage<Shape extends z.core.$ZodLooseShape>(attributes: Shape) {
  return z.looseObject({
    data: z.array(z.looseObject({ id: nullableString, type: nullableString, attributes: z.looseObject(attributes) })),
    links: z.nullish(LinksSchema),
    meta: z.nullish(PageMetaSchema),
  });
}

export const InvitationPageSchema = jsonApiPage({
  email: nullableString,
  role: nullableString,
  roles: z.nullish(z.array(z.string())),
  limit_services: nullableBoolean,
  /** 0 inactive, 1 active. */
  status_code: z.nullish(z.int()),
  created_at: nullableString,
  updated_at: nullableString,
  deleted_at: nullableString,
});

export const EventPageSchema = jsonApiPage({
  customer_id: nullableString,
  description: nullableString,
  event_type: nullableString,
  /** One address, or a comma-separated list ("92.238.40.48, 92.238.40.48"). */
  ip: nullableString,
  /** Often `{old: {...}, new: {...}}`; unrecorded for account and user events, so anything. */
  metadata: z.optional(z.unknown()),
  service_id: nullableString,
  user_id: nullableString,
  token_id: nullableString,
  created_at: nullableString,
  /** A Fastly employee acted. */
  admin: nullableBoolean,
});

type Attributes<Page extends z.ZodMiniType> = z.output<Page> extends { data: { attributes: infer A }[] } ? A : never;

/** An invitation: the resource's id and its attributes. */
export type Invitation = { id: string | null | undefined } & Attributes<typeof InvitationPageSchema>;
/** An audit-log event: the resource's id and its attributes. */
export type AuditEvent = { id: string | null | undefined } & Attributes<typeof EventPageSchema>;

/**
 * A JSON:API resource as one flat object: its attributes and its id (which an attribute cannot
 * replace). Copied and then given the id, not spread: about ten times faster on a page of events.
 */
export function flattenResource<A extends object>(resource: { id?: string | null; attributes: A }): { id: string | null | undefined } & A {
  const flat: { id: string | null | undefined } & A = Object.assign({ id: undefined }, resource.attributes);
  flat.id = resource.id;
  return flat;
}
