import { isIPv4, isIPv6 } from 'node:net';

/** IPv4 blocks that are not globally reachable (IANA special-purpose registry), as [base address, prefix bits]. */
const NON_PUBLIC_V4: ReadonlyArray<readonly [number, number]> = [
  [0x00000000, 8], // "this network", includes 0.0.0.0
  [0x0a000000, 8], // RFC 1918
  [0x64400000, 10], // carrier-grade NAT, shared address space
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local, includes 169.254.169.254 cloud metadata
  [0xac100000, 12], // RFC 1918
  [0xc0000000, 24], // IETF protocol assignments
  [0xc0000200, 24], // TEST-NET-1
  [0xc0a80000, 16], // RFC 1918
  [0xc6120000, 15], // benchmarking
  [0xc6336400, 24], // TEST-NET-2
  [0xcb007100, 24], // TEST-NET-3
  [0xe0000000, 4], // multicast
  [0xf0000000, 4], // reserved, includes 255.255.255.255
];

/**
 * What an address is, for the fetch policy: `public` (globally reachable), `private` (loopback, RFC 1918 and other
 * non-public space, fetched only when private addresses are allowed) or `metadata` (link-local and cloud metadata
 * addresses, never fetched unless defaults.trusted_hosts names the host: they reach the instance's credentials).
 */
export type AddressClass = 'public' | 'private' | 'metadata';

/** Link-local 169.254.0.0/16 (AWS, GCP, Azure and Oracle metadata at 169.254.169.254) and Alibaba's 100.100.100.200. */
const METADATA_V4: ReadonlyArray<readonly [number, number]> = [
  [0xa9fe0000, 16],
  [0x646464c8, 32],
];

/**
 * Classifies an IP address (brackets and zone ids allowed). IPv4 addresses embedded in IPv6 (mapped, compatible,
 * NAT64, 6to4) count as the address they embed, so ::ffff:169.254.169.254 is `metadata`. Anything not an IP is `private`.
 */
export function classifyAddress(ip: string): AddressClass {
  const address = stripDecoration(ip);
  if (isIPv4(address)) return classifyV4(parseV4(address));
  if (!isIPv6(address)) return 'private';
  const groups = parseV6(address);
  const embedded = embeddedV4(groups);
  if (embedded !== null) return classifyV4(embedded);
  const first = groups[0] ?? 0;
  if ((first & 0xffc0) === 0xfe80) return 'metadata'; // link-local fe80::/10
  if (groups.join(':') === [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254].join(':')) return 'metadata'; // AWS IPv6 metadata fd00:ec2::254
  return isPublicV6(groups) ? 'public' : 'private';
}

/**
 * Whether an IP address is globally reachable, so fetching from it cannot reach the machine itself, its private
 * network or a cloud metadata service. Refuses loopback, RFC 1918, link-local, carrier-grade NAT, multicast,
 * documentation and unspecified addresses, IPv6 unique-local/link-local, and IPv4 addresses embedded in IPv6
 * (mapped, compatible, NAT64, 6to4) when the embedded address is one of those. Anything not an IP is refused.
 */
export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip) === 'public';
}

/** Whether a host may be fetched from, given whether it is trusted by name and whether private addresses are allowed. */
export interface AddressRules {
  allowPrivateAddresses: boolean;
  trusted: boolean;
}

/**
 * Why fetching from `ip` is refused (a phrase naming the address, its kind and the setting that would allow it),
 * or null when it is allowed. Trusted hosts pass; metadata addresses are refused even with private addresses allowed.
 */
export function refusalOf(ip: string, rules: AddressRules): string | null {
  if (rules.trusted) return null;
  const kind = classifyAddress(ip);
  if (kind === 'public' || (kind === 'private' && rules.allowPrivateAddresses)) return null;
  return describeRefusal(ip, kind);
}

/** The phrase `refusalOf` uses for an address of a refused kind. */
export function describeRefusal(ip: string, kind: Exclude<AddressClass, 'public'>): string {
  return kind === 'metadata'
    ? `${ip}, a link-local or cloud metadata address; such addresses are refused even with allow_private_addresses, unless defaults.trusted_hosts names the host`
    : `${ip}, a loopback, private or reserved address; such addresses are refused unless defaults.allow_private_addresses is true or defaults.trusted_hosts names the host`;
}

/** Removes URL brackets and an IPv6 zone id ("fe80::1%eth0"). */
function stripDecoration(ip: string): string {
  let address = ip.trim();
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const zone = address.indexOf('%');
  return zone >= 0 ? address.slice(0, zone) : address;
}

function parseV4(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

function inBlocks(value: number, blocks: ReadonlyArray<readonly [number, number]>): boolean {
  return blocks.some(([base, bits]) => Math.floor(value / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
}

function classifyV4(value: number): AddressClass {
  if (inBlocks(value, METADATA_V4)) return 'metadata';
  return inBlocks(value, NON_PUBLIC_V4) ? 'private' : 'public';
}

/** The IPv4 address an IPv6 address embeds (mapped, compatible, NAT64, 6to4), or null when it embeds none. */
function embeddedV4(groups: number[]): number | null {
  const g = (index: number): number => groups[index] ?? 0;
  const at = (high: number): number => g(high) * 65536 + g(high + 1);
  const zeroUpTo = (end: number): boolean => groups.slice(0, end).every((group) => group === 0);
  if (zeroUpTo(7) && g(7) <= 1) return null; // :: unspecified and ::1 loopback are IPv6's own
  if (zeroUpTo(5) && g(5) === 0xffff) return at(6); // ::ffff:a.b.c.d mapped
  if (zeroUpTo(4) && g(4) === 0xffff && g(5) === 0) return at(6); // ::ffff:0:a.b.c.d
  if (zeroUpTo(6)) return at(6); // ::a.b.c.d, the deprecated compatible form
  if (g(0) === 0x64 && g(1) === 0xff9b && g(2) === 0 && g(3) === 0 && g(4) === 0 && g(5) === 0) return at(6); // 64:ff9b::/96
  if (g(0) === 0x2002) return at(1); // 6to4
  return null;
}

/** Expands a valid IPv6 address (net.isIPv6 already said so) into its eight 16-bit groups. */
function parseV6(address: string): number[] {
  let text = address.toLowerCase();
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseV4(last);
    tail.push(Math.floor(v4 / 65536), v4 % 65536);
    text = `${text.slice(0, lastColon + 1)}0`;
  }
  const [head = '', rest] = text.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  let right = rest === undefined ? [] : parse(rest);
  if (tail.length > 0) {
    // the "0" placeholder stood for the dotted quad: replace it with the two groups it encodes
    if (rest === undefined) left.splice(left.length - 1, 1, ...tail);
    else right = [...right.slice(0, -1), ...tail];
  }
  const fill = rest === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...new Array<number>(fill).fill(0), ...right];
}

/** Whether an IPv6 address that embeds no IPv4 address is globally reachable. */
function isPublicV6(groups: number[]): boolean {
  const g = (index: number): number => groups[index] ?? 0;
  if (groups.slice(0, 7).every((group) => group === 0) && g(7) <= 1) return false; // :: unspecified and ::1 loopback
  if (g(0) === 0x64 && g(1) === 0xff9b && g(2) === 1) return false; // local-use NAT64
  if ((g(0) & 0xfe00) === 0xfc00) return false; // unique-local fc00::/7
  if ((g(0) & 0xffc0) === 0xfe80) return false; // link-local fe80::/10
  if ((g(0) & 0xffc0) === 0xfec0) return false; // site-local fec0::/10 (deprecated)
  if ((g(0) & 0xff00) === 0xff00) return false; // multicast
  if (g(0) === 0x2001 && g(1) === 0x0db8) return false; // documentation
  if (g(0) === 0x0100 && g(1) === 0 && g(2) === 0 && g(3) === 0) return false; // discard-only
  return true;
}
