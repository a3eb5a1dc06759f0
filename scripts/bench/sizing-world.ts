/**
 * The simulated world of the sizing run: feeds spread over local hosts (each a port on 127.0.0.1, so the per-host
 * fetch limit applies as it would across sites), items that appear a few at a time, topics that a set share of
 * items match, and the config that points newswatch at it all, with Slack channels on a local Slack API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rssFeed, type TestItem } from '../../tests/support/feed-server.js';
import { createRandom } from '../../tests/integration/scale/workload.js';

export interface WorldOptions {
  feeds: number;
  channels: number;
  /** Local hosts (ports) the feeds are spread over. */
  hosts: number;
  /** Items each feed lists. */
  itemsPerFeed: number;
  /** Share of new items that match a topic. */
  matchShare: number;
  seed: number;
}

const OPENINGS = ['Council approves', 'Minister defends', 'Storm batters', 'Court weighs', 'Talks stall over', 'Shares slide after', 'Report questions', 'Police investigate'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ten', 'dar', 'vel', 'sor', 'pin', 'gu', 'fa', 'ne', 'ri', 'to', 'bar', 'lek', 'mos'];
// Made-up words, so generated items share little vocabulary and each tells a story of its own.
const WORDS = SYLLABLES.flatMap((a) => SYLLABLES.flatMap((b) => SYLLABLES.map((c) => `${a}${b}${c}`)));
// Topic terms from syllables the item words never use, so a topic matches only the items given its term.
const TOPIC_SYLLABLES = ['quo', 'zim', 'xa', 'yel', 'wub', 'jix', 'hov', 'kru', 'plo', 'snee', 'drak', 'fum'];

/** The term topic `index` looks for. */
export function topicTerm(index: number): string {
  const n = TOPIC_SYLLABLES.length;
  return `${TOPIC_SYLLABLES[index % n]}${TOPIC_SYLLABLES[Math.floor(index / n) % n]}${TOPIC_SYLLABLES[Math.floor(index / (n * n)) % n]}zor`;
}

export interface SimulatedFeeds {
  /** Each feed's URL, by feed index. */
  urls: string[];
  /** Adds one or two new items to `share` of the feeds; returns how many items were added, and how many match. */
  publish(share: number): { feeds: number; items: number; matching: number };
  /** Requests answered so far: 200 with a body, 304 unchanged. */
  served: () => { full: number; notModified: number };
  close(): Promise<void>;
}

/** Starts the hosts and fills every feed with `itemsPerFeed` items (none matching: the first poll only records them). */
export async function startSimulatedFeeds(options: WorldOptions & { topics: number }): Promise<SimulatedFeeds> {
  const pick = createRandom(options.seed);
  const words = (n: number): string => Array.from({ length: n }, () => WORDS[pick(WORDS.length)]).join(' ');
  const published = new Date().toUTCString();
  const feeds = Array.from({ length: options.feeds }, () => ({ items: [] as TestItem[], version: 0, next: 0 }));
  const newItem = (feed: number, topic: number | null): TestItem => {
    const sequence = feeds[feed]!.next++;
    const term = topic === null ? '' : ` ${topicTerm(topic)}`;
    const paragraphs = Array.from({ length: 6 }, (_, i) => `<p>The ${words(12)}${i === 1 ? term : ''} ${words(14)}, officials said.</p>`).join('');
    return {
      guid: `sim-${feed}-${sequence}`,
      title: `${OPENINGS[pick(OPENINGS.length)]}${term} ${words(5)} (${feed}-${sequence})`,
      link: `https://news.example.test/${feed}/${sequence}`,
      pubDate: published,
      html: `<p>"We are ${words(6)}," a spokesperson said.</p>${paragraphs}`,
    };
  };
  for (let f = 0; f < options.feeds; f += 1) {
    for (let i = 0; i < options.itemsPerFeed; i += 1) feeds[f]!.items.unshift(newItem(f, null));
  }
  let full = 0;
  let notModified = 0;
  const servers: Server[] = [];
  const ports: number[] = [];
  for (let h = 0; h < options.hosts; h += 1) {
    const server = createServer((req, res) => {
      const index = Number(/^\/f\/(\d+)\.xml$/.exec(req.url ?? '')?.[1]);
      const feed = feeds[index];
      if (!feed) return void res.writeHead(404).end();
      const etag = `"${index}-${feed.version}"`;
      if (req.headers['if-none-match'] === etag) {
        notModified += 1;
        return void res.writeHead(304, { etag }).end();
      }
      full += 1;
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(rssFeed(`Wire ${index}`, feed.items));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    ports.push((server.address() as AddressInfo).port);
  }
  return {
    urls: feeds.map((_, f) => `http://127.0.0.1:${ports[f % options.hosts]}/f/${f}.xml`),
    publish(share) {
      let changed = 0;
      let items = 0;
      let matching = 0;
      for (let f = 0; f < options.feeds; f += 1) {
        if (pick(1_000_000) >= share * 1_000_000) continue;
        const feed = feeds[f]!;
        const count = 1 + pick(2);
        for (let i = 0; i < count; i += 1) {
          const matches = pick(1_000_000) < options.matchShare * 1_000_000;
          feed.items.unshift(newItem(f, matches ? pick(options.topics) : null));
          feed.items.length = options.itemsPerFeed;
          items += 1;
          if (matches) matching += 1;
        }
        feed.version += 1;
        changed += 1;
      }
      return { feeds: changed, items, matching };
    },
    served: () => ({ full, notModified }),
    close: async () => {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}

/**
 * The config: every feed, `channels` Slack channels on the local Slack API, and one topic per two channels (its
 * term, routed to both). The first poll records a feed's items as seen without alerting, as `first_poll: none`
 * does; items are analysed from their feed text alone (`teaser_words: 0`: no article pages are fetched).
 */
export function writeSizingConfig(dir: string, urls: readonly string[], channels: number, topics: number): string {
  const lines = [
    'defaults:',
    '  allow_private_addresses: true',
    '  teaser_words: 0',
    '  first_poll: none',
    'queue: redis',
    'feeds:',
    ...urls.map((url, f) => `  - { url: "${url}", id: feed-${f} }`),
    'channels:',
    ...Array.from({ length: channels }, (_, c) => `  desk-${c}: { type: slack, token: "\${SLACK_BOT_TOKEN}", channel: C${String(c).padStart(5, '0')} }`),
    'topics:',
    ...Array.from({ length: topics }, (_, t) => {
      const routed = [2 * t, 2 * t + 1].filter((c) => c < channels).map((c) => `desk-${c}`);
      return `  - { id: topic-${t}, name: Topic ${t}, query: ${topicTerm(t)}, channels: [${routed.join(', ')}] }`;
    }),
    '',
  ];
  const path = join(dir, 'newswatch.yaml');
  writeFileSync(path, lines.join('\n'));
  return path;
}
