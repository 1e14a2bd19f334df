/**
 * The policy file (design.md, "Policy file"): a strict zod 4 schema (unknown keys are errors),
 * its parser with readable problems, and the JSON Schema generated from it for editors and
 * `policy.schema.json`. Each rule block is built from the keys the rule declares (rules/*.ts);
 * defaults are not filled in here: ruleSettings() applies them.
 */
import { AttributionBlockSchema } from '../attribution/settings.js';
import { AuditorError } from '../errors.js';
import * as z from '../zod.js';
import { RULE_IDS, RULES, type RuleId, type RuleSettingSpecs } from './catalog.js';
import { formatPolicyIssues, knownKeysOf, toPolicyIssues, type PolicyIssue } from './issues.js';
import { nonEmptyString, optional, type Setting, type SettingSpecs } from './setting.js';
import type { RuleDefinition } from './types.js';

export type { PolicyIssue } from './issues.js';

type SchemaOf<S> = S extends Setting<infer Schema, boolean> ? z.ZodMiniOptional<Schema> : never;
type RuleBlockShape<Specs extends SettingSpecs> = { -readonly [K in keyof Specs]: SchemaOf<Specs[K]> };
type RuleBlocks = {
  [Id in RuleId]: z.ZodMiniOptional<z.ZodMiniObject<RuleBlockShape<RuleSettingSpecs[Id]>, z.core.$strict>>;
};

function describeRule(rule: RuleDefinition): string {
  const fix = rule.remediation.automatic ? 'has an automatic fix (remediate)' : 'has no automatic fix';
  return `${rule.title}. Default severity ${rule.severity}; ${fix}.`;
}

/** A rule's block: its declared keys, strict, with the rule's own cross-key checks. */
function ruleBlock(rule: RuleDefinition) {
  const shape = Object.fromEntries(Object.entries(rule.settings).map(([key, spec]) => [key, spec.schema]));
  const block = z.strictObject(shape);
  const validate = rule.validate?.bind(rule);
  const checked = validate
    ? block.check(
        z.superRefine((value, ctx) => {
          for (const problem of validate(value)) {
            const path = problem.index === undefined ? [problem.key] : [problem.key, problem.index];
            ctx.addIssue({ code: 'custom', path, message: problem.message });
          }
        }),
      )
    : block;
  return optional(checked, { description: describeRule(rule) });
}

const RULE_BLOCKS = Object.fromEntries(RULES.map((rule) => [rule.id, ruleBlock(rule)])) as RuleBlocks;

const ExceptionSchema = z.strictObject({
  rule: z.enum(RULE_IDS as [RuleId, ...RuleId[]]).check(z.meta({ description: 'The rule id the exception applies to.' })),
  subject: nonEmptyString().check(
    z.meta({
      description:
        'A user login (case-insensitive) or user id; a token name (case-insensitive) or token id; an invitation email (case-insensitive); or the customer id.',
    }),
  ),
  reason: nonEmptyString().check(z.meta({ description: 'Why the finding is accepted.' })),
  expires: z.iso.date().check(z.meta({ description: 'Last day (UTC, inclusive) the exception mutes the finding, YYYY-MM-DD.' })),
  ticket: optional(nonEmptyString(), { description: 'Tracking reference, e.g. SEC-123.' }),
});

export const PolicySchema = z
  .strictObject({
    $schema: optional(z.string(), { description: 'Path or URL of policy.schema.json, for editors.' }),
    version: z.literal(1).check(z.meta({ description: 'Policy format version; always 1.' })),
    rules: optional(z.strictObject(RULE_BLOCKS), {
      description: 'Per-rule overrides keyed by rule id. Every rule runs with its defaults unless a block says otherwise.',
    }),
    exceptions: optional(z.array(ExceptionSchema), {
      description: 'Accepted findings: a FAIL for the rule and subject is MUTED until the end of the expires day (UTC).',
    }),
    attribution: optional(AttributionBlockSchema, {
      description: 'Who changed what: FAILs of account rules, user.2fa-enabled and user.superuser-count name the latest matching audit-log event.',
    }),
  })
  .check(
    z.meta({
      title: 'Fastly compliance auditor policy',
      description: 'Which rules run, with which settings, and which findings are accepted until when.',
    }),
  );

export type Policy = z.infer<typeof PolicySchema>;
export type PolicyException = NonNullable<Policy['exceptions']>[number];

const knownKeysAt = knownKeysOf(PolicySchema);

export type PolicyParseResult = { ok: true; policy: Policy } | { ok: false; issues: PolicyIssue[] };

export function parsePolicy(input: unknown): PolicyParseResult {
  const result = PolicySchema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, policy: result.data };
  return { ok: false, issues: toPolicyIssues(result.error.issues, knownKeysAt) };
}

/** A policy that cannot be used: every problem with its path, and the file (or "baked-in policy") it came from. */
export class PolicyValidationError extends AuditorError {
  override readonly name = 'PolicyValidationError';
  readonly issues: PolicyIssue[];
  readonly source?: string;

  constructor(issues: PolicyIssue[], source?: string) {
    super(formatPolicyIssues(issues, source), {
      operation: 'load_policy',
      action: 'Fix the policy file (npm start -- validate policy.json) and deploy again.',
    });
    this.issues = issues;
    if (source !== undefined) this.source = source;
  }
}

/** The JSON Schema of the policy file (draft 2020-12), as written: defaults are optional. */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PolicySchema, { io: 'input' }) as Record<string, unknown>;
}
