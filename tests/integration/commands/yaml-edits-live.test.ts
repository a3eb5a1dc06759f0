import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/compose/app.js';
import { createApp } from '../../../src/compose/create-app.js';
import { parseEnvironment } from '../../../src/config/environment.js';
import { rssFeed, startFeedServer, type FeedServer } from '../../support/feed-server.js';
import { waitUntil } from '../../support/wait-until.js';

const item = (id: string, title: string): { guid: string; title: string; link: string; pubDate: string; html: string } => ({
  guid: id,
  title,
  link: `https://wire.example.test/${id}`,
  pubDate: new Date().toUTCString(),
  html: `<p>${title}. Officials confirmed it on Monday.</p>`,
});

describe('channels, digest schedules and restart-only settings on a YAML edit', () => {
  let dir: string;
  let feeds: FeedServer;
  let app: App;
  let printed = '';
  let logged = '';

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-live-yaml-'));
    feeds = await startFeedServer();
    feeds.route('/wire.xml', { body: rssFeed('Wire', []) });
    writeFileSync(
      join(dir, 'newswatch.yaml'),
      `defaults:\n  allow_private_addresses: true\n  teaser_words: 0\n  first_poll: all\nfeeds:\n  - url: ${feeds.url}/wire.xml\n    id: wire\nchannels:\n  console: { type: console }\ntopics:\n  - id: cyber\n    name: Cyber\n    query: ransomware\n    channels: [console]\nadmin_channel: console\n`,
    );
    const stdout = new PassThrough().setEncoding('utf8');
    const stderr = new PassThrough().setEncoding('utf8');
    stdout.on('data', (chunk: string) => (printed += chunk));
    stderr.on('data', (chunk: string) => (logged += chunk));
    app = createApp({ configPath: join(dir, 'newswatch.yaml'), dataDir: join(dir, 'data'), output: 'jsonl', logLevel: 'warn', environment: parseEnvironment({ PORT: '0', HOST: '127.0.0.1' }), stdout, stderr });
    await app.start();
    await app.queue.drain();
  });
  afterEach(async () => {
    await app.stop();
    await feeds.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const lines = (text: string): Record<string, unknown>[] =>
    text.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);

  it('a channel added with a digest schedule gets its own sink and schedule; restart-only settings are named in a warning', async () => {
    const configPath = join(dir, 'newswatch.yaml');
    const yaml = readFileSync(configPath, 'utf8')
      .replace('channels:\n', 'channels:\n  desk:\n    type: console\n    mode: digest\n    digest_schedule: "* * * * * *"\n')
      .replace('topics:\n', 'topics:\n  - id: ports\n    name: Ports\n    query: harbour\n    channels: [desk]\n')
      .concat('admin:\n  token: "0123456789abcdef-admin"\n');
    writeFileSync(configPath, yaml);
    await waitUntil(() => app.settings().channels.has('desk'), 'the desk channel is in force');

    feeds.route('/wire.xml', { body: rssFeed('Wire', [item('h-1', 'Harbour cranes stop')]) });
    const run = await app.runOnce();
    expect(run.failed).toEqual([]);
    await waitUntil(() => lines(printed).some((entry) => entry['type'] === 'digest' && entry['channelId'] === 'desk'), 'the desk digest is posted by its schedule');

    const warning = lines(logged).find((entry) => String(entry['msg']).startsWith('admin.token changed in the YAML but needs a restart'));
    expect(warning).toMatchObject({ level: 40, setting: 'admin.token' });
    expect(String(warning?.['msg'])).not.toContain('0123456789abcdef-admin');
    expect(lines(logged).filter((entry) => String(entry['msg']).includes('needs a restart')).map((entry) => entry['setting'])).toEqual(['admin.token']);
  });

  it('a channel whose sink cannot be built keeps the whole edit out and the last good configuration running', async () => {
    const configPath = join(dir, 'newswatch.yaml');
    const good = readFileSync(configPath, 'utf8');
    writeFileSync(
      configPath,
      good
        .replace('channels:\n', 'channels:\n  ops:\n    type: discord\n    webhook_url: https://example.org/not-a-webhook\n')
        .replace('query: ransomware', 'query: ransomware OR malware'),
    );
    expect(await app.reloadConfig()).toBe(false);
    expect(app.settings().channels.has('ops')).toBe(false);
    expect(app.settings().topics.find((topic) => topic.id === 'cyber')?.query).toBe('ransomware');
    const notice = lines(printed).find((entry) => entry['type'] === 'notice');
    expect(String(notice?.['text'])).toContain('configuration not reloaded, the last good one keeps running');
    expect(String(notice?.['text'])).toContain('webhookUrl is not a Discord webhook URL');
  });

  it('a worker process (no scheduler) follows YAML edits of the fetch settings too', async () => {
    const configPath = join(dir, 'newswatch.yaml');
    const worker = createApp({ configPath, dataDir: join(dir, 'worker-data'), output: 'jsonl', logLevel: 'silent', environment: parseEnvironment({}), stdout: new PassThrough(), stderr: new PassThrough() });
    try {
      await worker.start({ scheduler: false });
      expect(worker.settings().fetch?.allowPrivateAddresses).toBe(true);
      // The file watcher polls once a second against a first stat taken after start: an edit made before that
      // stat would be its baseline, not a change.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('allow_private_addresses: true', 'allow_private_addresses: false'));
      await waitUntil(() => worker.settings().fetch?.allowPrivateAddresses === false, 'the worker has the edited YAML');
    } finally {
      await worker.stop();
    }
  });
});
