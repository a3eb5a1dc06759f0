import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bullmqQueueName, checkRedisMemoryPolicy, createBullmqQueue } from '../../src/adapters/queue/bullmq-queue.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix, redisUrl } from '../support/redis.js';
import { describeJobQueueContract } from './job-queue.contract.js';

let redis: Redis;

beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(() => {
  redis?.disconnect();
});

describeJobQueueContract('bullmq', async (options) => {
  const prefix = createTestPrefix();
  const queue = createBullmqQueue({ connection: redisUrl, prefix, ...options });
  return {
    queue,
    dispose: async () => {
      await queue.close();
      await deleteKeysWithPrefix(redis, prefix);
    },
  };
});

describe('BullMQ queue across processes and outages', () => {
  it('drains work that another process runs', async () => {
    const prefix = createTestPrefix();
    const producer = createBullmqQueue({ connection: redisUrl, prefix });
    const worker = createBullmqQueue({ connection: redisUrl, prefix });
    try {
      const done: string[] = [];
      worker.process('analyze', async (data) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        done.push(data['key'] ?? '');
        if (data['key'] === 'a') await worker.add('analyze', 'b', { key: 'b' }, { delayMs: 100 });
      }, 2);
      await producer.add('analyze', 'a', { key: 'a' });
      await producer.drain();
      expect(done).toEqual(['a', 'b']);
    } finally {
      await producer.close();
      await worker.close();
      await deleteKeysWithPrefix(redis, prefix);
    }
  });

  it('fails fast while Redis is unreachable, and still closes', async () => {
    const errors: unknown[] = [];
    const queue = createBullmqQueue({
      connection: 'redis://127.0.0.1:1',
      prefix: createTestPrefix(),
      readyTimeoutMs: 300,
      onError: (_job, error) => errors.push(error),
    });
    const started = Date.now();
    await expect(queue.add('poll', 'feed-a', { feedId: 'feed-a' })).rejects.toThrow(/did not answer within 300 ms/);
    await expect(queue.drain()).rejects.toThrow(/did not answer/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(errors).toHaveLength(1);
    await queue.close();
  });

  it('keeps its jobs under its own prefix', async () => {
    const prefix = createTestPrefix();
    const queue = createBullmqQueue({ connection: redisUrl, prefix });
    try {
      await queue.add('poll', 'feed:with:colons', { feedId: 'x' });
      // SCAN pages through the whole keyspace, which other suites share: read every page.
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, page] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
        keys.push(...page);
        cursor = next;
      } while (cursor !== '0');
      expect(keys).toContain(`${prefix}:${bullmqQueueName('poll')}:feed%3Awith%3Acolons`);
      expect(keys.filter((key) => !key.startsWith(`${prefix}:newswatch-`))).toEqual([]);
    } finally {
      await queue.close();
      await deleteKeysWithPrefix(redis, prefix);
    }
  });
});

describe('checkRedisMemoryPolicy', () => {
  const withPolicy = (policy: string) => ({ info: async () => `# Memory\r\nused_memory:1\r\nmaxmemory_policy:${policy}\r\n` });

  it('warns unless Redis never evicts', async () => {
    expect(await checkRedisMemoryPolicy(withPolicy('noeviction'))).toBeNull();
    expect(await checkRedisMemoryPolicy(withPolicy('allkeys-lru'))).toMatch(/"allkeys-lru".*noeviction/);
    expect(await checkRedisMemoryPolicy({ info: async () => '# Memory\r\n' })).toMatch(/did not report/);
    expect(await checkRedisMemoryPolicy({ info: async () => Promise.reject(new Error('NOPERM')) })).toMatch(/could not read.*NOPERM/);
  });

  it('reads the policy of a real Redis', async () => {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    const warning = await checkRedisMemoryPolicy(redis);
    if (policy === 'noeviction') expect(warning).toBeNull();
    else expect(warning).toContain(policy);
  });
});
