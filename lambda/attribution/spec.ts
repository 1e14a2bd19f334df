/**
 * How a rule says which audit-log events can explain its FAIL: the event types to read and a
 * test of one event against one finding. Rules declare it (defineRule's `attribution`); the
 * audit reads the events and picks, per finding, the newest one that matches (attribute.ts).
 */
import type { AuditEvent } from '../fastly/access-schemas.js';
import type { Customer, User } from '../fastly/schemas.js';
import type { Finding } from '../report/model.js';

export interface AttributionContext {
  finding: Finding;
  customer: Customer;
  users: readonly User[];
}

export interface AttributionSpec {
  /** The event types that can explain a FAIL of the rule (Fastly's confirmed names). */
  readonly eventTypes: readonly string[];
  /** Whether this event is the change behind this finding. */
  matches(event: AuditEvent, context: AttributionContext): boolean;
}
