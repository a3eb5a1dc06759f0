import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/compose/create-app.js';
import { parseEnvironment } from '../../../src/config/environment.js';
import { rssFeed, startFeedServer, type FeedServer, type TestItem } from '../../support/feed-server.js';

interface Printed {
  type: string;
  articleKey: string;
  title: string;
  topics: { id: string }[];
}

function capture(): { stream: PassThrough; lines: () => Printed[] } {
  const stream = new PassThrough();
  let text = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return { stream, lines: () => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Printed) };
}

const recent = (hoursAgo: number): string => new Date(Date.now() - hoursAgo * 3_600_000).toUTCString();

const cyberItem = (n: number): TestItem => ({
  guid: `cyber-${n}`,
  title: `Ransomware attack number ${n} hits hospital network`,
  link: `https://news.example.test/cyber/${n}`,
  pubDate: recent(1),
  html: `<p>A ransomware attack hit hospital network ${n} on Monday, encrypting patient records, officials said.</p><p>Hackers demanded a ransom in bitcoin.</p>`,
});

function writeConfig(dir: string, feeds: { url: string; id: string; first_poll?: string }[], teaserWords = 0): string {
  const path = join(dir, 'newswatch.yaml');
  const feedLines = feeds.map((feed) => `  - url: ${feed.url}\n    id: ${feed.id}${feed.first_poll ? `\n    first_poll: ${feed.first_poll}` : ''}`).join('\n');
  writeFileSync(
    path,
    `defaults:\n  allow_private_addresses: true\n  fetch_timeout: 3s\n  teaser_words: ${teaserWords}\nfeeds:\n${feedLines}\nchannels:\n  console: { type: console }\ntopics:\n  - id: cyber\n    name: Cyber attacks\n    query: ransomware OR hacker* OR cyber*\n    channels: [console]\n`,
  );
  return path;
}

describe('run --once against local feeds', () => {
  let server: FeedServer;
  let dir: string;
  beforeEach(async () => {
    server = await startFeedServer();
    dir = mkdtempSync(join(tmpdir(), 'nw-run-'));
  });
  afterEach(async () => server.close());

  const runOnce = async (configPath: string) => {
    const out = capture();
    const app = createApp({ configPath, dataDir: join(dir, 'data'), output: 'jsonl', logLevel: 'silent', environment: parseEnvironment({}), stdout: out.stream, stderr: new PassThrough() });
    const result = await app.runOnce();
    await app.stop();
    return { result, alerts: out.lines().filter((line) => line.type === 'alert') };
  };

  it('alerts each new article once, and nothing on the second run; the 304 is not parsed', async () => {
    const feed = rssFeed('Cyber Wire', [cyberItem(1), cyberItem(2)]);
    let served = 0;
    server.route('/cyber.xml', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      served += 1;
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(feed);
    });
    const config = writeConfig(dir, [{ url: `${server.url}/cyber.xml`, id: 'cyber-wire' }]);

    const first = await runOnce(config);
    expect(first.result.failed).toEqual([]);
    expect(first.alerts.map((alert) => alert.title).sort()).toEqual([
      'Ransomware attack number 1 hits hospital network',
      'Ransomware attack number 2 hits hospital network',
    ]);
    expect(first.alerts[0]?.topics.map((topic) => topic.id)).toEqual(['cyber']);

    const second = await runOnce(config);
    expect(second.alerts).toEqual([]);
    expect(served).toBe(1);
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');
  });

  it('alerts only the new item when a feed gains one', async () => {
    server.route('/cyber.xml', { body: rssFeed('Cyber Wire', [cyberItem(1)]) });
    const config = writeConfig(dir, [{ url: `${server.url}/cyber.xml`, id: 'cyber-wire' }]);
    expect((await runOnce(config)).alerts).toHaveLength(1);
    server.route('/cyber.xml', { body: rssFeed('Cyber Wire', [cyberItem(3), cyberItem(1)]) });
    const second = await runOnce(config);
    expect(second.alerts.map((alert) => alert.title)).toEqual(['Ransomware attack number 3 hits hospital network']);
  });

  it('on the first poll alerts only items from the last 24 hours, and records the older ones as seen', async () => {
    const old = { ...cyberItem(9), pubDate: recent(72) };
    server.route('/cyber.xml', { body: rssFeed('Cyber Wire', [cyberItem(1), old]) });
    const config = writeConfig(dir, [{ url: `${server.url}/cyber.xml`, id: 'cyber-wire' }]);
    expect((await runOnce(config)).alerts.map((alert) => alert.title)).toEqual(['Ransomware attack number 1 hits hospital network']);
    expect((await runOnce(config)).alerts).toEqual([]);
  });

  it('keeps polling the other feeds when one returns garbage, and reports the bad one', async () => {
    server.route('/good.xml', { body: rssFeed('Good', [cyberItem(1)]) });
    server.route('/garbage.xml', { body: '<html><body>Not a feed at all</body></html>', headers: { 'content-type': 'text/html' } });
    server.route('/broken.xml', { body: '<rss><channel><item><title>unclosed' });
    const config = writeConfig(dir, [
      { url: `${server.url}/garbage.xml`, id: 'garbage' },
      { url: `${server.url}/good.xml`, id: 'good' },
      { url: `${server.url}/broken.xml`, id: 'broken' },
      { url: `${server.url}/missing.xml`, id: 'missing' },
    ]);
    const { result, alerts } = await runOnce(config);
    expect(alerts.map((alert) => alert.title)).toEqual(['Ransomware attack number 1 hits hospital network']);
    expect(result.failed.map((failure) => failure.feedId).sort()).toEqual(['broken', 'garbage', 'missing']);
    expect(result.failed.find((failure) => failure.feedId === 'missing')?.error).toMatch(/404/);
  });

  it('fetches the article page when the feed carries only a teaser, and analyses the page text', async () => {
    const page = `<!doctype html><html><head><title>Breach</title></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
      <article><h1>Hackers breach port authority</h1>
      <p>Hackers breached the port authority's network on Monday and stole shipping manifests, the authority said in a statement.</p>
      <p>“We are working with national cyber security officials to restore our systems,” said Maria Jensen, the authority's chief executive.</p>
      <p>The attack disrupted container handling for several hours, and investigators have not yet named the group responsible for it.</p>
      <p>Security researchers said the intrusion resembled earlier ransomware campaigns against logistics firms across northern Europe this year.</p></article>
      <footer>Subscribe to our newsletter</footer></body></html>`;
    server.route('/articles/port', { body: page, headers: { 'content-type': 'text/html; charset=utf-8' } });
    server.route('/cyber.xml', {
      body: rssFeed('Cyber Wire', [{ guid: 'port-1', title: 'Hackers breach port authority', link: `${server.url}/articles/port`, pubDate: recent(1), html: 'Port authority hit.' }]),
    });
    const config = writeConfig(dir, [{ url: `${server.url}/cyber.xml`, id: 'cyber-wire' }], 150);
    const out = capture();
    const app = createApp({ configPath: config, dataDir: join(dir, 'data'), output: 'jsonl', logLevel: 'silent', environment: parseEnvironment({}), stdout: out.stream, stderr: new PassThrough() });
    await app.runOnce();
    await app.stop();
    const [alert] = out.lines() as unknown as { summary: string[]; quotes: { text: string; speaker: string | null }[] }[];
    expect(alert?.summary[0]).toContain('stole shipping manifests');
    expect(alert?.quotes).toContainEqual(expect.objectContaining({ speaker: 'Maria Jensen' }));
    expect(server.requests.some((request) => request.path === '/articles/port')).toBe(true);
  });

  it('alerts an item without a guid once, keyed by its link', async () => {
    const { guid: _guid, ...noGuid } = cyberItem(5);
    server.route('/cyber.xml', { body: rssFeed('Cyber Wire', [noGuid]) });
    const config = writeConfig(dir, [{ url: `${server.url}/cyber.xml`, id: 'cyber-wire' }]);
    const first = await runOnce(config);
    expect(first.alerts).toHaveLength(1);
    expect(first.alerts[0]?.articleKey.startsWith('link:')).toBe(true);
    expect((await runOnce(config)).alerts).toEqual([]);
  });
});
