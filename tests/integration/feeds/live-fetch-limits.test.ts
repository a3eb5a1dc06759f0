import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryRateBudgets } from '../../../src/adapters/budgets/memory-rate-budgets.js';
import type { ResolveHost } from '../../../src/adapters/feeds/guarded-lookup.js';
import { createHttpFeedFetcher, type FetchLimits } from '../../../src/adapters/feeds/http-feed-fetcher.js';
import { expectCoded } from './expect-coded.js';
import { startFeedServer, type FeedServer } from './feed-server.js';

const NONE = { etag: null, lastModified: null };
const RSS = `<rss version="2.0"><channel><title>Wire</title><description>${'x'.repeat(2_000)}</description></channel></rss>`;
const lookup: ResolveHost = async (hostname) => {
  if (hostname !== 'wire.test') throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return [{ address: '127.0.0.1', family: 4 }];
};

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer({
    '/feed': (_request, response) => response.writeHead(200, { 'content-type': 'application/rss+xml', connection: 'keep-alive' }).end(RSS),
  });
});
afterAll(async () => server.close());

describe('a fetcher reading its limits per request', () => {
  it('applies a changed address policy to the next fetch, without reusing a pooled connection to a now-refused host', async () => {
    let limits: Partial<FetchLimits> = { allowPrivateAddresses: true };
    const fetcher = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), lookup, limits: () => limits });
    const url = `http://wire.test:${server.port}/feed`;
    expect((await fetcher.fetch(url, NONE)).kind).toBe('fetched');
    const served = server.requests.length;

    limits = { allowPrivateAddresses: false };
    const refused = await expectCoded(fetcher.fetch(url, NONE), 'feed_address_refused');
    expect(refused.message).toContain('host wire.test resolves to 127.0.0.1, a loopback, private or reserved address');
    expect(server.requests.length).toBe(served);

    limits = { allowPrivateAddresses: false, trustedHosts: ['wire.test'] };
    expect((await fetcher.fetch(url, NONE)).kind).toBe('fetched');
    await fetcher.close();
  });

  it('applies a changed size cap and User-Agent to the next fetch', async () => {
    let limits: Partial<FetchLimits> = { allowPrivateAddresses: true, userAgent: 'desk/1' };
    const fetcher = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), limits: () => limits });
    expect((await fetcher.fetch(server.url('/feed'), NONE)).kind).toBe('fetched');
    expect(server.requests.at(-1)?.headers['user-agent']).toBe('desk/1');

    limits = { allowPrivateAddresses: true, userAgent: 'desk/2', maxBytes: 1_024 };
    const tooLarge = await expectCoded(fetcher.fetch(server.url('/feed'), NONE), 'feed_too_large');
    expect(tooLarge.message).toContain('response exceeded 1 KB');
    expect(server.requests.at(-1)?.headers['user-agent']).toBe('desk/2');
    await fetcher.close();
  });
});
