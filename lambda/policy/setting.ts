/**
 * Rule settings, declared once: each key of a rule's policy block is a `Setting`, its zod schema
 * (optional in the file, documented for the JSON Schema) together with the value it takes when
 * the file leaves it out. The policy schema, the resolved settings type and the defaults are all
 * read from these declarations.
 */
import * as z from '../zod.js';
import { SEVERITIES } from '../report/model.js';

/** A key a block may leave out, with its documentation for the JSON Schema. */
export function optional<T extends z.ZodMiniType>(schema: T, meta: z.core.GlobalMeta) {
  return z.optional(schema).check(z.meta(meta));
}

export interface Setting<Schema extends z.ZodMiniType = z.ZodMiniType, Defaulted extends boolean = boolean> {
  /** The key as the policy file writes it: always optional. */
  readonly schema: z.ZodMiniOptional<Schema>;
  readonly defaulted: Defaulted;
  /** The resolved value when the file leaves the key out. */
  readonly default: Defaulted extends true ? z.output<Schema> : undefined;
}

export type SettingSpecs = { readonly [key: string]: Setting };

interface SettingDoc {
  description: string;
}

interface DefaultedSettingDoc<Schema extends z.ZodMiniType> extends SettingDoc {
  default: z.output<Schema>;
  /**
   * Whether the JSON Schema states the default (and the description ends "Default <value>.").
   * Off for empty lists, whose description says what leaving them out means.
   */
  documentDefault?: boolean;
}

export function setting<Schema extends z.ZodMiniType>(schema: Schema, doc: DefaultedSettingDoc<Schema>): Setting<Schema, true>;
export function setting<Schema extends z.ZodMiniType>(schema: Schema, doc: SettingDoc): Setting<Schema, false>;
export function setting<Schema extends z.ZodMiniType>(
  schema: Schema,
  doc: SettingDoc | DefaultedSettingDoc<Schema>,
): Setting<Schema, boolean> {
  if (!('default' in doc)) return { schema: optional(schema, { description: doc.description }), defaulted: false, default: undefined };
  const value = doc.default;
  const meta =
    doc.documentDefault === false
      ? { description: doc.description }
      : { description: `${doc.description} Default ${JSON.stringify(value)}.`, default: value };
  return { schema: optional(schema, meta), defaulted: true, default: value };
}

/** The keys every rule accepts. */
export const COMMON_SETTINGS = {
  enabled: setting(z.boolean(), { description: 'Run this rule.', default: true }),
  severity: setting(z.enum(SEVERITIES), { description: "Overrides the rule's default severity for its findings." }),
};

/** The keys of a rule with an automatic fix: the common ones and its remediation switch. */
export const FIXABLE_SETTINGS = {
  ...COMMON_SETTINGS,
  remediate: setting(z.enum(['off', 'auto']), {
    description: 'Let the auditor fix this rule when the deployment runs in apply mode ("auto"), or only report it ("off").',
    default: 'off',
  }),
};

/** The full set of keys of a rule's block: the common ones (and `remediate` when it has a fix), then its own. */
export type RuleSpecs<Own extends SettingSpecs, Automatic extends boolean> = Flat<
  (Automatic extends true ? typeof FIXABLE_SETTINGS : typeof COMMON_SETTINGS) & Own
>;

type ValueOf<S> = S extends Setting<infer Schema, boolean> ? z.output<Schema> : never;
type DefaultedKeys<Specs> = { [K in keyof Specs]: Specs[K] extends Setting<z.ZodMiniType, true> ? K : never }[keyof Specs];

/** The settings a rule evaluates with: keys with a default are always there, the others may be absent. */
export type SettingsOf<Specs extends SettingSpecs> = Flat<
  { -readonly [K in DefaultedKeys<Specs>]: ValueOf<Specs[K]> } & {
    -readonly [K in Exclude<keyof Specs, DefaultedKeys<Specs>>]?: ValueOf<Specs[K]>;
  }
>;

/** A rule's block as the policy file writes it: every key optional. */
export type BlockOf<Specs extends SettingSpecs> = { [K in keyof Specs]?: ValueOf<Specs[K]> };

export type CommonSettings = SettingsOf<typeof COMMON_SETTINGS>;
export type FixableSettings = SettingsOf<typeof FIXABLE_SETTINGS>;

/** An intersection shown as one object type (readable in editors and errors). */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** Zod building blocks shared by the rules' settings. */
export const nonNegativeInt = z.int().check(z.minimum(0));

/** Trimmed, then at least one character. */
export function nonEmptyString() {
  return z.string().check(z.trim(), z.minLength(1));
}

/** A string checked by a function that returns what is wrong with it, or undefined. */
export function checkedString(check: (value: string) => string | undefined, description: string) {
  return z.string().check(
    z.superRefine((value, ctx) => {
      const problem = check(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    z.meta({ description }),
  );
}
