import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/compose/app.js';
import { createApp } from '../../../src/compose/create-app.js';
import { parseEnvironment } from '../../../src/config/environment.js';
import { rssFeed, startFeedServer, type FeedServer } from '../../support/feed-server.js';

describe('a config file saved empty while newswatch runs', () => {
  let dir: string;
  let feeds: FeedServer;
  let app: App;
  let printed = '';

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-empty-reload-'));
    feeds = await startFeedServer();
    feeds.route('/wire.xml', { body: rssFeed('Wire', []) });
    writeFileSync(
      join(dir, 'newswatch.yaml'),
      `defaults:\n  allow_private_addresses: true\nfeeds:\n  - url: ${feeds.url}/wire.xml\n    id: wire\nchannels:\n  console: { type: console }\ntopics:\n  - id: cyber\n    name: Cyber\n    query: ransomware\n    channels: [console]\nadmin_channel: console\n`,
    );
    const stdout = new PassThrough().setEncoding('utf8');
    stdout.on('data', (chunk: string) => (printed += chunk));
    app = createApp({ configPath: join(dir, 'newswatch.yaml'), dataDir: join(dir, 'data'), output: 'jsonl', logLevel: 'silent', environment: parseEnvironment({ PORT: '0', HOST: '127.0.0.1' }), stdout, stderr: new PassThrough() });
    await app.start();
    await app.queue.drain();
  });
  afterEach(async () => {
    await app.stop();
    await feeds.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is refused like a broken one: the last good configuration keeps running and the admins are told why', async () => {
    writeFileSync(join(dir, 'newswatch.yaml'), '');
    expect(await app.reloadConfig()).toBe(false);
    expect(app.settings().feeds.map((feed) => feed.id)).toEqual(['wire']);
    expect(app.settings().topics.map((topic) => topic.id)).toEqual(['cyber']);
    const notice = printed
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type: string; text: string })
      .find((entry) => entry.type === 'notice');
    expect(notice?.text).toContain('configuration not reloaded, the last good one keeps running');
    expect(notice?.text).toContain('newswatch.yaml: no feeds and no topics (is the file empty?)');
  });
});
