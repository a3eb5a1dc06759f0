import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createRedisSubscriptionStore } from '../../src/adapters/state/redis-subscription-store.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix } from '../support/redis.js';
import { describeSubscriptionStoreContract } from './subscription-store.contract.js';

let redis: Redis;
const others: Redis[] = [];

beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(() => {
  redis?.disconnect();
  for (const client of others) client.disconnect();
});

describeSubscriptionStoreContract('redis', async () => {
  const prefix = createTestPrefix();
  return {
    store: createRedisSubscriptionStore(redis, { prefix }),
    // Another process: its own connection to the same Redis and prefix.
    reopen: async () => {
      const client = await connectTestRedis();
      others.push(client);
      return createRedisSubscriptionStore(client, { prefix });
    },
    dispose: async () => void (await deleteKeysWithPrefix(redis, prefix)),
  };
});
