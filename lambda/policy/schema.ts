/**
 * The policy file (design.md, "Policy file"): a strict zod 4 schema (unknown keys are errors),
 * its parser with readable problems, and the JSON Schema generated from it for editors and
 * `policy.schema.json`. Defaults are not filled in here: ruleSettings() applies them.
 */
import { AuditorError } from '../errors.js';
import * as z from '../zod.js';
import { SEVERITIES } from '../report/model.js';
import { getRule } from './catalog.js';
import { parseAllowlistEntry, parseIPv4Cidr, splitAllowlist, isIPv4Address } from './ipv4.js';
import { formatPolicyIssues, toPolicyIssues, type PolicyIssue } from './issues.js';
import { DEFAULT_SETTINGS } from './settings.js';
import type { RuleId } from './types.js';

export type { PolicyIssue } from './issues.js';

/** A string checked by a function that returns what is wrong with it, or undefined. */
function checkedString(check: (value: string) => string | undefined, description: string) {
  return z.string().check(
    z.superRefine((value, ctx) => {
      const problem = check(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    z.meta({ description }),
  );
}

const ipv4Cidr = checkedString((value) => {
  const range = parseIPv4Cidr(value);
  if (!range) return `${JSON.stringify(value)} is not an IPv4 CIDR such as 203.0.113.0/24`;
  const network = range.network.toString();
  const [address] = value.split('/');
  return address === network ? undefined : `${JSON.stringify(value)} has host bits set; did you mean "${network}/${range.prefix}"?`;
}, 'IPv4 CIDR, e.g. 203.0.113.0/24.');

const ipv4Address = checkedString(
  (value) => (isIPv4Address(value) ? undefined : `${JSON.stringify(value)} is not an IPv4 address such as 203.0.113.10`),
  'IPv4 address, e.g. 203.0.113.10.',
);

const allowlistValue = checkedString((value) => {
  const entries = splitAllowlist(value);
  if (entries.length === 0) return 'must list at least one IPv4 address, CIDR or a.b.c.* wildcard';
  const problems = entries.flatMap((entry) => {
    const parsed = parseAllowlistEntry(entry);
    return parsed.ok ? [] : [`entry ${JSON.stringify(entry)} is invalid: ${parsed.reason}`];
  });
  return problems.length > 0 ? problems.join('; ') : undefined;
}, "Allowlist in Fastly's format: comma-separated IPv4 addresses, CIDRs and a.b.c.* wildcards, e.g. \"203.0.113.0/24,198.51.100.7\".");

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const domainName = checkedString((value) => {
  if (value.includes('@')) return `${JSON.stringify(value)} must be a domain name without "@", e.g. "example.com"`;
  return DOMAIN.test(value) ? undefined : `${JSON.stringify(value)} is not a domain name such as example.com`;
}, 'Email domain, compared case-insensitively, e.g. example.com.');

/** A key a block may leave out, with its documentation for the JSON Schema. */
function optional<T extends z.ZodMiniType>(schema: T, meta: z.core.GlobalMeta) {
  return z.optional(schema).check(z.meta(meta));
}

const nonNegativeInt = z.int().check(z.minimum(0));

/** Trimmed, then at least one character. */
function nonEmptyString() {
  return z.string().check(z.trim(), z.minLength(1));
}

const commonShape = {
  enabled: optional(z.boolean(), { description: 'Run this rule. Default true.', default: true }),
  severity: optional(z.enum(SEVERITIES), { description: "Overrides the rule's default severity for its findings." }),
};

const fixableShape = {
  ...commonShape,
  remediate: optional(z.enum(['off', 'auto']), {
    description:
      'Let the auditor fix this rule when the deployment runs in apply mode ("auto"), or only report it ("off"). Default "off".',
    default: 'off',
  }),
};

function describeRule(id: RuleId): string {
  const rule = getRule(id);
  const fix = rule.remediation.automatic ? 'has an automatic fix (remediate)' : 'has no automatic fix';
  return `${rule.title}. Default severity ${rule.severity}; ${fix}.`;
}

function ruleBlock<Shape extends z.core.$ZodLooseShape>(id: RuleId, shape: Shape) {
  return optional(z.strictObject(shape), { description: describeRule(id) });
}

const ipAllowlistBlock = optional(
  z
    .strictObject({
      ...fixableShape,
      minPrefixLength: optional(z.int().check(z.minimum(0), z.maximum(32)), {
        description: `No entry may be broader than this prefix length. Default ${DEFAULT_SETTINGS['account.ip-allowlist'].minPrefixLength}.`,
        default: DEFAULT_SETTINGS['account.ip-allowlist'].minPrefixLength,
      }),
      allowedRanges: optional(z.array(ipv4Cidr).check(z.minLength(1)), {
        description: 'When given, every allowlist entry must lie inside one of these IPv4 CIDRs.',
      }),
      desired: optional(allowlistValue, {
        description: 'The allowlist the automatic fix writes. It must itself be compliant and cover auditorEgress.',
      }),
      auditorEgress: optional(z.array(ipv4Address).check(z.minLength(1)), {
        description: "The auditor's own egress IPv4 addresses: the fix is refused unless desired covers every one.",
      }),
    })
    // The fix would otherwise have nothing to write, or no way to know it keeps the auditor in.
    .check(
      z.superRefine((block, ctx) => {
        if (block.remediate !== 'auto') return;
        for (const key of ['desired', 'auditorEgress'] as const) {
          if (block[key] === undefined) {
            ctx.addIssue({ code: 'custom', path: [key], message: 'is required when remediate is "auto"' });
          }
        }
      }),
    ),
  { description: describeRule('account.ip-allowlist') },
);

const defaults = DEFAULT_SETTINGS;

const RULE_BLOCKS = {
  'account.force-2fa': ruleBlock('account.force-2fa', {
    ...fixableShape,
    maxUsersLoggedOut: optional(nonNegativeInt, {
      description: `The fix is refused when more users than this lack 2FA (they would be logged out). Default ${defaults['account.force-2fa'].maxUsersLoggedOut}.`,
      default: defaults['account.force-2fa'].maxUsersLoggedOut,
    }),
  }),
  'account.force-sso': ruleBlock('account.force-sso', {
    ...fixableShape,
    ssoConfigured: optional(z.boolean(), {
      description: 'State that a SAML identity provider is configured and tested; the fix is refused until then. Default false.',
      default: defaults['account.force-sso'].ssoConfigured,
    }),
  }),
  'account.ip-allowlist': ipAllowlistBlock,
  'account.pci': ruleBlock('account.pci', fixableShape),
  'account.pci-passwords': ruleBlock('account.pci-passwords', commonShape),
  'account.owner-2fa': ruleBlock('account.owner-2fa', commonShape),
  'account.security-contact': ruleBlock('account.security-contact', commonShape),
  'user.2fa-enabled': ruleBlock('user.2fa-enabled', commonShape),
  'user.superuser-count': ruleBlock('user.superuser-count', {
    ...commonShape,
    max: optional(nonNegativeInt, {
      description: `Most superusers allowed, break-glass logins not counted. Default ${defaults['user.superuser-count'].max}.`,
      default: defaults['user.superuser-count'].max,
    }),
    breakGlass: optional(z.array(nonEmptyString()), {
      description: 'Logins of emergency superusers left out of the count (compared case-insensitively).',
    }),
  }),
  'user.email-domain': ruleBlock('user.email-domain', {
    ...commonShape,
    allowedDomains: optional(z.array(domainName), {
      description: 'Approved login domains. When empty or absent the rule is NOT_APPLICABLE.',
    }),
  }),
  'user.inactive': ruleBlock('user.inactive', {
    ...commonShape,
    maxInactiveDays: optional(z.int().check(z.minimum(1)), {
      description: `Users not active for more than this many days fail. Default ${defaults['user.inactive'].maxInactiveDays}.`,
      default: defaults['user.inactive'].maxInactiveDays,
    }),
  }),
} satisfies Record<RuleId, z.ZodMiniType>;

const ExceptionSchema = z.strictObject({
  rule: z.enum(Object.keys(RULE_BLOCKS) as [RuleId, ...RuleId[]]).check(z.meta({ description: 'The rule id the exception applies to.' })),
  subject: nonEmptyString().check(z.meta({ description: 'A user login (case-insensitive) or user id, or the customer id.' })),
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
  })
  .check(
    z.meta({
      title: 'Fastly compliance auditor policy',
      description: 'Which rules run, with which settings, and which findings are accepted until when.',
    }),
  );

export type Policy = z.infer<typeof PolicySchema>;
export type PolicyException = NonNullable<Policy['exceptions']>[number];

/** The keys the object at `path` may have, found by walking the schema. */
function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  let schema: z.core.$ZodType = PolicySchema;
  for (const segment of path) {
    while (schema instanceof z.ZodMiniOptional) schema = schema.def.innerType;
    if (schema instanceof z.ZodMiniArray && typeof segment === 'number') schema = schema.def.element;
    else if (schema instanceof z.ZodMiniObject && typeof segment === 'string' && segment in schema.def.shape) {
      schema = schema.def.shape[segment] as z.core.$ZodType;
    } else return [];
  }
  while (schema instanceof z.ZodMiniOptional) schema = schema.def.innerType;
  return schema instanceof z.ZodMiniObject ? Object.keys(schema.def.shape) : [];
}

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
