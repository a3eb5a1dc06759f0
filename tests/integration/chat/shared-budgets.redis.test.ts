import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRateBudgets } from '../../../src/adapters/budgets/redis-rate-budgets.js';
import { createDiscordSink } from '../../../src/adapters/chat/discord/index.js';
import { createHttpFeedFetcher } from '../../../src/adapters/feeds/http-feed-fetcher.js';
import type { ChatSink } from '../../../src/ports/chat-sink.js';
import type { RateBudgets } from '../../../src/ports/rate-budgets.js';
import { startFeedServer } from '../feeds/feed-server.js';
import { startFakeDiscordApi, type FakeDiscordApi } from '../../support/fake-discord-api.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix } from '../../support/redis.js';
import { waitUntil } from '../../support/wait-until.js';
import { sampleAlert } from './sample-alerts.js';

// Budgets two processes share through Redis, seen at the adapters: each "process" is a sink (or a fetcher) with
// budgets of its own over its own connection, under one prefix, as two workers have them.

const TOKEN = 'discord-shared-budgets';
const CHANNEL = '100000000000000011';
const OTHER_CHANNEL = '100000000000000012';

let redis: Redis;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  redis = await connectTestRedis();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(() => {
  redis?.disconnect();
});

/** Budgets of `count` processes sharing one prefix, each on a connection of its own. */
async function processBudgets(count: number): Promise<RateBudgets[]> {
  const prefix = createTestPrefix();
  const clients = await Promise.all(Array.from({ length: count }, () => connectTestRedis()));
  closers.push(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    for (const client of clients) client.disconnect();
  });
  return clients.map((client) => createRedisRateBudgets(client, { prefix }));
}

function discordSink(api: FakeDiscordApi, budgets: RateBudgets, channel: string, warnings: string[] = []): ChatSink {
  const logger = { warn: (_fields: object, message: string) => void warnings.push(message) };
  const sink = createDiscordSink({ channelId: `desk-${channel}`, token: TOKEN, channel, apiUrl: api.url, minIntervalMs: 0, retryBaseMs: 20, budgets, logger });
  closers.push(async () => sink.close?.());
  return sink;
}

describe('Discord budgets shared by two processes', () => {
  it('keep to a route bucket that either process learned from the X-RateLimit headers', async () => {
    const api = await startFakeDiscordApi({ token: TOKEN, bucketLimit: 2, bucketWindowMs: 500 });
    closers.push(() => api.close());
    const [one, two] = await processBudgets(2);
    const sinks = [discordSink(api, one as RateBudgets, CHANNEL), discordSink(api, two as RateBudgets, CHANNEL)];
    await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) => (sinks[n % 2] as ChatSink).postAlert(sampleAlert({ articleKey: `bucket-${n}` }))),
    );
    // Six messages in a bucket of two per 500 ms, from two processes: none was answered 429.
    expect(api.requests.map((request) => request.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('hold every channel of the bot while a global 429 seen by one process lasts', async () => {
    const api = await startFakeDiscordApi({ token: TOKEN });
    closers.push(() => api.close());
    const [one, two] = await processBudgets(2);
    const warnings: string[] = [];
    const first = discordSink(api, one as RateBudgets, CHANNEL, warnings);
    const second = discordSink(api, two as RateBudgets, OTHER_CHANNEL);
    api.failNext('createMessage', { status: 429, retryAfter: 1, global: true, channel: CHANNEL });

    const limited = first.postAlert(sampleAlert({ articleKey: 'global-1' }));
    // The first process has seen the 429 and paused the bot's global window...
    await waitUntil(() => warnings.includes('rate limited'), 'the first process to see the global 429');
    // ...so the other process, posting to another channel, waits for it too.
    await second.postAlert(sampleAlert({ articleKey: 'global-2' }));
    await limited;
    const refused = api.requests.find((request) => request.status === 429);
    const other = api.requests.find((request) => request.channel === OTHER_CHANNEL);
    expect(other?.status).toBe(200);
    expect((other?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
  });
});

describe('the per-host fetch limit shared by two processes', () => {
  it('keeps at most perHostConcurrency fetches in flight to one host between them', async () => {
    const server = await startFeedServer({
      '/slow.xml': (_request, response) => {
        setTimeout(() => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>Slow</title></channel></rss>'), 100);
      },
    });
    closers.push(() => server.close());
    const fetchers = (await processBudgets(2)).map((budgets) => createHttpFeedFetcher({ budgets, allowPrivateAddresses: true, perHostConcurrency: 2 }));
    closers.push(async () => void (await Promise.all(fetchers.map((fetcher) => fetcher.close()))));
    const none = { etag: null, lastModified: null };
    const results = await Promise.all(Array.from({ length: 8 }, (_, n) => fetchers[n % 2]?.fetch(server.url('/slow.xml'), none)));
    expect(results.every((result) => result?.kind === 'fetched')).toBe(true);
    expect(server.concurrency.max).toBe(2);
  });
});
