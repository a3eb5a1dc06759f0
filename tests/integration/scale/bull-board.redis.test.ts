import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountAdminQueues, type AdminQueuesOptions } from '../../../src/adapters/http/bull-board.js';
import { createHttpServer } from '../../../src/adapters/http/http-server.js';
import { bullmqQueueName, createBullmqQueue } from '../../../src/adapters/queue/bullmq-queue.js';
import { createRedisClient } from '../../../src/adapters/queue/redis-connection.js';
import type { JobQueue } from '../../../src/ports/job-queue.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix, redisUrl } from '../../support/redis.js';

const TOKEN = 'board-test-token-abcdefghijklmnop';

/** Serves the admin route on a local port for one test; returns its base URL and how to stop. */
async function serveAdmin(options: AdminQueuesOptions): Promise<{ base: string; stop: () => Promise<void> }> {
  const http = createHttpServer({ port: 0, host: '127.0.0.1', readiness: [] });
  const admin = mountAdminQueues(http.app, options);
  const { port } = await http.listen();
  return {
    base: `http://127.0.0.1:${port}/admin/queues`,
    stop: async () => {
      await http.close();
      await admin.close();
    },
  };
}

describe('Bull Board at /admin/queues', () => {
  let redis: Redis;
  let queue: JobQueue;
  const prefix = createTestPrefix();
  const bullmq = { openConnection: () => createRedisClient(redisUrl, 'producer'), prefix, queueNames: (['poll', 'analyze', 'deliver'] as const).map((name) => bullmqQueueName(name)) };

  beforeAll(async () => {
    redis = await connectTestRedis();
    queue = createBullmqQueue({ connection: redisUrl, prefix });
    await queue.add('poll', 'feed-a', { feedId: 'feed-a' }, { delayMs: 60_000 });
  });
  afterAll(async () => {
    await queue?.close();
    if (redis) await deleteKeysWithPrefix(redis, prefix);
    redis?.disconnect();
  });

  it('answers 404 saying why in memory mode, and when no token is configured', async () => {
    const memory = await serveAdmin({ token: TOKEN, bullmq: null });
    const off = await serveAdmin({ token: null, bullmq });
    try {
      const inMemory = await fetch(memory.base, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(inMemory.status).toBe(404);
      expect(((await inMemory.json()) as { error: string }).error).toMatch(/needs the Redis backend/);
      const disabled = await fetch(`${off.base}/api/queues`);
      expect(disabled.status).toBe(404);
      expect(((await disabled.json()) as { error: string }).error).toMatch(/set admin\.token/);
    } finally {
      await memory.stop();
      await off.stop();
    }
  });

  it('refuses requests without the token, the page and its API alike', async () => {
    const board = await serveAdmin({ token: TOKEN, bullmq });
    try {
      for (const path of ['', '/', '/api/queues', '/static/js/main.js']) {
        const response = await fetch(`${board.base}${path}`);
        expect(response.status, path).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
      expect((await fetch(board.base, { headers: { authorization: 'Bearer not-the-token-at-all-0000' } })).status).toBe(401);
      expect((await fetch(`${board.base}?token=wrong`)).status).toBe(401);
      expect((await fetch(board.base, { headers: { cookie: 'newswatch_admin=forged' } })).status).toBe(401);
    } finally {
      await board.stop();
    }
  });

  it('shows the BullMQ queues to a Bearer token, and to a browser that opened ?token= once', async () => {
    const board = await serveAdmin({ token: TOKEN, bullmq });
    try {
      const api = await fetch(`${board.base}/api/queues`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(api.status).toBe(200);
      const queues = ((await api.json()) as { queues: { name: string; counts: Record<string, number> }[] }).queues;
      expect(queues.map((entry) => entry.name).sort()).toEqual(['newswatch-analyze', 'newswatch-deliver', 'newswatch-poll']);
      expect(queues.find((entry) => entry.name === 'newswatch-poll')?.counts['delayed']).toBe(1);

      const link = await fetch(`${board.base}?token=${TOKEN}&x=1`, { redirect: 'manual' });
      expect(link.status).toBe(303);
      expect(link.headers.get('location')).toBe('/admin/queues?x=1');
      const setCookie = link.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Strict/i);
      expect(setCookie).toMatch(/Path=\/admin\/queues/);
      expect(setCookie).not.toContain(TOKEN);
      const cookie = setCookie.split(';')[0] ?? '';

      const page = await fetch(board.base, { headers: { cookie } });
      expect(page.status).toBe(200);
      const html = await page.text();
      // The page's own scripts (relative to its <base href>) load with the cookie alone.
      const baseHref = /<base href="([^"]+)"/.exec(html)?.[1] ?? '';
      const script = /src="(static\/js\/main[^"]+\.js)"/.exec(html)?.[1];
      expect(baseHref).toMatch(/^\/admin\/queues\/?$/);
      expect(script).toBeDefined();
      const asset = await fetch(new URL(`${baseHref.replace(/\/?$/, '/')}${script ?? ''}`, board.base), { headers: { cookie } });
      expect(asset.status).toBe(200);
      expect((await fetch(`${board.base}/api/queues`, { headers: { cookie } })).status).toBe(200);
    } finally {
      await board.stop();
    }
  });
});
