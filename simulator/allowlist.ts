/**
 * Emulates the account IP allowlist (`ip_whitelist`): comma-separated IPv4 addresses, CIDR
 * ranges and `a.b.c.*` wildcards. An entry that does not parse matches nothing, as an
 * unparseable rule would on the real service.
 */
import ipaddr from 'ipaddr.js';

/** Null, "" and 0.0.0.0/0 all mean "no restriction". */
export function isAllowlistActive(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.trim() !== '0.0.0.0/0';
}

/** Turns one entry into a [network, prefix length] pair, or null when it is not valid IPv4. */
function parseEntry(entry: string): [ipaddr.IPv4, number] | null {
  if (entry.includes('*')) {
    // a.b.c.* / a.b.*.*: wildcards only as trailing octets.
    const octets = entry.split('.');
    const fixed = octets.filter((octet) => octet !== '*');
    const wildcardsTrail = octets.slice(fixed.length).every((octet) => octet === '*');
    if (octets.length !== 4 || !wildcardsTrail || fixed.length === 0) return null;
    const network = [...fixed, ...Array<string>(4 - fixed.length).fill('0')].join('.');
    return ipaddr.IPv4.isValidFourPartDecimal(network) ? [ipaddr.IPv4.parse(network), fixed.length * 8] : null;
  }
  if (entry.includes('/')) {
    const [network = '', prefix = ''] = entry.split('/');
    const length = Number(prefix);
    const valid = ipaddr.IPv4.isValidFourPartDecimal(network) && /^\d{1,2}$/.test(prefix) && length <= 32;
    return valid ? [ipaddr.IPv4.parse(network), length] : null;
  }
  return ipaddr.IPv4.isValidFourPartDecimal(entry) ? [ipaddr.IPv4.parse(entry), 32] : null;
}

/** The caller's IPv4 address, unwrapping IPv4-mapped IPv6 (`::ffff:127.0.0.1`); null otherwise. */
function toIPv4(address: string): ipaddr.IPv4 | null {
  if (!ipaddr.isValid(address)) return null;
  const parsed = ipaddr.process(address);
  return parsed.kind() === 'ipv4' ? (parsed as ipaddr.IPv4) : null;
}

/** True when `address` may call the API under the allowlist `value`. */
export function isAddressAllowed(value: unknown, address: string): boolean {
  if (!isAllowlistActive(value)) return true;
  const caller = toIPv4(address);
  if (caller === null) return false;
  return value
    .split(',')
    .map((entry) => parseEntry(entry.trim()))
    .some((range) => range !== null && caller.match(range));
}
