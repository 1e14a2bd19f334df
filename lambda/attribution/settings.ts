/**
 * The policy's top-level `attribution` block: whether FAILs are explained from the audit log,
 * how far back to look, and how many pages of it to read per event type at most.
 */
import { optional } from '../policy/setting.js';
import * as z from '../zod.js';

export interface AttributionSettings {
  enabled: boolean;
  /** Events older than this many days are not looked at. */
  days: number;
  /** Pages (100 events each) read per event type, newest first. */
  maxEventPages: number;
}

export const ATTRIBUTION_DEFAULTS: Readonly<AttributionSettings> = Object.freeze({ enabled: true, days: 30, maxEventPages: 10 });

export const AttributionBlockSchema = z.strictObject({
  enabled: optional(z.boolean(), {
    description: 'Say who made the change behind a FAIL of an account rule, user.2fa-enabled or user.superuser-count, from the audit log. Default true.',
    default: ATTRIBUTION_DEFAULTS.enabled,
  }),
  days: optional(z.int().check(z.minimum(1), z.maximum(365)), {
    description: 'How many days of the audit log to look back (Fastly keeps 365). Default 30.',
    default: ATTRIBUTION_DEFAULTS.days,
  }),
  maxEventPages: optional(z.int().check(z.minimum(1), z.maximum(100)), {
    description: 'Pages of 100 events read per event type at most, newest first. Default 10.',
    default: ATTRIBUTION_DEFAULTS.maxEventPages,
  }),
});

export type AttributionBlock = z.infer<typeof AttributionBlockSchema>;

export function attributionSettings(block: AttributionBlock | undefined): AttributionSettings {
  return {
    enabled: block?.enabled ?? ATTRIBUTION_DEFAULTS.enabled,
    days: block?.days ?? ATTRIBUTION_DEFAULTS.days,
    maxEventPages: block?.maxEventPages ?? ATTRIBUTION_DEFAULTS.maxEventPages,
  };
}
