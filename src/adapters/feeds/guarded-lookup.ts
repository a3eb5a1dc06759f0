import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { refusalOf } from './address-policy.js';

/** One address a host name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to its addresses; injectable so tests need no DNS. */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

/** The callback shape net.connect expects from its `lookup` option. */
type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Raised inside the connection when every address of a host is refused; the fetcher names the feed. */
export class AddressRefusedError extends Error {
  readonly detail: string;
  constructor(detail: string) {
    super(detail);
    this.name = 'AddressRefusedError';
    this.detail = detail;
  }
}

/** The system resolver (getaddrinfo, so /etc/hosts counts), all addresses in the order given. */
export const resolveWithSystemDns: ResolveHost = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 })));
    });
  });

/**
 * A `lookup` for net.connect that resolves the host and keeps only addresses the policy allows. The check runs
 * on the very addresses the socket then connects to, so DNS cannot answer differently between check and connect.
 * Host names in `trustedHosts` (an intranet feed server) skip the check; every other host stays under it, and
 * link-local and cloud metadata addresses stay refused even when private addresses are allowed.
 */
export function createGuardedLookup(resolveHost: ResolveHost, allowPrivateAddresses: boolean, trustedHosts: readonly string[] = []) {
  const trusted = new Set(trustedHosts.map((host) => host.toLowerCase()));
  return function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
    const literal = hostname.replace(/^\[|\]$/g, '');
    const found: Promise<ResolvedAddress[]> =
      isIP(literal) !== 0 ? Promise.resolve([{ address: literal, family: isIP(literal) === 6 ? 6 : 4 }]) : resolveHost(hostname);
    found.then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const rules = { allowPrivateAddresses, trusted: trusted.has(hostname.toLowerCase()) || trusted.has(literal.toLowerCase()) };
        const allowed = wanted.filter((a) => refusalOf(a.address, rules) === null);
        const first = allowed[0];
        if (first === undefined) {
          const seen = wanted.map((a) => a.address).join(', ') || 'no usable address';
          const reason = wanted.length === 0 ? null : refusalOf(wanted[0]?.address ?? '', rules);
          const error =
            reason === null
              ? Object.assign(new Error(`host ${hostname} did not resolve (${seen})`), { code: 'ENOTFOUND' })
              : new AddressRefusedError(`host ${hostname} resolves to ${wanted.length > 1 ? `${seen}; the first is ` : ''}${reason}`);
          callback(error, '');
          return;
        }
        if (options.all === true) callback(null, allowed.map((a) => ({ address: a.address, family: a.family })));
        else callback(null, first.address, first.family);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), ''),
    );
  };
}
