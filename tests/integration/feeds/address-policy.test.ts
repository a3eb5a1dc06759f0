import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryRateBudgets } from '../../../src/adapters/budgets/memory-rate-budgets.js';
import { isPublicAddress } from '../../../src/adapters/feeds/address-policy.js';
import { createHttpFeedFetcher } from '../../../src/adapters/feeds/http-feed-fetcher.js';
import type { ResolveHost } from '../../../src/adapters/feeds/guarded-lookup.js';
import { expectCoded } from './expect-coded.js';
import { startFeedServer, type FeedServer } from './feed-server.js';

const NONE = { etag: null, lastModified: null };
const RSS = '<rss version="2.0"><channel><title>Intranet</title></channel></rss>';

/** A resolver with fixed answers, so no test depends on DNS. */
const hosts: Record<string, string[]> = {
  'feeds.test': ['127.0.0.1'],
  'metadata.test': ['169.254.169.254'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'private.test': ['10.1.2.3', '192.168.0.9'],
  'localhost.test': ['::1', '127.0.0.1'],
};
const lookup: ResolveHost = async (hostname) => {
  const addresses = hosts[hostname];
  if (addresses === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

let server: FeedServer;

beforeAll(async () => {
  server = await startFeedServer({
    '/feed': (_request, response) => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS),
    '/to-loopback': (_request, response) => response.writeHead(302, { location: `http://127.0.0.1:${server.port}/feed` }).end(),
    '/to-metadata': (_request, response) => response.writeHead(307, { location: 'http://metadata.test/latest/meta-data/' }).end(),
    '/to-mapped': (_request, response) => response.writeHead(301, { location: `http://[::ffff:127.0.0.1]:${server.port}/feed` }).end(),
  });
});

afterAll(async () => {
  await server.close();
});

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '192.0.2.10',
    '::',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1%eth0',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::ffff:0:10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:c0a8:0101::1',
    '2001:db8::1',
    '[::1]',
    'ff02::1',
    'localhost',
    'not an address',
    '',
  ])('refuses %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '[2a00:1450:4001::200e]'])(
    'allows %s',
    (ip) => {
      expect(isPublicAddress(ip)).toBe(true);
    },
  );
});

describe('createHttpFeedFetcher address policy', () => {
  it('refuses a loopback URL by default, before any connection', async () => {
    const before = server.requests.length;
    const error = await expectCoded(createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), lookup }).fetch(server.url('/feed'), NONE), 'feed_address_refused');
    expect(error.message).toMatch(new RegExp(`^feed ${server.url('/feed')}: .*127\\.0\\.0\\.1, a loopback, private`));
    expect(error.message).toContain('defaults.allow_private_addresses');
    expect(server.requests.length).toBe(before);
  });

  it('refuses a host name that resolves to the cloud metadata address', async () => {
    const error = await expectCoded(createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), lookup }).fetch('http://metadata.test/latest/meta-data/', NONE), 'feed_address_refused');
    expect(error.message).toContain('host metadata.test resolves to 169.254.169.254');
  });

  it('refuses IPv6-mapped loopback, as a literal and as a resolved address', async () => {
    await expectCoded(createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), lookup }).fetch(`http://[::ffff:127.0.0.1]:${server.port}/feed`, NONE), 'feed_address_refused');
    await expectCoded(createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), lookup }).fetch(`http://mapped.test:${server.port}/feed`, NONE), 'feed_address_refused');
    await expectCoded(createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), lookup }).fetch(`http://localhost.test:${server.port}/feed`, NONE), 'feed_address_refused');
    await expectCoded(createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), lookup }).fetch('https://private.test/feed', NONE), 'feed_address_refused');
  });

  it('checks every redirect: to 127.0.0.1, to a metadata host, to mapped loopback', async () => {
    // feeds.test is trusted so the first hop reaches the local server; the redirect targets are not
    const fetcher = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), lookup, trustedHosts: ['feeds.test'] });
    const start = `http://feeds.test:${server.port}`;
    const fetched = await fetcher.fetch(`${start}/feed`, NONE);
    expect(fetched.kind).toBe('fetched');

    const loopback = await expectCoded(fetcher.fetch(`${start}/to-loopback`, NONE), 'feed_address_refused');
    expect(loopback.message).toContain(`http://127.0.0.1:${server.port}/feed points at 127.0.0.1`);
    const metadata = await expectCoded(fetcher.fetch(`${start}/to-metadata`, NONE), 'feed_address_refused');
    expect(metadata.message).toContain('169.254.169.254');
    await expectCoded(fetcher.fetch(`${start}/to-mapped`, NONE), 'feed_address_refused');
    expect(server.requests.filter((request) => request.path === '/feed' && request.headers.host === `127.0.0.1:${server.port}`)).toHaveLength(0);
    await fetcher.close();
  });

  it('allows private addresses when told to', async () => {
    const fetcher = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), lookup, allowPrivateAddresses: true });
    expect((await fetcher.fetch(`http://feeds.test:${server.port}/feed`, NONE)).kind).toBe('fetched');
    expect((await fetcher.fetch(`${server.origin}/to-loopback`, NONE)).kind).toBe('fetched');
    await fetcher.close();
  });

  it('refuses other schemes and unparseable URLs, and reports unknown hosts', async () => {
    const fetcher = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), lookup });
    expect((await expectCoded(fetcher.fetch('file:///etc/passwd', NONE), 'feed_address_refused')).message).toContain('only http and https');
    await expectCoded(fetcher.fetch('not a url', NONE), 'feed_address_refused');
    const unknown = await expectCoded(fetcher.fetch('http://nowhere.test/feed', NONE), 'feed_network');
    expect(unknown.message).toContain('host nowhere.test was not found');
  });
});
