/**
 * IPv4 parsing for Fastly's account allowlist format (`ip_whitelist`): comma-separated IPv4
 * addresses, CIDRs and trailing `*` wildcards. Addresses and CIDRs are validated with ipaddr.js
 * in strict dotted-quad form, so "10.1" or "010.0.0.1" never pass as addresses.
 */
import ipaddr from 'ipaddr.js';

export interface Ipv4Range {
  /** Network address (host bits cleared). */
  network: ipaddr.IPv4;
  prefix: number;
}

export type EntryParse = { ok: true; range: Ipv4Range } | { ok: false; reason: string };

export function isIPv4Address(value: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(value);
}

export function isIPv4Cidr(value: string): boolean {
  return ipaddr.IPv4.isValidCIDRFourPartDecimal(value);
}

function rangeOf(address: string, prefix: number): Ipv4Range {
  return { network: ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`), prefix };
}

/** A CIDR whose address has host bits set ("10.0.0.1/8") names its network ("10.0.0.0/8"). */
export function parseIPv4Cidr(value: string): Ipv4Range | undefined {
  if (!isIPv4Cidr(value)) return undefined;
  const [address = '', prefix = ''] = value.split('/');
  return rangeOf(address, Number(prefix));
}

export function formatRange(range: Ipv4Range): string {
  return `${range.network.toString()}/${range.prefix}`;
}

/** `a.b.c.*` is a /24, `a.b.*.*` a /16, `a.*.*.*` a /8, `*.*.*.*` a /0. */
function parseWildcard(value: string): EntryParse {
  const parts = value.split('.');
  const firstStar = parts.indexOf('*');
  if (parts.length !== 4 || parts.slice(firstStar).some((part) => part !== '*')) {
    return { ok: false, reason: 'wildcards are only supported in trailing octets (a.b.c.* or a.b.*.*)' };
  }
  const address = [...parts.slice(0, firstStar), ...parts.slice(firstStar).map(() => '0')].join('.');
  if (!isIPv4Address(address)) return { ok: false, reason: 'not a valid IPv4 wildcard' };
  return { ok: true, range: rangeOf(address, firstStar * 8) };
}

export function parseAllowlistEntry(entry: string): EntryParse {
  if (entry.includes('*')) return parseWildcard(entry);
  if (entry.includes('/')) {
    const range = parseIPv4Cidr(entry);
    if (range) return { ok: true, range };
  } else if (isIPv4Address(entry)) {
    return { ok: true, range: rangeOf(entry, 32) };
  }
  if (ipaddr.IPv6.isValid(entry) || ipaddr.IPv6.isValidCIDR(entry)) {
    return { ok: false, reason: 'IPv6 is not supported by the Fastly account allowlist' };
  }
  return { ok: false, reason: 'not an IPv4 address, IPv4 CIDR or a.b.c.* wildcard' };
}

/** Entries of a comma-separated allowlist, trimmed; empty entries (", ,") are dropped. */
export function splitAllowlist(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

export function rangeContains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return inner.prefix >= outer.prefix && inner.network.match(outer.network, outer.prefix);
}

export function rangeContainsAddress(range: Ipv4Range, address: string): boolean {
  return isIPv4Address(address) && ipaddr.IPv4.parse(address).match(range.network, range.prefix);
}
