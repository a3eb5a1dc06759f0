import { PassThrough } from 'node:stream';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/compose/create-app.js';
import { parseEnvironment } from '../../../src/config/environment.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix, redisUrl } from '../../support/redis.js';
import { createHarness } from './harness.js';
import { slackReplyText } from './platform-requests.js';

describe('live configuration on Redis', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await connectTestRedis();
  });
  afterAll(() => redis?.disconnect());

  it('a change made through one process reaches every other process within 5 seconds, and survives them all', async () => {
    const prefix = createTestPrefix();
    const h = await createHarness();
    Object.assign(h.env, { REDIS_URL: redisUrl, NEWSWATCH_REDIS_PREFIX: prefix });
    h.serve([]);
    const worker = createApp({ configPath: h.configPath, dataDir: h.dataDir, output: 'jsonl', logLevel: 'silent', environment: parseEnvironment(h.env), stdout: new PassThrough(), stderr: new PassThrough() });
    try {
      expect(worker.backend).toBe('redis');
      await worker.start({ scheduler: false });
      await h.start();
      const added = await h.slack('/topic add stuxnet');
      expect(slackReplyText(added.body)).toContain('Topic stuxnet added by alice');
      const changedAt = Date.now();
      while (!worker.settings().topics.some((topic) => topic.id === 'stuxnet')) {
        expect(Date.now() - changedAt).toBeLessThan(5_000);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(worker.settings().topicIndex.topics.map((topic) => topic.id)).toContain('stuxnet');

      await h.slack('/topic mute sanctions 1h');
      const mutedAt = Date.now();
      while (worker.settings().topics.find((topic) => topic.id === 'sanctions')?.mutedUntil == null) {
        expect(Date.now() - mutedAt).toBeLessThan(5_000);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      await h.stop();
      await worker.stop();
      await h.start();
      const listed = slackReplyText((await h.slack('/topic list')).body);
      expect(listed).toContain('*stuxnet* added from chat by alice (Slack)');
      expect(listed).toMatch(/\*sanctions\* from the YAML, changed from chat by alice \(Slack\) on .* → analysts, muted until/);
      expect(await redis.get(`${prefix}:live:version`)).toBe('2');
    } finally {
      await worker.stop();
      await h.close();
      await deleteKeysWithPrefix(redis, prefix);
    }
  });
});
