import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/compose/app.js';
import { createApp } from '../../../src/compose/create-app.js';
import { parseEnvironment } from '../../../src/config/environment.js';
import { rssFeed, startFeedServer, type FeedServer } from '../../support/feed-server.js';
import { capture, cyberItem, writeConfig } from './harness.js';

interface Readiness {
  status: string;
  checks: { name: string; ok: boolean; error?: string }[];
}

describe('/healthz and /readyz on SQLite', () => {
  let server: FeedServer | null = null;
  let app: App | null = null;
  afterEach(async () => {
    await app?.stop().catch(() => undefined);
    await server?.close();
  });

  it('turns unready, naming the store, when the state store is gone; /healthz still answers', async () => {
    server = await startFeedServer();
    server.route('/wire.xml', { body: rssFeed('Wire', [cyberItem(1)]) });
    const dir = mkdtempSync(join(tmpdir(), 'nw-ready-'));
    const config = writeConfig(dir, [{ id: 'wire', url: `${server.url}/wire.xml` }]);
    app = createApp({
      configPath: config,
      dataDir: join(dir, 'data'),
      output: 'jsonl',
      logLevel: 'silent',
      environment: parseEnvironment({ PORT: '0', HOST: '127.0.0.1', REDIS_URL: '' }),
      stdout: capture().stream,
      stderr: capture().stream,
    });
    await app.start();
    await app.queue.drain();
    const base = `http://127.0.0.1:${app.httpPort()}`;
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as Readiness).checks.map((check) => [check.name, check.ok])).toEqual([
      ['config', true],
      ['store', true],
      ['queue', true],
    ]);

    await app.store.close();
    const unready = await fetch(`${base}/readyz`);
    expect(unready.status).toBe(503);
    const body = (await unready.json()) as Readiness;
    expect(body.status).toBe('unready');
    expect(body.checks.find((check) => check.name === 'store')).toMatchObject({ ok: false, error: expect.stringMatching(/not open|closed/i) });
    expect(body.checks.find((check) => check.name === 'queue')?.ok).toBe(true);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
