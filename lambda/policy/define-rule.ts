/**
 * defineRule(): a rule declared in one place, Prowler-style. Its metadata, its own settings
 * (schema and defaults), its evaluation and, when `remediation.automatic` is true, its fix. The
 * type ties the two together: an automatic rule must declare a fix (and gets the `remediate`
 * switch), any other rule may not.
 */
import type { AttributionSpec } from '../attribution/spec.js';
import type { FindingRemediation, Reference, Severity } from '../report/model.js';
import {
  COMMON_SETTINGS,
  FIXABLE_SETTINGS,
  type BlockOf,
  type FixableSettings,
  type RuleSpecs,
  type SettingSpecs,
  type SettingsOf,
} from './setting.js';
import type { BlockProblem, Fix, RuleDefinition, RuleInput, RuleNeed, RuleOutcome } from './types.js';

/** How to fix a failing rule, by channel: control-panel steps, and the API call when there is one. */
export interface RuleRemediation<Automatic extends boolean> {
  console: string;
  api?: string;
  /** The auditor can fix it itself (then the rule declares its fix). */
  automatic: Automatic;
}

type Declaration<Id extends string, Own extends SettingSpecs, Automatic extends boolean> = {
  id: Id;
  title: string;
  severity: Severity;
  risk: string;
  remediation: RuleRemediation<Automatic>;
  references: readonly Reference[];
  needs: readonly RuleNeed[];
  /** The audit-log events that can say who made the change a FAIL reflects. */
  attribution?: AttributionSpec;
  /** The rule's own keys, beyond enabled, severity and (with a fix) remediate. */
  settings?: Own;
  validate?(block: BlockOf<RuleSpecs<Own, Automatic>>): BlockProblem<keyof RuleSpecs<Own, Automatic> & string>[];
  evaluate(input: RuleInput<SettingsOf<RuleSpecs<Own, Automatic>>>): Iterable<RuleOutcome>;
} & (Automatic extends true ? { fix: Fix<FixSettings<Own>> } : { fix?: never });

/** The settings a rule's fix reads: its own, and the common ones with `remediate`. */
type FixSettings<Own extends SettingSpecs> = SettingsOf<RuleSpecs<Own, true>> & FixableSettings;

export type DefinedRule<Id extends string, Own extends SettingSpecs, Automatic extends boolean> = RuleDefinition<
  Id,
  RuleSpecs<Own, Automatic>
> &
  (Automatic extends true ? { readonly fix: Fix<FixSettings<Own>> } : { readonly fix?: undefined });

/** The text of schemaVersion 1's `guidance`: the console steps, then the API call. */
export function guidanceText(remediation: { console: string; api?: string }): string {
  return remediation.api === undefined ? remediation.console : `${remediation.console} API: ${remediation.api}`;
}

export function defineRule<const Id extends string, Own extends SettingSpecs = Record<never, never>, Automatic extends boolean = false>(
  declaration: Declaration<Id, Own, Automatic>,
): DefinedRule<Id, Own, Automatic> {
  const { console, api, automatic } = declaration.remediation;
  const remediation: FindingRemediation = {
    guidance: guidanceText(declaration.remediation),
    console,
    ...(api === undefined ? {} : { api }),
    automatic,
  };
  const settings = { ...(automatic ? FIXABLE_SETTINGS : COMMON_SETTINGS), ...declaration.settings } as RuleSpecs<Own, Automatic>;
  const defaults = Object.fromEntries(
    Object.entries(settings as SettingSpecs).flatMap(([key, spec]) => (spec.defaulted ? [[key, frozenCopy(spec.default)]] : [])),
  ) as SettingsOf<RuleSpecs<Own, Automatic>>;
  // Findings share these objects (one per rule, not one per finding): frozen, so no reader can change another's.
  return Object.freeze({
    ...declaration,
    remediation: Object.freeze(remediation),
    references: Object.freeze(declaration.references.map((reference) => Object.freeze({ ...reference }))),
    needs: Object.freeze([...declaration.needs]),
    settings,
    defaults: Object.freeze(defaults),
  }) as unknown as DefinedRule<Id, Own, Automatic>;
}

/** Lists are the only non-scalar defaults: ruleSettings() copies them for each run. */
function frozenCopy<T>(value: T): T {
  return Array.isArray(value) ? (Object.freeze([...value]) as T) : value;
}
