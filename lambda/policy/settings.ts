/**
 * Resolved rule settings: the policy's rule block over the rule's declared defaults. Every rule is
 * on by default; a rule block only overrides. Types and defaults come from the rules themselves.
 */
import { RULES, type RuleId, type RuleSettingSpecs } from './catalog.js';
import type { Policy } from './schema.js';
import type { CommonSettings, SettingsOf } from './setting.js';

export type { CommonSettings, FixableSettings } from './setting.js';

/** Each rule's settings as its evaluation sees them. */
// `& CommonSettings` restates nothing: it lets generic code (evaluate) read `enabled` for any id.
export type ResolvedSettings = { [Id in RuleId]: SettingsOf<RuleSettingSpecs[Id]> & CommonSettings };

export const DEFAULT_SETTINGS = Object.fromEntries(RULES.map((rule) => [rule.id, rule.defaults])) as {
  readonly [Id in RuleId]: Readonly<ResolvedSettings[Id]>;
};

export function ruleSettings<Id extends RuleId>(policy: Policy, id: Id): ResolvedSettings[Id] {
  const block: Record<string, unknown> = policy.rules?.[id] ?? {};
  // Keys set to undefined (possible in hand-built policies) must not erase a default.
  const overrides = Object.fromEntries(Object.entries(block).filter(([, value]) => value !== undefined));
  // A fresh copy: callers may not change the shared defaults (their arrays included). Defaults
  // hold only scalars and string arrays, so copying the arrays is enough, and far cheaper than
  // structuredClone, which showed in the audit's time.
  const defaults = Object.fromEntries(
    Object.entries(DEFAULT_SETTINGS[id]).map(([key, value]) => [key, Array.isArray(value) ? [...value] : value]),
  );
  return { ...defaults, ...overrides } as ResolvedSettings[Id];
}
