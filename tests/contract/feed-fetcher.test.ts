import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryRateBudgets } from '../../src/adapters/budgets/memory-rate-budgets.js';
import { createFileFeedFetcher } from '../../src/adapters/feeds/file-feed-fetcher.js';
import { createHttpFeedFetcher } from '../../src/adapters/feeds/http-feed-fetcher.js';
import { startFeedServer } from '../support/feed-server.js';
import { describeFeedFetcherContract } from './feed-fetcher.contract.js';

const T0 = Date.parse('2025-03-04T09:00:00Z');

describeFeedFetcherContract('http', async () => {
  const server = await startFeedServer();
  const versions = new Map<string, number>();
  return {
    fetcher: (limits = {}) => createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), allowPrivateAddresses: true, totalTimeoutMs: 5_000, ...limits }),
    async publish(name, body) {
      const version = (versions.get(name) ?? 0) + 1;
      versions.set(name, version);
      const bytes = Buffer.from(body);
      // A server's conditional GET: an ETag of the content and the time of this version.
      const etag = `"${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}"`;
      const lastModified = new Date(T0 + version * 60_000).toUTCString();
      server.route(`/${name}.rss`, (request, response) => {
        if (request.headers['if-none-match'] === etag) {
          response.writeHead(304, { etag, 'last-modified': lastModified }).end();
          return;
        }
        response.writeHead(200, { 'content-type': 'application/rss+xml', etag, 'last-modified': lastModified }).end(bytes);
      });
      return `${server.url}/${name}.rss`;
    },
    locationOf: (name) => `${server.url}/${name}.rss`,
    missingCode: 'feed_http_status',
    dispose: () => server.close(),
  };
});

describeFeedFetcherContract('file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newswatch-feed-contract-'));
  mkdirSync(join(dir, 'feeds'));
  const versions = new Map<string, number>();
  return {
    fetcher: (limits = {}) => createFileFeedFetcher(dir, limits),
    async publish(name, body) {
      const version = (versions.get(name) ?? 0) + 1;
      versions.set(name, version);
      const path = join(dir, 'feeds', `${name}.rss`);
      writeFileSync(path, body);
      // Each version a minute apart, as a tool rewriting the file would leave it.
      const modified = new Date(T0 + version * 60_000);
      utimesSync(path, modified, modified);
      return `feeds/${name}.rss`;
    },
    locationOf: (name) => `feeds/${name}.rss`,
    missingCode: 'feed_network',
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
