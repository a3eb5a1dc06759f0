import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryRateBudgets } from '../../../src/adapters/budgets/memory-rate-budgets.js';
import { fetchAndParse } from '../../../src/adapters/feeds/fetch-and-parse.js';
import { createHttpFeedFetcher, defaultHttpFetcherOptions } from '../../../src/adapters/feeds/http-feed-fetcher.js';
import type { FetchResult } from '../../../src/ports/feed-fetcher.js';
import { expectCoded } from './expect-coded.js';
import { startFeedServer, type FeedServer } from './feed-server.js';

const RSS = readFileSync(new URL('../../fixtures/feeds/rss2.xml', import.meta.url), 'utf8');
const NONE = { etag: null, lastModified: null };
const LAST_MODIFIED = 'Tue, 04 Mar 2025 09:00:00 GMT';

function sendFeed(response: ServerResponse, body: string | Buffer = RSS, headers: Record<string, string> = {}): void {
  response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', ...headers }).end(body);
}

function redirect(status: number, location: string) {
  return (_request: unknown, response: ServerResponse) => response.writeHead(status, { location }).end();
}

function fetched(result: FetchResult): Extract<FetchResult, { kind: 'fetched' }> {
  if (result.kind !== 'fetched') throw new Error(`expected a body, got ${result.kind}`);
  return result;
}

let server: FeedServer;
const chain: Record<string, ReturnType<typeof redirect>> = {};
for (let step = 0; step < 7; step += 1) chain[`/chain/${step}`] = redirect(302, step === 6 ? '/feed' : `/chain/${step + 1}`);

beforeAll(async () => {
  server = await startFeedServer({
    '/feed': (_request, response) => sendFeed(response),
    '/etag': (request, response) => {
      if (request.headers['if-none-match'] === '"v1"') response.writeHead(304, { etag: '"v1"', 'cache-control': 'max-age=60' }).end();
      else sendFeed(response, RSS, { etag: '"v1"' });
    },
    '/last-modified': (request, response) => {
      if (request.headers['if-modified-since'] === LAST_MODIFIED) response.writeHead(304).end();
      else sendFeed(response, RSS, { 'last-modified': LAST_MODIFIED });
    },
    '/r301': redirect(301, '/feed'),
    '/r302': redirect(302, 'feed'),
    '/r303': redirect(303, '/feed'),
    '/r307': redirect(307, '/feed'),
    '/r308': redirect(308, '/feed'),
    '/hop': (_request, response) => response.writeHead(301, { location: server.url('/r308') }).end(),
    '/loop-a': redirect(302, '/loop-b'),
    '/loop-b': redirect(302, '/loop-a'),
    ...chain,
    '/to-ftp': redirect(302, 'ftp://files.example/feed.xml'),
    '/no-location': (_request, response) => response.writeHead(302).end(),
    '/gzip': (_request, response) => sendFeed(response, gzipSync(RSS), { 'content-encoding': 'gzip' }),
    '/deflate': (_request, response) => sendFeed(response, deflateSync(RSS), { 'content-encoding': 'deflate' }),
    '/deflate-raw': (_request, response) => sendFeed(response, deflateRawSync(RSS), { 'content-encoding': 'deflate' }),
    '/br': (_request, response) => sendFeed(response, brotliCompressSync(RSS), { 'content-encoding': 'br' }),
    '/corrupt-gzip': (_request, response) => sendFeed(response, Buffer.from('definitely not gzip'), { 'content-encoding': 'gzip' }),
    '/zstd': (_request, response) => sendFeed(response, Buffer.from('x'), { 'content-encoding': 'zstd' }),
    '/slow': (_request, response) => {
      const timer = setTimeout(() => sendFeed(response), 3_000);
      response.on('close', () => clearTimeout(timer));
    },
    '/drip': (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => response.write('<'), 100);
      response.on('close', () => clearInterval(timer));
    },
    '/big': (_request, response) => sendFeed(response, Buffer.alloc(100 * 1024, 0x20), { 'content-length': String(100 * 1024) }),
    '/big-chunked': (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      for (let chunk = 0; chunk < 10; chunk += 1) response.write(Buffer.alloc(10 * 1024, 0x20));
      response.end();
    },
    '/gzip-bomb': (_request, response) => sendFeed(response, gzipSync(Buffer.alloc(32 * 1024 * 1024)), { 'content-encoding': 'gzip' }),
    '/gone': (_request, response) => response.writeHead(404).end('nothing here'),
    '/busy': (_request, response) => response.writeHead(503, { 'retry-after': '120' }).end(),
    '/hints': (_request, response) =>
      sendFeed(response, RSS, { 'cache-control': 'public, max-age=300', age: '100', 'retry-after': '30' }),
    '/expires': (_request, response) =>
      sendFeed(response, RSS, { date: 'Tue, 04 Mar 2025 09:00:00 GMT', expires: 'Tue, 04 Mar 2025 09:10:00 GMT' }),
    '/held': (_request, response) => {
      const timer = setTimeout(() => sendFeed(response), 150);
      response.on('close', () => clearTimeout(timer));
    },
  });
});

afterAll(async () => {
  await server.close();
});

const fetcher = () => createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), allowPrivateAddresses: true, totalTimeoutMs: 5_000 });

describe('createHttpFeedFetcher: conditional GET', () => {
  it('answers 200 with an ETag, then 304 on the next poll without a body to parse', async () => {
    const http = fetcher();
    const first = fetched(await http.fetch(server.url('/etag'), NONE));
    expect(first.body).toContain('Harbour Gazette');
    expect(first.validators).toEqual({ etag: '"v1"', lastModified: null });
    expect(first.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(first.finalUrl).toBe(server.url('/etag'));

    const second = await fetchAndParse(http, server.url('/etag'), first.validators);
    expect(second).toEqual({ kind: 'not-modified', validators: { etag: '"v1"', lastModified: null }, hints: { maxAgeSeconds: 60, retryAfterSeconds: null } });
    expect('feed' in second).toBe(false);
    const seen = server.requests.filter((request) => request.path === '/etag');
    expect(seen[0]?.headers['if-none-match']).toBeUndefined();
    expect(seen[1]?.headers['if-none-match']).toBe('"v1"');
    expect(seen[0]?.headers['user-agent']).toMatch(/newswatch/);
    expect(seen[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
    await http.close();
  });

  it('sends If-Modified-Since from a remembered Last-Modified and keeps it on 304', async () => {
    const http = fetcher();
    const first = await fetchAndParse(http, server.url('/last-modified'), NONE);
    if (first.kind !== 'parsed') throw new Error('expected a parsed feed');
    expect(first.feed.items).toHaveLength(2);
    expect(first.validators).toEqual({ etag: null, lastModified: LAST_MODIFIED });

    const second = await http.fetch(server.url('/last-modified'), first.validators);
    expect(second.kind).toBe('not-modified');
    expect(second.validators).toEqual({ etag: null, lastModified: LAST_MODIFIED });
    expect(server.requests.filter((request) => request.path === '/last-modified').at(-1)?.headers['if-modified-since']).toBe(LAST_MODIFIED);
    await http.close();
  });
});

describe('createHttpFeedFetcher: redirects', () => {
  it.each(['/r301', '/r302', '/r303', '/r307', '/r308'])('follows %s, relative Location included', async (path) => {
    const result = fetched(await fetcher().fetch(server.url(path), NONE));
    expect(result.finalUrl).toBe(server.url('/feed'));
    expect(result.body).toBe(RSS);
  });

  it('follows a chain of absolute and relative redirects', async () => {
    expect(fetched(await fetcher().fetch(server.url('/hop'), NONE)).finalUrl).toBe(server.url('/feed'));
  });

  it('follows exactly maxRedirects redirects and refuses one more', async () => {
    expect(fetched(await fetcher().fetch(server.url('/chain/2'), NONE)).finalUrl).toBe(server.url('/feed'));
    const error = await expectCoded(fetcher().fetch(server.url('/chain/1'), NONE), 'feed_too_many_redirects');
    expect(error.message).toBe(`feed ${server.url('/chain/1')}: more than 5 redirects (the last one to ${server.url('/feed')})`);
  });

  it('stops a redirect loop', async () => {
    const error = await expectCoded(fetcher().fetch(server.url('/loop-a'), NONE), 'feed_too_many_redirects');
    expect(error.message).toContain('redirect loop');
  });

  it('refuses a redirect to a scheme other than http(s), and one without a Location', async () => {
    const ftp = await expectCoded(fetcher().fetch(server.url('/to-ftp'), NONE), 'feed_address_refused');
    expect(ftp.message).toContain('only http and https');
    await expectCoded(fetcher().fetch(server.url('/no-location'), NONE), 'feed_http_status');
  });
});

describe('createHttpFeedFetcher: bodies', () => {
  it.each(['/gzip', '/deflate', '/deflate-raw', '/br'])('decodes %s', async (path) => {
    const result = fetched(await fetcher().fetch(server.url(path), NONE));
    expect(result.body).toBe(RSS);
    expect(result.bytes).toBe(Buffer.byteLength(RSS));
  });

  it('reports a corrupt or unknown Content-Encoding as a network failure', async () => {
    await expectCoded(fetcher().fetch(server.url('/corrupt-gzip'), NONE), 'feed_network');
    const zstd = await expectCoded(fetcher().fetch(server.url('/zstd'), NONE), 'feed_network');
    expect(zstd.message).toContain('unsupported Content-Encoding "zstd"');
  });

  it('refuses a body over the cap, announced or streamed', async () => {
    const small = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), allowPrivateAddresses: true, maxBytes: 64 * 1024 });
    const announced = await expectCoded(small.fetch(server.url('/big'), NONE), 'feed_too_large');
    expect(announced.message).toBe(`feed ${server.url('/big')}: response is 102400 bytes, over the 64 KB limit`);
    const streamed = await expectCoded(small.fetch(server.url('/big-chunked'), NONE), 'feed_too_large');
    expect(streamed.message).toBe(`feed ${server.url('/big-chunked')}: response exceeded 64 KB after decompression`);
  });

  it('stops a gzip bomb at the decompressed cap', async () => {
    const started = performance.now();
    const small = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), allowPrivateAddresses: true, maxBytes: 1024 * 1024 });
    const error = await expectCoded(small.fetch(server.url('/gzip-bomb'), NONE), 'feed_too_large');
    expect(error.message).toContain('exceeded 1 MB after decompression');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('createHttpFeedFetcher: time limits', () => {
  it('ends a server slower than the total timeout in feed_timeout', async () => {
    const started = performance.now();
    const quick = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), allowPrivateAddresses: true, totalTimeoutMs: 300 });
    const error = await expectCoded(quick.fetch(server.url('/slow'), NONE), 'feed_timeout');
    expect(error.message).toContain('no complete response within 300 ms');
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('ends a server that drips bytes at the total timeout', async () => {
    const started = performance.now();
    const quick = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), allowPrivateAddresses: true, totalTimeoutMs: 500 });
    await expectCoded(quick.fetch(server.url('/drip'), NONE), 'feed_timeout');
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('ends a connection that cannot be made within the connect timeout', async () => {
    const hanging = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), connectTimeoutMs: 150, totalTimeoutMs: 5_000, lookup: () => new Promise(() => undefined) });
    const started = performance.now();
    const error = await expectCoded(hanging.fetch('http://stuck.test/feed', NONE), 'feed_timeout');
    expect(error.message).toContain('could not connect to stuck.test within 150 ms');
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await expectCoded(fetcher().fetch(server.url('/slow'), NONE, controller.signal), 'feed_timeout');
    expect(error.message).toContain('cancelled');
  });
});

describe('createHttpFeedFetcher: statuses, hints and limits', () => {
  it('names the feed and the status', async () => {
    const gone = await expectCoded(fetcher().fetch(server.url('/gone'), NONE), 'feed_http_status');
    expect(gone.message).toBe(`feed ${server.url('/gone')}: HTTP 404 Not Found: the feed is not there any more; check the URL`);
    const busy = await expectCoded(fetcher().fetch(server.url('/busy'), NONE), 'feed_http_status');
    expect(busy.message).toContain('HTTP 503 Service Unavailable (Retry-After: 120 s)');
  });

  it('reads max-age minus Age, Retry-After, and Expires against the server date', async () => {
    expect((await fetcher().fetch(server.url('/hints'), NONE)).hints).toEqual({ maxAgeSeconds: 200, retryAfterSeconds: 30 });
    expect((await fetcher().fetch(server.url('/expires'), NONE)).hints).toEqual({ maxAgeSeconds: 600, retryAfterSeconds: null });
  });

  it('keeps at most perHostConcurrency fetches in flight to one host', async () => {
    const limited = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), allowPrivateAddresses: true, perHostConcurrency: 2 });
    server.concurrency.max = 0;
    const results = await Promise.all(Array.from({ length: 6 }, () => limited.fetch(server.url('/held'), NONE)));
    expect(results.every((result) => result.kind === 'fetched')).toBe(true);
    expect(server.concurrency.max).toBe(2);
    await limited.close();
  });

  it('reports a refused connection as a network failure', async () => {
    const closed = await startFeedServer({});
    const url = closed.url('/feed');
    await closed.close();
    const error = await expectCoded(fetcher().fetch(url, NONE), 'feed_network');
    expect(error.message).toContain('refused the connection');
  });

  it('has documented defaults', () => {
    expect(defaultHttpFetcherOptions).toMatchObject({ maxRedirects: 5, allowPrivateAddresses: false, perHostConcurrency: 2, maxBytes: 5 * 1024 * 1024 });
    expect(defaultHttpFetcherOptions.userAgent).toMatch(/^newswatch\//);
  });
});
