import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * The Redis the tests use: the one the run's global setup started (tests/support/global-redis.ts), or the
 * throwaway one TEST_REDIS_URL names. Never a default address: that could be somebody's production Redis.
 */
function testRedisUrl(): string {
  const url = process.env['TEST_REDIS_URL'];
  if (!url) {
    throw new Error('TEST_REDIS_URL is not set: run the tests with `npm test`, which starts a redis-server of its own, or set TEST_REDIS_URL to a throwaway Redis');
  }
  return url;
}

export const redisUrl = testRedisUrl();

/**
 * Connects to the test Redis, or fails with how to start one: suites that need Redis fail rather than skip, so a
 * missing Redis never passes for green.
 */
export async function connectTestRedis(): Promise<Redis> {
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `The test Redis did not answer at ${redisUrl} (${reason}). \`npm test\` starts its own redis-server; ` +
        'check that redis-server is installed (`apt-get install redis-server`), or set TEST_REDIS_URL to a running throwaway Redis.',
    );
  }
  return redis;
}

/** A key prefix of its own for one test, so test files running in parallel never see each other's keys. */
export function createTestPrefix(): string {
  return `newswatch-test-${randomBytes(6).toString('hex')}`;
}

/** Deletes every key under `prefix`; returns how many went. */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
    cursor = next;
    if (found.length > 0) deleted += await redis.unlink(...found);
  } while (cursor !== '0');
  return deleted;
}
