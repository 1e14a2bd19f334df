/**
 * Fastly's account IP allowlist judged against the policy: whether a value is compliant, and
 * whether it lets a given address in. Read by the account.ip-allowlist rule and by the guardrail
 * of its fix.
 */
import {
  formatRange,
  parseAllowlistEntry,
  parseIPv4Cidr,
  rangeContains,
  rangeContainsAddress,
  splitAllowlist,
  type Ipv4Range,
} from './ipv4.js';

export interface AllowlistCheck {
  compliant: boolean;
  problems: string[];
}

export const NOT_SET_PROBLEM = 'the allowlist is not set';
export const ALLOWS_ALL = 'allows every address, so the allowlist is effectively not set';

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

/** What would make the fix of account.ip-allowlist refuse to write `desired`. */
export interface DesiredAllowlistCheck {
  /** Why `desired` is not compliant with the rule itself (checkAllowlist's problems). */
  problems: string[];
  /** auditorEgress addresses `desired` leaves out: writing it would lock the auditor out. */
  uncovered: string[];
}

/** One check for the fix's guardrail (at run time) and the policy's validation (at validate and synth). */
export function checkDesiredAllowlist(
  desired: string,
  settings: { minPrefixLength: number; allowedRanges?: string[]; auditorEgress?: readonly string[] },
): DesiredAllowlistCheck {
  const { allowedRanges } = settings;
  const { problems } = checkAllowlist(desired, { minPrefixLength: settings.minPrefixLength, ...(allowedRanges === undefined ? {} : { allowedRanges }) });
  const uncovered = (settings.auditorEgress ?? []).filter((address) => !allowlistCovers(desired, address));
  return { problems, uncovered };
}
