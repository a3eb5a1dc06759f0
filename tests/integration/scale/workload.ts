import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rssFeed, type FeedServer, type TestItem } from '../../support/feed-server.js';

/** A generated set of feeds: every item is new, matches the `cyber` topic, and tells a story of its own. */
export interface Workload {
  feeds: { id: string; path: string; body: string }[];
  /** Every item's title, each unique: one alert per title is the expected outcome. */
  titles: string[];
}

const OPENINGS = ['Hackers hit', 'Ransomware cripples', 'Intruders breach', 'Cyber attack disrupts', 'Extortion gang targets'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ten', 'dar', 'vel', 'sor', 'pin', 'gu', 'fa', 'ne', 'ri', 'to', 'bar', 'lek', 'mos'];
// Made-up words (4,096 of them), so the generated stories share almost no vocabulary and group apart.
const WORDS = SYLLABLES.flatMap((a) => SYLLABLES.flatMap((b) => SYLLABLES.map((c) => `${a}${b}${c}`)));

/** A small deterministic generator (xorshift), so a workload is the same on every run. */
export function createRandom(seed: number): (n: number) => number {
  let state = seed >>> 0 || 1;
  return (n) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

/** `feeds` RSS feeds of `items` new items each, every one its own story. */
export function generateWorkload(options: { feeds: number; items: number; seed?: number; tag?: string }): Workload {
  const pick = createRandom(options.seed ?? 7);
  const choose = <T>(list: readonly T[]): T => list[pick(list.length)] as T;
  const words = (n: number): string => Array.from({ length: n }, () => choose(WORDS)).join(' ');
  const tag = options.tag ?? 'w';
  const published = new Date().toUTCString();
  const feeds: Workload['feeds'] = [];
  const titles: string[] = [];
  for (let f = 0; f < options.feeds; f += 1) {
    const items: TestItem[] = [];
    for (let i = 0; i < options.items; i += 1) {
      const title = `${choose(OPENINGS)} ${words(5)} (${tag} ${f}-${i})`;
      titles.push(title);
      items.push({
        guid: `${tag}-${f}-${i}`,
        title,
        link: `https://news.example.test/${tag}/${f}/${i}`,
        pubDate: published,
        html:
          `<p>The ${words(14)} after a cyber attack, officials said.</p>` +
          `<p>"We are restoring the ${words(6)}," a spokesperson said.</p><p>The ${words(9)}.</p><p>Investigators said the ${words(9)}.</p>`,
      });
    }
    feeds.push({ id: `${tag}-feed-${f}`, path: `/${tag}/feed-${f}.xml`, body: rssFeed(`Wire ${f}`, items) });
  }
  return { feeds, titles };
}

/**
 * Serves every feed of a workload, with an ETag so later polls of an unchanged feed cost a 304. Returns when each
 * feed was requested (ms since the epoch), by feed id.
 */
export function serveWorkload(server: FeedServer, workload: Workload): Map<string, number[]> {
  const hits = new Map<string, number[]>();
  for (const feed of workload.feeds) {
    const etag = `"${feed.id}"`;
    const times: number[] = [];
    hits.set(feed.id, times);
    server.route(feed.path, (req, res) => {
      times.push(Date.now());
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(feed.body);
    });
  }
  return hits;
}

export interface ScaleConfigOptions {
  /** Every feed's own interval, e.g. "3s" (a feed that sets one keeps it: no adaptive polling). */
  interval?: string;
  /** Scheduler tick, e.g. "1s". */
  tick?: string;
  /** How soon a crashed worker's jobs return to the queue, e.g. "2s". */
  lockDuration?: string;
  adminToken?: string;
  /** The backend (default redis; REDIS_URL gives the address). */
  queue?: 'memory' | 'redis';
  /** More lines of the `redis:` block, indented as its keys (where Redis is, credentials, TLS). */
  redis?: string[];
}

/** Writes a config polling the workload's feeds from `baseUrl`, alerting the console channel; returns its path. */
export function writeScaleConfig(dir: string, baseUrl: string, workload: Workload, options: ScaleConfigOptions = {}): string {
  const interval = options.interval ? `\n    interval: ${options.interval}` : '';
  const feeds = workload.feeds.map((feed) => `  - url: ${baseUrl}${feed.path}\n    id: ${feed.id}${interval}`).join('\n');
  const lines = [
    'defaults:',
    '  allow_private_addresses: true',
    '  teaser_words: 0',
    '  first_poll: all',
    `queue: ${options.queue ?? 'redis'}`,
    ...(options.lockDuration || options.redis ? ['redis:'] : []),
    ...(options.lockDuration ? [`  lock_duration: ${options.lockDuration}`] : []),
    ...(options.redis ?? []).map((line) => `  ${line}`),
    ...(options.tick ? ['scheduler:', `  tick: ${options.tick}`] : []),
    ...(options.adminToken ? ['admin:', `  token: ${options.adminToken}`] : []),
    'feeds:',
    feeds,
    'channels:',
    '  console: { type: console }',
    'topics:',
    '  - id: cyber',
    '    name: Cyber attacks',
    '    query: hacker* OR ransomware OR cyber*',
    '    channels: [console]',
    '',
  ];
  const path = join(dir, 'newswatch.yaml');
  writeFileSync(path, lines.join('\n'));
  return path;
}
