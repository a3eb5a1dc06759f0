import { mkdtempSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rssFeed, startFeedServer, type FeedServer, type TestItem } from '../../support/feed-server.js';
import { cyberItem, runOnce, writeConfig } from './harness.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * MIN).toUTCString();
const untilNext = (nextPollAt: string | null | undefined, from: number): number => Date.parse(nextPollAt ?? '') - from;

describe('polite, adaptive polling', () => {
  let server: FeedServer;
  let dir: string;
  let dataDir: string;
  beforeEach(async () => {
    server = await startFeedServer();
    dir = mkdtempSync(join(tmpdir(), 'nw-polite-'));
    dataDir = join(dir, 'data');
  });
  afterEach(async () => server.close());

  it('honours Cache-Control max-age, Expires and the RSS ttl, also while the server answers 304', async () => {
    server.route('/max-age.xml', { body: rssFeed('A', [cyberItem(1)]), headers: { 'cache-control': 'public, max-age=1800' } });
    server.route('/expires.xml', {
      body: rssFeed('B', [cyberItem(2)]),
      headers: { date: new Date().toUTCString(), expires: new Date(Date.now() + 40 * MIN).toUTCString() },
    });
    const withTtl = rssFeed('C', [cyberItem(3)]).replace('<channel>', '<channel><ttl>45</ttl>');
    server.route('/ttl.xml', (req, res) => {
      if (req.headers['if-none-match'] === '"t1"') res.writeHead(304, { etag: '"t1"' }).end();
      else res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"t1"' }).end(withTtl);
    });
    const config = writeConfig(dir, [
      { id: 'max-age', url: `${server.url}/max-age.xml` },
      { id: 'expires', url: `${server.url}/expires.xml` },
      // a feed that set its own short interval still gets the ttl's floor
      { id: 'ttl', url: `${server.url}/ttl.xml`, interval: '2m' },
    ]);
    for (let round = 0; round < 2; round += 1) {
      const started = Date.now();
      const { states, logs } = await runOnce(config, dataDir);
      expect(untilNext(states.get('max-age')?.nextPollAt, started)).toBeGreaterThanOrEqual(30 * MIN - 1_000);
      expect(untilNext(states.get('expires')?.nextPollAt, started)).toBeGreaterThanOrEqual(39 * MIN);
      expect(untilNext(states.get('ttl')?.nextPollAt, started)).toBeGreaterThanOrEqual(45 * MIN - 1_000);
      if (round === 1) expect(logs.find((line) => line.feed === 'ttl')?.msg).toBe('feed not modified');
    }
  });

  it('waits as long as Retry-After asks after a 429 or 503, in seconds or as a date', async () => {
    server.route('/busy.xml', { status: 503, headers: { 'retry-after': '900' }, body: 'maintenance' });
    server.route('/limited.xml', { status: 429, headers: { 'retry-after': new Date(Date.now() + 2 * HOUR).toUTCString() }, body: 'slow down' });
    const config = writeConfig(dir, [
      { id: 'busy', url: `${server.url}/busy.xml` },
      { id: 'limited', url: `${server.url}/limited.xml` },
    ]);
    const started = Date.now();
    const { states, logs, result } = await runOnce(config, dataDir);
    expect(result.failed.map((failure) => failure.feedId).sort()).toEqual(['busy', 'limited']);
    expect(untilNext(states.get('busy')?.nextPollAt, started)).toBeGreaterThanOrEqual(15 * MIN);
    expect(untilNext(states.get('limited')?.nextPollAt, started)).toBeGreaterThanOrEqual(2 * HOUR - 5_000);
    expect(logs.find((line) => line.feed === 'busy' && line.msg === 'feed poll failed')).toMatchObject({ retryAfterSeconds: 900, code: 'feed_http_status' });
  });

  it('adapts each feed to how often it publishes, between min_interval and max_interval', async () => {
    const every = (minutes: number, count: number, prefix: string): TestItem[] =>
      Array.from({ length: count }, (_, n) => ({ guid: `${prefix}-${n}`, title: `Item ${n}`, link: `https://x.test/${prefix}/${n}`, pubDate: minutesAgo(minutes * (n + 1)) }));
    server.route('/busy.xml', { body: rssFeed('Busy', every(3, 20, 'busy')) });
    server.route('/steady.xml', { body: rssFeed('Steady', every(40, 20, 'steady')) });
    server.route('/weekly.xml', { body: rssFeed('Weekly', every(7 * 24 * 60, 5, 'weekly')) });
    server.route('/undated.xml', { body: rssFeed('Undated', [{ guid: 'u1', title: 'No date here', link: 'https://x.test/u1' }]) });
    const config = writeConfig(
      dir,
      [
        { id: 'busy', url: `${server.url}/busy.xml` },
        { id: 'steady', url: `${server.url}/steady.xml` },
        { id: 'weekly', url: `${server.url}/weekly.xml` },
        { id: 'undated', url: `${server.url}/undated.xml` },
        { id: 'pinned', url: `${server.url}/busy.xml`, interval: '3m' },
      ],
      { defaults: { interval: '10m', min_interval: '4m', max_interval: '2h' } },
    );
    const { states } = await runOnce(config, dataDir);
    expect(states.get('busy')?.intervalMs).toBe(4 * MIN);
    // twenty items over 800 minutes: a 40-minute gap, polled every 20 (give or take the test's own run time)
    expect(Math.abs((states.get('steady')?.intervalMs ?? 0) - 20 * MIN)).toBeLessThan(2_000);
    expect(states.get('weekly')?.intervalMs).toBe(2 * HOUR);
    expect(states.get('undated')?.intervalMs).toBe(10 * MIN);
    expect(states.get('pinned')?.intervalMs).toBe(3 * MIN);
    // the undated feed slows down while nothing changes
    const second = await runOnce(config, dataDir);
    expect(second.states.get('undated')?.intervalMs).toBe(12.5 * MIN);
  });

  it('spreads feeds over their interval instead of polling them all at once', async () => {
    const feeds = Array.from({ length: 40 }, (_, n) => ({ id: `feed-${n}`, url: `${server.url}/f${n}.xml`, interval: '10m' }));
    for (let n = 0; n < 40; n += 1) server.route(`/f${n}.xml`, { body: rssFeed(`F${n}`, [cyberItem(n)]) });
    const config = writeConfig(dir, feeds);
    const { states } = await runOnce(config, dataDir);
    const minutes = new Set([...states.values()].map((state) => Math.floor(Date.parse(state.nextPollAt ?? '') / MIN) % 10));
    // polled together, they come due in most of the ten minutes of their interval
    expect(minutes.size).toBeGreaterThanOrEqual(7);
  });

  it('keeps at most two requests in flight per host across feed polls and article page fetches', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = (body: string, type: string) => (_req: unknown, res: ServerResponse): void => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(200, { 'content-type': type }).end(body);
      }, 60);
    };
    const page = '<html><body><article><p>Hackers broke into the port authority network and stole manifests, officials said on Monday.</p></article></body></html>';
    for (let n = 0; n < 6; n += 1) {
      server.route(`/f${n}.xml`, slow(rssFeed(`F${n}`, [cyberItem(n, { link: `${server.url}/page/${n}`, html: 'Teaser.' })]), 'application/rss+xml'));
      server.route(`/page/${n}`, slow(page, 'text/html'));
    }
    const config = writeConfig(
      dir,
      Array.from({ length: 6 }, (_, n) => ({ id: `f${n}`, url: `${server.url}/f${n}.xml` })),
      { defaults: { teaser_words: 50 } },
    );
    const { alerts } = await runOnce(config, dataDir);
    expect(alerts).toHaveLength(6);
    expect(server.requests.filter((request) => request.path.startsWith('/page/'))).toHaveLength(6);
    expect(most).toBe(2);
  });
});
