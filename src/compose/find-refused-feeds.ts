import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { refusalOf } from '../adapters/feeds/address-policy.js';

/** A feed the address policy will refuse, and why, for `config check`. */
export interface RefusedFeed {
  feedId: string;
  location: string;
  reason: string;
}

/** How long `config check` waits for DNS before leaving a host name unjudged. */
const DNS_TIMEOUT_MS = 1_500;

/** A host's addresses: literals as they are, localhost without asking DNS, other names from DNS (null when unknown). */
async function addressesOf(hostname: string, resolver: Resolver): Promise<string[] | null> {
  const literal = hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) !== 0) return [literal];
  const name = literal.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return ['127.0.0.1', '::1'];
  const settled = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
  const found = settled.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  return found.length > 0 ? found : null;
}

/**
 * The http(s) feeds whose host is on a loopback, private or metadata address the fetcher will refuse under the
 * config's `defaults.allow_private_addresses` and `defaults.trusted_hosts`. IP literals and localhost are judged
 * without the network; other names get one DNS query with a short timeout, and are left out when it finds nothing.
 */
export async function findRefusedFeeds(
  feeds: readonly { id: string; location: string }[],
  policy: { allowPrivateAddresses: boolean; trustedHosts: readonly string[] },
): Promise<RefusedFeed[]> {
  const trusted = new Set(policy.trustedHosts.map((host) => host.toLowerCase().replace(/^\[|\]$/g, '')));
  const resolver = new Resolver({ timeout: DNS_TIMEOUT_MS, tries: 1 });
  try {
    const judged = await Promise.all(
      feeds.map(async (feed): Promise<RefusedFeed | null> => {
        if (!/^https?:\/\//i.test(feed.location)) return null;
        let hostname: string;
        try {
          hostname = new URL(feed.location).hostname;
        } catch {
          return null;
        }
        const rules = { allowPrivateAddresses: policy.allowPrivateAddresses, trusted: trusted.has(hostname.toLowerCase().replace(/^\[|\]$/g, '')) };
        const addresses = await addressesOf(hostname, resolver);
        if (addresses === null || addresses.length === 0) return null;
        const reasons = addresses.map((address) => refusalOf(address, rules));
        // the fetcher connects to the first allowed address, so a host is refused only when all of them are
        if (reasons.some((reason) => reason === null)) return null;
        const shown = isIP(hostname.replace(/^\[|\]$/g, '')) !== 0 ? '' : `host ${hostname} resolves to `;
        return { feedId: feed.id, location: feed.location, reason: `${shown}${reasons[0] ?? ''}` };
      }),
    );
    return judged.filter((entry): entry is RefusedFeed => entry !== null);
  } finally {
    resolver.cancel();
  }
}
