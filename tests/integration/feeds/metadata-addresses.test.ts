import type { LookupAddress, LookupOptions } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryRateBudgets } from '../../../src/adapters/budgets/memory-rate-budgets.js';
import { classifyAddress, refusalOf } from '../../../src/adapters/feeds/address-policy.js';
import { createGuardedLookup, type ResolveHost } from '../../../src/adapters/feeds/guarded-lookup.js';
import { createHttpFeedFetcher } from '../../../src/adapters/feeds/http-feed-fetcher.js';
import { expectCoded } from './expect-coded.js';
import { startFeedServer, type FeedServer } from './feed-server.js';

const NONE = { etag: null, lastModified: null };
const RSS = '<rss version="2.0"><channel><title>Local</title></channel></rss>';
const METADATA_LITERALS = ['169.254.169.254', '169.254.0.1', '100.100.100.200', 'fe80::1', 'febf::9', 'fd00:ec2::254', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '64:ff9b::a9fe:a9fe'];

/** Fixed answers, so no test depends on DNS; imds.test stands for a name that resolves to the metadata service. */
const lookup: ResolveHost = async (hostname) => {
  const answers: Record<string, string[]> = { 'imds.test': ['169.254.169.254'], 'imds6.test': ['fd00:ec2::254'], 'local.test': ['127.0.0.1'] };
  const addresses = answers[hostname];
  if (addresses === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

/** Calls a guarded lookup as net.connect would, without connecting anywhere. */
function resolveThrough(guarded: ReturnType<typeof createGuardedLookup>, hostname: string): Promise<string> {
  return new Promise((resolve, reject) => {
    guarded(hostname, { all: false } as LookupOptions, (error: Error | null, address: string | LookupAddress[]) => {
      if (error) reject(error);
      else resolve(String(address));
    });
  });
}

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer({
    '/feed': (_request, response) => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS),
    '/to-metadata': (_request, response) => response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/' }).end(),
    '/to-mapped-metadata': (_request, response) => response.writeHead(301, { location: 'http://[::ffff:169.254.169.254]/latest/' }).end(),
    '/to-imds-name': (_request, response) => response.writeHead(307, { location: 'http://imds.test/latest/' }).end(),
    '/to-imds6-name': (_request, response) => response.writeHead(308, { location: 'http://imds6.test/latest/' }).end(),
  });
});
afterAll(async () => server.close());

describe('link-local and cloud metadata addresses', () => {
  it.each(METADATA_LITERALS)('classifies %s as metadata, refused even with private addresses allowed', (ip) => {
    expect(classifyAddress(ip)).toBe('metadata');
    expect(refusalOf(ip, { allowPrivateAddresses: true, trusted: false })).toContain('link-local or cloud metadata address');
  });

  it('leaves loopback and private space to allow_private_addresses', () => {
    for (const ip of ['127.0.0.1', '10.0.0.1', '::1', 'fd12::1', '::ffff:127.0.0.1']) {
      expect(classifyAddress(ip)).toBe('private');
      expect(refusalOf(ip, { allowPrivateAddresses: true, trusted: false })).toBeNull();
      expect(refusalOf(ip, { allowPrivateAddresses: false, trusted: false })).toContain('defaults.allow_private_addresses');
    }
  });

  it('allows a metadata address only for a host trusted_hosts names', async () => {
    expect(refusalOf('169.254.169.254', { allowPrivateAddresses: false, trusted: true })).toBeNull();
    expect(await resolveThrough(createGuardedLookup(lookup, false, ['imds.test']), 'imds.test')).toBe('169.254.169.254');
    expect(await resolveThrough(createGuardedLookup(lookup, false, ['169.254.169.254']), '169.254.169.254')).toBe('169.254.169.254');
    await expect(resolveThrough(createGuardedLookup(lookup, true, ['other.test']), 'imds.test')).rejects.toThrow(
      'host imds.test resolves to 169.254.169.254, a link-local or cloud metadata address',
    );
  });

  it('refuses a feed URL naming a metadata address directly, with private addresses allowed', async () => {
    const fetcher = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), lookup, allowPrivateAddresses: true });
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[fe80::1]/feed', 'http://[fd00:ec2::254]/latest/', 'http://[::ffff:169.254.169.254]/latest/']) {
      const error = await expectCoded(fetcher.fetch(url, NONE), 'feed_address_refused');
      expect(error.message).toMatch(new RegExp(`^feed ${url.replace(/[.*?[\]]/g, '\\$&')}: .*a link-local or cloud metadata address`));
    }
    const named = await expectCoded(fetcher.fetch('http://imds.test/latest/', NONE), 'feed_address_refused');
    expect(named.message).toContain('host imds.test resolves to 169.254.169.254, a link-local or cloud metadata address');
    await fetcher.close();
  });

  it('refuses a redirect from a local feed server to a metadata address, naming the feed', async () => {
    const fetcher = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), lookup, allowPrivateAddresses: true });
    expect((await fetcher.fetch(server.url('/feed'), NONE)).kind).toBe('fetched');
    for (const path of ['/to-metadata', '/to-mapped-metadata', '/to-imds-name', '/to-imds6-name']) {
      const error = await expectCoded(fetcher.fetch(server.url(path), NONE), 'feed_address_refused');
      expect(error.message.startsWith(`feed ${server.url(path)}: `)).toBe(true);
      expect(error.message).toContain('a link-local or cloud metadata address');
      expect(error.message).toContain('defaults.trusted_hosts');
    }
    await fetcher.close();
  });

  it('lets a trusted_hosts entry pass its own host and nothing it redirects to', async () => {
    const fetcher = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), lookup, trustedHosts: ['local.test'] });
    expect((await fetcher.fetch(`http://local.test:${server.port}/feed`, NONE)).kind).toBe('fetched');
    const error = await expectCoded(fetcher.fetch(`http://local.test:${server.port}/to-metadata`, NONE), 'feed_address_refused');
    expect(error.message).toContain('http://169.254.169.254/latest/meta-data/iam/ points at 169.254.169.254, a link-local or cloud metadata address');
    await fetcher.close();
  });
});
