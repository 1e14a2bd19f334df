/**
 * Tokens, invitations and audit-log events for the tests, in the shapes of go-fastly's recordings
 * (test/fixtures/fastly), parsed through the client's own schemas. Dates are relative to the policy
 * fixtures' NOW.
 */
import { readFileSync } from 'node:fs';
import {
  ApiTokenListSchema,
  AutomationTokenPageSchema,
  EventPageSchema,
  flattenResource,
  InvitationPageSchema,
  type ApiToken,
  type AuditEvent,
  type AutomationToken,
  type Invitation,
} from '../../lambda/fastly/access-schemas.js';
import { accountTokens, type AccountToken } from '../../lambda/policy/token-facts.js';
import { CUSTOMER_ID, daysAgo, NOW } from './policy-fixtures.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A recorded response body from test/fixtures/fastly, as text. */
export function recordedBody(file: 'customer-tokens.json' | 'automation-tokens.json' | 'events.json'): string {
  return readFileSync(new URL(`../fixtures/fastly/${file}`, import.meta.url), 'utf8');
}

/** The recorded customer token list: a go-fastly token, a browser session, a never-used read token, a curl token. */
export function recordedCustomerTokens(): Record<string, unknown>[] {
  return JSON.parse(recordedBody('customer-tokens.json')) as Record<string, unknown>[];
}

/** The recorded automation-token page's items. */
export function recordedAutomationTokens(): Record<string, unknown>[] {
  return (JSON.parse(recordedBody('automation-tokens.json')) as { data: Record<string, unknown>[] }).data;
}

/** The recorded event (logging.update) as a JSON:API resource. */
export function recordedEvent(): Record<string, unknown> {
  const [event] = (JSON.parse(recordedBody('events.json')) as { data: Record<string, unknown>[] }).data;
  if (!event) throw new Error('the events recording has no event');
  return event;
}

export function daysFromNow(days: number): string {
  return new Date(NOW.getTime() + days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A user token shaped like the recorded curl token (global, never expires), used yesterday. */
export function apiTokenRecord(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const [, , , curl] = recordedCustomerTokens();
  return { ...curl, id, name: `token ${id}`, customer_id: CUSTOMER_ID, user_id: 'u-dev', created_at: daysAgo(30), last_used_at: daysAgo(1), expires_at: daysFromNow(60), ...overrides };
}

/** An automation token shaped like the recorded fastly-exporter token. */
export function automationTokenRecord(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const [exporter] = recordedAutomationTokens();
  return { ...exporter, id, name: `automation ${id}`, customer_id: CUSTOMER_ID, created_at: daysAgo(30), last_used_at: daysAgo(1), expires_at: daysFromNow(60), ...overrides };
}

export function apiToken(id: string, overrides: Record<string, unknown> = {}): ApiToken {
  const [token] = ApiTokenListSchema.parse([apiTokenRecord(id, overrides)]);
  if (!token) throw new Error('fixture token did not parse');
  return token;
}

export function automationToken(id: string, overrides: Record<string, unknown> = {}): AutomationToken {
  const [token] = AutomationTokenPageSchema.parse({ data: [automationTokenRecord(id, overrides)] }).data;
  if (!token) throw new Error('fixture automation token did not parse');
  return token;
}

/** Tokens as the rules see them (merged, each once). */
export function tokens(user: ApiToken[] = [], automation: AutomationToken[] = []): AccountToken[] {
  return accountTokens(user, automation);
}

/** An invitation resource `{id, type, attributes}` with the documented attributes, sent yesterday. */
export function invitationResource(id: string, attributes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    type: 'invitation',
    attributes: {
      email: `${id}@example.com`,
      role: 'engineer',
      limit_services: false,
      status_code: 1,
      created_at: daysAgo(1),
      updated_at: daysAgo(1),
      deleted_at: null,
      ...attributes,
    },
  };
}

export function invitation(id: string, attributes: Record<string, unknown> = {}): Invitation {
  const [resource] = InvitationPageSchema.parse({ data: [invitationResource(id, attributes)] }).data;
  if (!resource) throw new Error('fixture invitation did not parse');
  return flattenResource(resource);
}

/** An event resource shaped like the recorded one, of this type and time, by user u-owner. */
export function eventResource(id: string, attributes: Record<string, unknown>): Record<string, unknown> {
  const recorded = recordedEvent();
  return {
    ...recorded,
    id,
    attributes: {
      ...(recorded.attributes as Record<string, unknown>),
      customer_id: CUSTOMER_ID,
      service_id: null,
      user_id: 'u-owner',
      metadata: null,
      ...attributes,
    },
  };
}

export function event(id: string, attributes: Record<string, unknown>): AuditEvent {
  const [resource] = EventPageSchema.parse({ data: [eventResource(id, attributes)] }).data;
  if (!resource) throw new Error('fixture event did not parse');
  return flattenResource(resource);
}
