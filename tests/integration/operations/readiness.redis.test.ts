import { mkdtempSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/compose/app.js';
import { createApp } from '../../../src/compose/create-app.js';
import { parseEnvironment } from '../../../src/config/environment.js';
import { rssFeed, startFeedServer, type FeedServer } from '../../support/feed-server.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix, redisUrl } from '../../support/redis.js';
import { capture, cyberItem, writeConfig } from './harness.js';

/** A TCP relay to the test Redis that can be cut, so "Redis is down" is tested without touching the real server. */
interface RedisRelay {
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

async function startRelay(): Promise<RedisRelay> {
  const target = new URL(redisUrl);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = async (): Promise<void> => {
    if (server) return;
    server = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
    });
    const listening = server;
    await new Promise<void>((resolve, reject) => listening.once('error', reject).listen(port, '127.0.0.1', resolve));
    port = (server?.address() as { port: number }).port;
  };
  const cut = async (): Promise<void> => {
    const closing = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (closing ? closing.close(() => resolve()) : resolve()));
  };
  await listen();
  return { url: `redis://127.0.0.1:${port}`, cut, restore: listen, close: cut };
}

describe('/readyz with Redis', () => {
  let redis: Redis;
  let prefix: string;
  let relay: RedisRelay;
  let server: FeedServer;
  let app: App | null = null;
  beforeEach(async () => {
    redis = await connectTestRedis();
    prefix = createTestPrefix();
    relay = await startRelay();
    server = await startFeedServer();
  });
  afterEach(async () => {
    await relay.restore().catch(() => undefined);
    await app?.stop().catch(() => undefined);
    app = null;
    await relay.close();
    await server.close();
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  });

  it('turns unready naming the store and the queue while Redis is down, and ready again once it is back', async () => {
    server.route('/wire.xml', { body: rssFeed('Wire', [cyberItem(1)]) });
    const dir = mkdtempSync(join(tmpdir(), 'nw-ready-redis-'));
    const config = writeConfig(dir, [{ id: 'wire', url: `${server.url}/wire.xml` }]);
    app = createApp({
      configPath: config,
      dataDir: join(dir, 'data'),
      output: 'jsonl',
      logLevel: 'silent',
      environment: parseEnvironment({ PORT: '0', HOST: '127.0.0.1', REDIS_URL: relay.url, NEWSWATCH_REDIS_PREFIX: prefix }),
      stdout: capture().stream,
      stderr: capture().stream,
    });
    expect(app.backend).toBe('redis');
    await app.start();
    await app.queue.drain();
    const readyz = async (): Promise<{ status: number; failing: string[] }> => {
      const response = await fetch(`http://127.0.0.1:${app?.httpPort()}/readyz`);
      const body = (await response.json()) as { checks: { name: string; ok: boolean }[] };
      return { status: response.status, failing: body.checks.filter((check) => !check.ok).map((check) => check.name) };
    };
    expect(await readyz()).toEqual({ status: 200, failing: [] });

    await relay.cut();
    expect(await readyz()).toEqual({ status: 503, failing: ['store', 'queue'] });

    await relay.restore();
    const deadline = Date.now() + 15_000;
    let answer = await readyz();
    while (answer.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await readyz();
    }
    expect(answer).toEqual({ status: 200, failing: [] });
  });
});
