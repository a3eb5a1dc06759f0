import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../support/feed-server.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix, redisUrl } from '../../support/redis.js';
import { startNewswatch, tallyAlerts, type NewswatchProcess } from './processes.js';
import { generateWorkload, serveWorkload, writeScaleConfig } from './workload.js';

const INTERVAL_MS = 3_000;
const WATCH_MS = 10_000;
const TOKEN = 'scale-test-admin-token-0123456789';

describe('two processes running the scheduler on one Redis', () => {
  let redis: Redis;
  let server: FeedServer;
  let dir: string;
  const prefix = createTestPrefix();
  const running: NewswatchProcess[] = [];

  beforeAll(async () => {
    redis = await connectTestRedis();
    server = await startFeedServer();
    dir = mkdtempSync(join(tmpdir(), 'nw-scale-d-'));
  });
  afterAll(async () => {
    await Promise.all(running.splice(0).map((process) => process.stop('SIGKILL')));
    await server?.close();
    if (redis) await deleteKeysWithPrefix(redis, prefix);
    redis?.disconnect();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('fetches each feed once per interval, alerts each article once, and serves the queue dashboard', async () => {
    const workload = generateWorkload({ feeds: 10, items: 2, tag: 'd' });
    const hits = serveWorkload(server, workload);
    // The scheduler looks for due feeds every second here (10 s by default), so several intervals fit in the test.
    const configPath = writeScaleConfig(dir, server.url, workload, { interval: `${INTERVAL_MS / 1_000}s`, tick: '1s', adminToken: TOKEN });
    const env = { REDIS_URL: redisUrl, NEWSWATCH_REDIS_PREFIX: prefix, PORT: '0', HOST: '127.0.0.1' };
    const args = ['--config', configPath, '--data-dir', join(dir, 'data'), 'run'];
    const schedulers = ['s1', 's2'].map((name) => startNewswatch(name, args, env));
    running.push(...schedulers);
    const listening = await Promise.all(schedulers.map((scheduler) => scheduler.waitForLog('HTTP listener ready')));
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, WATCH_MS));

    const port = Number(listening[0]?.['port']);
    const base = `http://127.0.0.1:${port}/admin/queues`;
    const refused = await fetch(base);
    const page = await fetch(base, { headers: { authorization: `Bearer ${TOKEN}` } });
    const api = await fetch(`${base}/api/queues`, { headers: { authorization: `Bearer ${TOKEN}` } });

    const exits = await Promise.all(schedulers.map((scheduler) => scheduler.stop('SIGTERM')));
    expect(exits).toEqual([{ code: 0, signal: null }, { code: 0, signal: null }]);

    for (const [feedId, times] of hits) {
      const gaps = times.slice(1).map((time, index) => time - (times[index] ?? 0));
      // Each feed comes round once per interval (its next poll may move by up to half an interval, to the feed's
      // own phase); two schedulers fetching it would show as two requests within moments of each other.
      expect(Math.min(...gaps), `${feedId} fetched twice within an interval: ${gaps.join(', ')} ms`).toBeGreaterThanOrEqual(INTERVAL_MS / 2 - 100);
      expect(times.length, `${feedId} fetches`).toBeGreaterThanOrEqual(2);
      expect(times.length, `${feedId} fetches`).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / INTERVAL_MS) + 2);
    }
    const tally = tallyAlerts(schedulers, workload.titles);
    expect(tally.missing).toEqual([]);
    expect(tally.duplicates).toBe(0);

    expect(refused.status).toBe(401);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    expect(api.status).toBe(200);
    const queues = ((await api.json()) as { queues: { name: string }[] }).queues.map((queue) => queue.name).sort();
    expect(queues).toEqual(['newswatch-analyze', 'newswatch-deliver', 'newswatch-poll']);
  });
});
