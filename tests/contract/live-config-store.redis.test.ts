import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createRedisLiveConfigStore } from '../../src/adapters/state/redis-live-config-store.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix } from '../support/redis.js';
import { describeLiveConfigStoreContract } from './live-config-store.contract.js';

let redis: Redis;
const others: Redis[] = [];

beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(() => {
  redis?.disconnect();
  for (const client of others) client.disconnect();
});

describeLiveConfigStoreContract('redis', async () => {
  const prefix = createTestPrefix();
  return {
    store: createRedisLiveConfigStore(redis, { prefix }),
    // Another process: its own connection to the same Redis and prefix.
    reopen: async () => {
      const client = await connectTestRedis();
      others.push(client);
      return createRedisLiveConfigStore(client, { prefix });
    },
    dispose: async () => void (await deleteKeysWithPrefix(redis, prefix)),
  };
});
