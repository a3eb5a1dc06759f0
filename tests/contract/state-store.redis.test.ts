import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStateStore } from '../../src/adapters/state/redis-state-store.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix } from '../support/redis.js';
import { redisStoreFactory } from './redis-store-factory.js';
import { describeStateStoreContracts } from './state-store.contract.js';
import { withTwin } from './state-store-factory.js';
import { makeArticle, makeDelivery, makeStoredArticle } from './state-records.js';

let redis: Redis;

beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(() => {
  redis?.disconnect();
});

describeStateStoreContracts('redis', withTwin(redisStoreFactory(createRedisStateStore)));

describe('Redis state store', () => {
  it('expires seen keys, articles and finished deliveries by the retention in force when each is written', async () => {
    const prefix = createTestPrefix();
    const day = 86_400_000;
    let retention = { seenMs: 30 * day, articlesMs: 3 * day, deliveriesMs: 10 * day };
    const store = createRedisStateStore(redis, { prefix, retention: () => retention });
    const ttlDays = async (suffix: string): Promise<number> => (await redis.ttl(`${prefix}:${suffix}`)) / 86_400;
    try {
      await store.recordSeen(['before'], [makeArticle('a')], '2024-05-01T10:00:00.000Z');
      await store.completeArticle('a', makeStoredArticle('a', '2024-05-01T10:01:00.000Z'), [makeDelivery('a', 'c1', '2024-05-01T10:01:00.000Z', { status: 'sent' })]);
      expect(await ttlDays('seen:before')).toBeCloseTo(30, 2);
      expect(await ttlDays('article:a')).toBeCloseTo(3, 2);
      expect(await ttlDays('delivery:["a","c1"]')).toBeCloseTo(10, 2);

      // an edited YAML's retention reaches what is written next; what was written keeps its expiry
      retention = { seenMs: 200 * day, articlesMs: 14 * day, deliveriesMs: 60 * day };
      await store.recordSeen(['after'], [makeArticle('b')], '2024-05-02T10:00:00.000Z');
      await store.completeArticle('b', makeStoredArticle('b', '2024-05-02T10:01:00.000Z'), [makeDelivery('b', 'c1', '2024-05-02T10:01:00.000Z', { status: 'sent' })]);
      expect(await ttlDays('seen:after')).toBeCloseTo(200, 2);
      expect(await ttlDays('article:b')).toBeCloseTo(14, 2);
      expect(await ttlDays('delivery:["b","c1"]')).toBeCloseTo(60, 2);
      expect(await ttlDays('seen:before')).toBeCloseTo(30, 2);
    } finally {
      await deleteKeysWithPrefix(redis, prefix);
    }
  });

  it('hands each key to one process when several record the same items at once', async () => {
    const prefix = createTestPrefix();
    const others = await Promise.all([connectTestRedis(), connectTestRedis(), connectTestRedis()]);
    try {
      const stores = [redis, ...others].map((client) => createRedisStateStore(client, { prefix }));
      const articles = Array.from({ length: 200 }, (_, i) => makeArticle(`link:${i}`));
      const results = await Promise.all(
        stores.flatMap((store, s) => [0, 1].map((round) => store.recordSeen([], s % 2 === round ? articles : [...articles].reverse(), '2024-05-01T10:00:00.000Z'))),
      );
      const returned = results.flat().map((article) => article.key);
      expect(returned.length).toBe(200);
      expect(new Set(returned).size).toBe(200);
    } finally {
      for (const client of others) client.disconnect();
      await deleteKeysWithPrefix(redis, prefix);
    }
  });

  it('sets expiry only on what is needed for a window', async () => {
    const prefix = createTestPrefix();
    const store = createRedisStateStore(redis, { prefix, retention: () => ({ seenMs: 90 * 86_400_000, articlesMs: 7 * 86_400_000, deliveriesMs: 30 * 86_400_000 }) });
    try {
      await store.recordSeen(['seen-only'], [makeArticle('a')], '2024-05-01T10:00:00.000Z');
      await store.completeArticle('a', makeStoredArticle('a', '2024-05-01T10:01:00.000Z'), [
        makeDelivery('a', 'c1', '2024-05-01T10:01:00.000Z'),
      ]);
      const day = 86_400;
      const ttl = async (suffix: string): Promise<number> => redis.ttl(`${prefix}:${suffix}`);
      expect(await ttl('seen:seen-only')).toBeGreaterThan(89 * day);
      expect(await ttl('seen:seen-only')).toBeLessThanOrEqual(90 * day);
      expect(await ttl('article:a')).toBeGreaterThan(6 * day);
      expect(await ttl('article:a')).toBeLessThanOrEqual(7 * day);
      // A pending delivery is outstanding work and never expires; once sent it is kept for 30 days.
      expect(await ttl('delivery:["a","c1"]')).toBe(-1);
      const record = await store.getDelivery('a', 'c1');
      if (!record) throw new Error('delivery missing');
      await store.saveDelivery({ ...record, status: 'sent' });
      expect(await ttl('delivery:["a","c1"]')).toBeGreaterThan(29 * day);
    } finally {
      await deleteKeysWithPrefix(redis, prefix);
    }
  });

  it('drops index entries whose records expired', async () => {
    const prefix = createTestPrefix();
    const store = createRedisStateStore(redis, { prefix });
    try {
      await store.completeArticle('a', makeStoredArticle('a', '2024-05-01T10:01:00.000Z'), []);
      await store.completeArticle('b', makeStoredArticle('b', '2024-05-01T10:02:00.000Z'), []);
      await redis.del(`${prefix}:article:a`);
      expect((await store.recentArticles('2024-05-01T00:00:00.000Z')).map((article) => article.key)).toEqual(['b']);
      expect(await redis.zrange(`${prefix}:articles`, 0, -1)).toEqual(['b']);
    } finally {
      await deleteKeysWithPrefix(redis, prefix);
    }
  });
});
