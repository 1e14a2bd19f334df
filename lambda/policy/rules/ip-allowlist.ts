/**
 * account.ip-allowlist, and the two checks the remediation guardrails reuse: whether an allowlist
 * value is compliant, and whether it lets a given address in.
 */
import type { ResolvedSettings } from '../settings.js';
import { accountSubject } from '../subjects.js';
import {
  formatRange,
  parseAllowlistEntry,
  parseIPv4Cidr,
  rangeContains,
  rangeContainsAddress,
  splitAllowlist,
  type Ipv4Range,
} from '../ipv4.js';
import type { RuleDefinition } from '../types.js';
import { DOCS } from './references.js';

export interface AllowlistCheck {
  compliant: boolean;
  problems: string[];
}

const NOT_SET_PROBLEM = 'the allowlist is not set';
const ALLOWS_ALL = 'allows every address, so the allowlist is effectively not set';

export function checkAllowlist(
  value: string | null | undefined,
  settings: { minPrefixLength: number; allowedRanges?: string[] },
): AllowlistCheck {
  const entries = splitAllowlist(value ?? '');
  if (entries.length === 0) return { compliant: false, problems: [NOT_SET_PROBLEM] };
  const allowed = (settings.allowedRanges ?? [])
    .map(parseIPv4Cidr)
    .filter((range): range is Ipv4Range => range !== undefined);
  const problems: string[] = [];
  for (const entry of entries) {
    const parsed = parseAllowlistEntry(entry);
    if (!parsed.ok) {
      problems.push(`entry "${entry}" is invalid: ${parsed.reason}`);
    } else if (parsed.range.prefix === 0) {
      problems.push(`entry "${entry}" ${ALLOWS_ALL}`);
    } else if (parsed.range.prefix < settings.minPrefixLength) {
      problems.push(
        `entry "${entry}" (/${parsed.range.prefix}) is broader than the policy allows (/${settings.minPrefixLength} or narrower)`,
      );
    } else if (settings.allowedRanges && !allowed.some((range) => rangeContains(range, parsed.range))) {
      problems.push(`entry "${entry}" is outside the allowed ranges (${allowed.map(formatRange).join(', ')})`);
    }
  }
  return { compliant: problems.length === 0, problems };
}

/** True when some valid entry of the allowlist contains the IPv4 address. */
export function allowlistCovers(value: string, address: string): boolean {
  return splitAllowlist(value).some((entry) => {
    const parsed = parseAllowlistEntry(entry);
    return parsed.ok && rangeContainsAddress(parsed.range, address);
  });
}

export const ipAllowlistRule: RuleDefinition<ResolvedSettings['account.ip-allowlist']> = {
  id: 'account.ip-allowlist',
  title: 'Logins and API access are restricted to approved IP ranges',
  severity: 'high',
  risk: 'Without a tight IP allowlist a stolen password or API token works from anywhere on the internet.',
  remediation: {
    guidance:
      'Control panel (superuser): Account > Company settings, Login IP allowlist field: replace 0.0.0.0/0 with comma-separated IPv4 addresses, CIDRs or a.b.c.* wildcards that include your own address. API: PUT /customer/{customer_id} with ip_whitelist=<list>. Keep the owner phone number current: Fastly support unlocks a locked-out account only by calling the owner.',
    automatic: true,
  },
  references: [DOCS.ipAllowlist, DOCS.customerApi],
  frameworks: ['PCI DSS 4.0 req 1.3.1', 'SOC 2 CC6.1', 'SOC 2 CC6.6'],
  needs: ['customer'],
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
};
