import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../../../src/adapters/queue/in-process-queue.js';
import { createRedisStateStore } from '../../../src/adapters/state/redis-state-store.js';
import { createSqliteStateStore } from '../../../src/adapters/state/sqlite-state-store.js';
import type { JobQueue } from '../../../src/ports/job-queue.js';
import type { StateStore } from '../../../src/ports/state-store.js';
import { createPendingSweeper } from '../../../src/pipeline/pipeline.js';
import { makeArticle, makeDelivery, makeStoredArticle } from '../../contract/state-records.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix } from '../../support/redis.js';

const at = (minute: number): string => new Date(Date.UTC(2024, 4, 1, 12, minute)).toISOString();

describe('the story window, shared by processes on one Redis', () => {
  let redis: Redis;
  const prefix = createTestPrefix();

  beforeAll(async () => {
    redis = await connectTestRedis();
  });
  afterAll(async () => {
    if (redis) await deleteKeysWithPrefix(redis, prefix);
    redis?.disconnect();
  });

  it('shows each process what the others analysed since it last looked, in analysis order', async () => {
    // Two stores on one prefix stand for two worker processes.
    const a = createRedisStateStore(redis, { prefix });
    const b = createRedisStateStore(redis, { prefix });
    const complete = (store: StateStore, key: string, minute: number) => store.completeArticle(key, makeStoredArticle(key, at(minute)), []);
    await complete(a, 'k1', 1);
    expect((await b.recentArticles(at(0))).map((article) => article.key)).toEqual(['k1']);
    await complete(a, 'k3', 3);
    await complete(b, 'k2', 2);
    expect((await b.recentArticles(at(0))).map((article) => article.key)).toEqual(['k1', 'k2', 'k3']);
    expect((await a.recentArticles(at(0))).map((article) => article.key)).toEqual(['k1', 'k2', 'k3']);
    // A narrower window leaves the older ones out; asking further back again brings them back.
    expect((await a.recentArticles(at(2))).map((article) => article.key)).toEqual(['k2', 'k3']);
    expect((await a.recentArticles(at(0))).map((article) => article.key)).toEqual(['k1', 'k2', 'k3']);
    expect((await a.recentArticles(at(0)))[1]).toEqual(makeStoredArticle('k2', at(2)));
    // What a process prunes is gone from its own window at once.
    await a.prune({ seen: at(0), articles: at(2), deliveries: at(0) });
    expect((await a.recentArticles(at(0))).map((article) => article.key)).toEqual(['k2', 'k3']);
  });
});

describe('the pending-work sweeper', () => {
  let store: StateStore;
  let queue: JobQueue;
  let queued: string[];

  const setUp = () => {
    store = createSqliteStateStore(':memory:');
    queue = createInProcessQueue();
    queued = [];
    // Jobs are recorded, not run: the store keeps the work pending, as when its job was lost.
    queue.process('analyze', async (data) => void queued.push(`analyze ${data['key']}`), 1);
    queue.process('deliver', async (data) => void queued.push(`deliver ${data['articleKey']}|${data['channelId']}`), 1);
  };

  it('queues again what stayed pending from one sweep to the next, a few times at most', async () => {
    setUp();
    await store.recordSeen([], [makeArticle('lost')], at(0));
    const sweeper = createPendingSweeper(store, queue, { maxRequeues: 2 });
    expect(await sweeper.sweep()).toEqual({ articles: 0, deliveries: 0 });
    await store.recordSeen([], [makeArticle('new')], at(1));
    expect(await sweeper.sweep()).toEqual({ articles: 1, deliveries: 0 });
    await queue.drain();
    expect(queued).toEqual(['analyze lost']);
    // Still pending after being queued again: each is queued up to maxRequeues times, then left alone.
    expect(await sweeper.sweep()).toEqual({ articles: 2, deliveries: 0 });
    await queue.drain();
    expect(await sweeper.sweep()).toEqual({ articles: 1, deliveries: 0 });
    await queue.drain();
    expect(await sweeper.sweep()).toEqual({ articles: 0, deliveries: 0 });
    expect(queued).toEqual(['analyze lost', 'analyze lost', 'analyze new', 'analyze new']);
    await store.close();
  });

  it('right after the queues drained, queues everything pending; skips deliveries tried or held', async () => {
    setUp();
    await store.completeArticle('a1', makeStoredArticle('a1', at(0)), [
      makeDelivery('a1', 'never-tried', at(0)),
      makeDelivery('a1', 'tried', at(0), { attempts: 1 }),
      makeDelivery('a1', 'quiet', at(0)),
      makeDelivery('a1', 'sent', at(0), { status: 'sent' }),
    ]);
    const sweeper = createPendingSweeper(store, queue, { isHeld: (delivery) => delivery.channelId === 'quiet' });
    expect(await sweeper.sweep({ stale: 'all' })).toEqual({ articles: 0, deliveries: 1 });
    await queue.drain();
    expect(queued).toEqual(['deliver a1|never-tried']);
    await store.close();
  });
});
