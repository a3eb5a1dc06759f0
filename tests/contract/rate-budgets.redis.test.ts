import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRateBudgets } from '../../src/adapters/budgets/redis-rate-budgets.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix } from '../support/redis.js';
import { describeRateBudgetsContract } from './rate-budgets.contract.js';

let redis: Redis;

beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(() => {
  redis?.disconnect();
});

// Two instances on two connections under one prefix: two processes sharing the budgets.
describeRateBudgetsContract('redis', async () => {
  const prefix = createTestPrefix();
  const twinClient = await connectTestRedis();
  return {
    budgets: createRedisRateBudgets(redis, { prefix }),
    twin: createRedisRateBudgets(twinClient, { prefix }),
    dispose: async () => {
      twinClient.disconnect();
      await deleteKeysWithPrefix(redis, prefix);
    },
  };
});

describe('rate budgets in Redis', () => {
  it('keep each budget in one hash that expires a minute after what it holds has ended', async () => {
    const prefix = createTestPrefix();
    const budgets = createRedisRateBudgets(redis, { prefix });
    try {
      const lease = await budgets.acquire('slack:channel', { concurrent: 1, spacingMs: 1_100, holdMs: 15_000 });
      expect(await redis.pttl(`${prefix}:budget:slack:channel`)).toBeGreaterThan(15_000 + 55_000);
      await lease.release({ pauseMs: 30_000 });
      expect(await redis.pttl(`${prefix}:budget:slack:channel`)).toBeGreaterThan(30_000 + 55_000);
      await budgets.spend('discord:global', { limit: 50, windowMs: 1_000 });
      const ttl = await redis.pttl(`${prefix}:budget:discord:global`);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(61_000);
      expect((await redis.keys(`${prefix}:*`)).sort()).toEqual([`${prefix}:budget:discord:global`, `${prefix}:budget:slack:channel`]);
    } finally {
      await deleteKeysWithPrefix(redis, prefix);
    }
  });
});
