import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix } from '../support/redis.js';

/**
 * The factory a store contract runs on Redis with: a fresh prefix per test, `reopen` as another process (its own
 * connection to the same Redis and prefix), `dispose` deleting the prefix's keys. Registers the connections'
 * set-up and tear-down in the calling test file.
 */
export function redisStoreFactory<S>(create: (redis: Redis, options: { prefix: string }) => S): () => Promise<{ store: S; reopen: () => Promise<S>; dispose: () => Promise<void> }> {
  let redis: Redis;
  const others: Redis[] = [];
  beforeAll(async () => {
    redis = await connectTestRedis();
  });
  afterAll(() => {
    redis?.disconnect();
    for (const client of others) client.disconnect();
  });
  return async () => {
    const prefix = createTestPrefix();
    return {
      store: create(redis, { prefix }),
      reopen: async () => {
        const client = await connectTestRedis();
        others.push(client);
        return create(client, { prefix });
      },
      dispose: async () => void (await deleteKeysWithPrefix(redis, prefix)),
    };
  };
}
