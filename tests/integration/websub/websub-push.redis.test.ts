import { createHmac } from 'node:crypto';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/compose/app.js';
import { createApp } from '../../../src/compose/create-app.js';
import { parseEnvironment } from '../../../src/config/environment.js';
import { startFeedServer } from '../../support/feed-server.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix, redisUrl } from '../../support/redis.js';
import { waitUntil } from '../../support/wait-until.js';
import { startWebSubHub } from '../../support/websub-hub.js';
import { capture, cyberItem, writeConfig, type Printed } from '../operations/harness.js';
import { feedWithHub, freePort, freshItem } from './harness.js';

let redis: Redis;
const prefix = createTestPrefix();
beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
});

describe('WebSub push with two schedulers sharing Redis', () => {
  it('asks the hub once, and either process takes a push with the shared secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-websub-redis-'));
    const feeds = await startFeedServer();
    const hub = await startWebSubHub();
    const topic = `${feeds.url}/wire.xml`;
    let body = feedWithHub('Wire', [cyberItem(1)], hub.url, topic);
    feeds.route('/wire.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body));
    const configPath = writeConfig(dir, [{ id: 'wire', url: topic, interval: '2s', first_poll: 'none' }]);
    appendFileSync(configPath, 'scheduler:\n  tick: 1s\n');
    const [portA, portB] = [await freePort(), await freePort()];
    const publicUrl = `http://127.0.0.1:${portA}`;
    const outputs = [capture(), capture()];
    const apps: App[] = [portA, portB].map((port, index) =>
      createApp({
        configPath,
        dataDir: join(dir, `data-${index}`),
        output: 'jsonl',
        logLevel: 'warn',
        environment: parseEnvironment({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: publicUrl, REDIS_URL: redisUrl, NEWSWATCH_REDIS_PREFIX: prefix }),
        stdout: (outputs[index] ?? capture()).stream,
        stderr: capture().stream,
      }),
    );
    const alerts = (): Printed[] =>
      outputs.flatMap((output) => output.text().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Printed)).filter((line) => line.type === 'alert');
    try {
      await Promise.all(apps.map((app) => app.start()));
      await waitUntil(() => hub.active(topic).length === 1, 'the hub verified the subscription');
      // both schedulers saw the hub; the request was claimed by one of them
      await waitUntil(async () => (await redis.hget(`${prefix}:feeds`, 'wire'))?.includes('"pushDeferred":true') === true, 'a poll put the next one off');
      expect(hub.requests).toHaveLength(1);
      const secret = hub.requests[0]?.secret ?? '';

      body = feedWithHub('Wire', [freshItem(2), cyberItem(1)], hub.url, topic);
      const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      // the process behind PUBLIC_URL is not the only one that can take it: B answers from the shared store
      const atB = await fetch(`http://127.0.0.1:${portB}/websub/wire`, { method: 'POST', headers: { 'x-hub-signature': signature, 'content-type': 'application/rss+xml' }, body });
      expect(atB.status).toBe(204);
      expect((await hub.publish(topic, body))[0]?.status).toBe(204);
      await waitUntil(() => alerts().length >= 1, 'the pushed article alerted');
      await Promise.all(apps.map((app) => app.queue.drain()));
      expect(alerts().map((alert) => alert.title)).toEqual(['Ransomware attack number 2 hits hospital network']);
    } finally {
      await Promise.all(apps.map((app) => app.stop()));
      await Promise.all([feeds.close(), hub.close()]);
    }
  });
});
