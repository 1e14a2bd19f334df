/**
 * account.ip-allowlist: logins and API access are restricted to approved IPv4 ranges. Its fix
 * writes the policy's `desired` allowlist, only when that is itself compliant and lets the
 * auditor back in.
 */
import { settingChanged } from '../../attribution/matchers.js';
import * as z from '../../zod.js';
import { checkAllowlistSafe } from '../../remediation/guardrails.js';
import { ALLOWS_ALL, checkAllowlist, checkDesiredAllowlist, NOT_SET_PROBLEM } from '../allowlist.js';
import { defineRule } from '../define-rule.js';
import { isIPv4Address, parseAllowlistEntry, parseIPv4Cidr, splitAllowlist } from '../ipv4.js';
import { checkedString, setting } from '../setting.js';
import { accountSubject } from '../subjects.js';
import type { BlockProblem } from '../types.js';
import { DOCS } from './references.js';

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

const MIN_PREFIX_LENGTH_DEFAULT = 16;

type AllowlistBlock = {
  remediate?: 'off' | 'auto';
  minPrefixLength?: number;
  allowedRanges?: string[];
  desired?: string;
  auditorEgress?: string[];
};

/**
 * With remediate "auto", a fix its own guardrail would always refuse is a policy mistake, shown at
 * validate and synth rather than in a report at 3 a.m.: `desired` and `auditorEgress` must be
 * given, `desired` must be compliant with the block's own limits, and cover every egress address.
 */
function validateFixBlock(block: AllowlistBlock): BlockProblem<'desired' | 'auditorEgress'>[] {
  if (block.remediate !== 'auto') return [];
  const { desired, auditorEgress } = block;
  const missing = (['desired', 'auditorEgress'] as const)
    .filter((key) => block[key] === undefined)
    .map((key) => ({ key, message: 'is required when remediate is "auto"' }));
  if (desired === undefined || missing.length > 0) return missing;
  const check = checkDesiredAllowlist(desired, {
    minPrefixLength: block.minPrefixLength ?? MIN_PREFIX_LENGTH_DEFAULT,
    ...(block.allowedRanges === undefined ? {} : { allowedRanges: block.allowedRanges }),
    auditorEgress,
  });
  const refused = 'the fix would be refused every time';
  return [
    ...(check.problems.length > 0
      ? [{ key: 'desired' as const, message: `is not compliant with this rule's own settings, so ${refused}: ${check.problems.join('; ')}` }]
      : []),
    ...(auditorEgress ?? []).flatMap((address, index) =>
      check.uncovered.includes(address)
        ? [{ key: 'auditorEgress' as const, index, message: `${address} is not covered by "desired" (${desired}): writing it would lock the auditor out, so ${refused}` }]
        : [],
    ),
  ];
}

export const ipAllowlistRule = defineRule({
  id: 'account.ip-allowlist',
  title: 'Logins and API access are restricted to approved IP ranges',
  severity: 'high',
  risk: 'Without a tight IP allowlist a stolen password or API token works from anywhere on the internet.',
  remediation: {
    console:
      'Control panel (superuser): Account > Company settings, Login IP allowlist field: replace 0.0.0.0/0 with comma-separated IPv4 addresses, CIDRs or a.b.c.* wildcards that include your own address. Keep the owner phone number current: Fastly support unlocks a locked-out account only by calling the owner.',
    api: 'PUT /customer/{customer_id} with ip_whitelist=<list>.',
    automatic: true,
  },
  references: [DOCS.ipAllowlist, DOCS.customerApi],
  needs: ['customer'],
  attribution: settingChanged('ip_whitelist'),
  settings: {
    minPrefixLength: setting(z.int().check(z.minimum(0), z.maximum(32)), {
      description: 'No entry may be broader than this prefix length.',
      default: MIN_PREFIX_LENGTH_DEFAULT,
    }),
    allowedRanges: setting(z.array(ipv4Cidr).check(z.minLength(1)), {
      description: 'When given, every allowlist entry must lie inside one of these IPv4 CIDRs.',
    }),
    desired: setting(allowlistValue, {
      description: 'The allowlist the automatic fix writes. It must itself be compliant and cover auditorEgress.',
    }),
    auditorEgress: setting(z.array(ipv4Address).check(z.minLength(1)), {
      description: "The auditor's own egress IPv4 addresses: the fix is refused unless desired covers every one.",
    }),
  },
  validate: validateFixBlock,
  evaluate: ({ customer, settings }) => {
    const value = customer.ip_whitelist ?? null;
    const { compliant, problems } = checkAllowlist(value, settings);
    const evidence = {
      ip_whitelist: value,
      minPrefixLength: settings.minPrefixLength,
      ...(settings.allowedRanges ? { allowedRanges: settings.allowedRanges } : {}),
      problems,
    };
    const subject = accountSubject(customer);
    if (compliant) return [{ status: 'PASS', subject, message: `The IP allowlist is ${value}.`, evidence }];
    // Any entry that admits every address makes the whole list meaningless: report "not set".
    const message =
      problems[0] === NOT_SET_PROBLEM
        ? `The IP allowlist is not set (ip_whitelist is ${JSON.stringify(value)}): logins and API calls are allowed from any address.`
        : problems.some((problem) => problem.endsWith(ALLOWS_ALL))
          ? `The IP allowlist is not set: ${problems.join('; ')}.`
          : `The IP allowlist is not compliant: ${problems.join('; ')}.`;
    return [{ status: 'FAIL', subject, message, evidence }];
  },
  fix: {
    field: 'ip_whitelist',
    target: ({ settings }) => settings.desired ?? null,
    guardrail: ({ settings }) => checkAllowlistSafe(settings),
  },
});
