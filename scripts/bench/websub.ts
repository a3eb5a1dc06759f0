/**
 * WebSub push against polling, in one run: `publications` matching articles published at random moments over a
 * few feeds, each one pinged to a local hub (tests/support/websub-hub.ts) the moment it is in the feed. The figure
 * is the delay from publication to the alert printed, p50 and p95:
 * - push: newswatch subscribed to the hub through its listener (PUBLIC_URL), polling as the safety net only;
 * - polling: the same publications with push off, each feed polled every 2 s on a 1 s scheduler tick (the shipped
 *   default is 10 min, which no bench waits out: its bound, interval plus tick, is given beside).
 * Run directly (`tsx scripts/bench/websub.ts`) to print the figures as JSON.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { App } from '../../src/compose/app.js';
import { createApp } from '../../src/compose/create-app.js';
import { parseEnvironment } from '../../src/config/environment.js';
import { startFeedServer, type FeedServer, type TestItem } from '../../tests/support/feed-server.js';
import { freePort } from '../../tests/support/free-port.js';
import { feedWithHub, startWebSubHub, type WebSubHub } from '../../tests/support/websub-hub.js';
import { benchItem, jsonLineSink, quantile, writeBenchConfig } from './polling.js';

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
const TARGET_P95_MS = 5_000;
const DEFAULT_POLL_BOUND_MS = 600_000 + 10_000;

interface Publisher {
  feeds: FeedServer;
  hub: WebSubHub;
  urls: string[];
  /** Puts an item at the top of a feed and pings the hub (which pushes to its subscribers); resolves once sent. */
  publish(feed: number, item: TestItem): Promise<void>;
  close(): Promise<void>;
}

async function startPublisher(feedCount: number): Promise<Publisher> {
  const feeds = await startFeedServer();
  const hub = await startWebSubHub({ leaseSeconds: 3_600 });
  const items: TestItem[][] = Array.from({ length: feedCount }, (_, index) => [benchItem(index, 0, new Date(Date.now() - 3_600_000))]);
  const urls = items.map((_, index) => `${feeds.url}/f${index}.xml`);
  const body = (index: number): string => feedWithHub(`Feed ${index}`, items[index] ?? [], hub.url, urls[index] ?? '');
  urls.forEach((_, index) => feeds.route(`/f${index}.xml`, (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body(index))));
  return {
    feeds,
    hub,
    urls,
    async publish(feed, item) {
      items[feed] = [item, ...(items[feed] ?? [])];
      // a publisher pings its hub, which fetches and pushes; this hub is given the body straight away
      await hub.publish(urls[feed] ?? '', body(feed));
    },
    close: async () => void (await Promise.all([feeds.close(), hub.close()])),
  };
}

/** The publication schedule: which feed, and when (ms from the start), the same for both runs. */
function schedule(publications: number, feeds: number, spreadMs: number): { feed: number; atMs: number }[] {
  let seed = 11;
  const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: publications }, () => ({ feed: Math.floor(random() * feeds), atMs: Math.round(random() * spreadMs) })).sort((a, b) => a.atMs - b.atMs);
}

type AlertLines = ReturnType<typeof jsonLineSink<{ type: string; title: string }>>;

/** Runs the schedule against a started app; returns the publication-to-alert delays of the alerts that came. */
async function measure(app: App, publisher: Publisher, alerts: AlertLines, plan: readonly { feed: number; atMs: number }[], tag: string): Promise<number[]> {
  const published = new Map<string, number>();
  const started = Date.now();
  const sends: Promise<void>[] = [];
  for (const [n, { feed, atMs }] of plan.entries()) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + atMs - Date.now())));
    const title = `Ransomware ${tag} story ${n} disrupts services`;
    published.set(title, Date.now());
    sends.push(publisher.publish(feed, benchItem(feed, 1_000 + n, new Date(), title)));
  }
  await Promise.all(sends);
  const deadline = Date.now() + 20_000;
  const arrived = (): { at: number; value: { type: string; title: string } }[] => alerts.lines.filter((line) => line.value.type === 'alert' && published.has(line.value.title));
  while (Date.now() < deadline && arrived().length < plan.length) await new Promise((resolve) => setTimeout(resolve, 100));
  await app.queue.drain();
  return arrived().map((line) => line.at - (published.get(line.value.title) as number));
}

/** Starts newswatch on the publisher's feeds, with push on or off; resolves once push is ready (every feed subscribed). */
async function startApp(publisher: Publisher, push: boolean): Promise<{ app: App; alerts: AlertLines; dir: string }> {
  const { dir, path } = writeBenchConfig(publisher.urls, { interval: '2s', tick: '1s' });
  const port = await freePort();
  const alerts = jsonLineSink<{ type: string; title: string }>();
  const environment = parseEnvironment({ REDIS_URL: '', PORT: String(port), HOST: '127.0.0.1', ...(push ? { PUBLIC_URL: `http://127.0.0.1:${port}` } : {}) });
  const app = createApp({ configPath: path, dataDir: join(dir, 'data'), output: 'jsonl', logLevel: 'silent', environment, stdout: alerts.stream, stderr: new PassThrough() });
  await app.start();
  const deadline = Date.now() + 20_000;
  for (;;) {
    const states = await app.store.listFeedStates();
    const polled = states.filter((state) => state.lastSuccessAt !== null).length === publisher.urls.length;
    const active = (await app.subscriptions.list()).filter((subscription) => subscription.state === 'active').length === publisher.urls.length;
    // with push, ready once every feed's next poll waits on the safety net, as it does in a steady run
    const deferred = states.filter((state) => state.pushDeferred === true).length === publisher.urls.length;
    if (polled && (!push || (active && deferred))) break;
    if (Date.now() > deadline) throw new Error(`newswatch did not get ready (${push ? 'subscribed' : 'polled'}) within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { app, alerts, dir };
}

function figures(delays: readonly number[], planned: number): Record<string, number> {
  return { alerted: delays.length, missed: planned - delays.length, p50Ms: Math.round(quantile(delays, 0.5)), p95Ms: Math.round(quantile(delays, 0.95)), maxMs: Math.round(Math.max(...delays)) };
}

/** Publication to alert over `publications` publications on `feeds` feeds, by push and by polling, in one run. */
export async function benchWebSub(publications = 50, feeds = 5, spreadMs = 15_000): Promise<Record<string, unknown>> {
  const plan = schedule(publications, feeds, spreadMs);
  const results: Record<string, Record<string, number>> = {};
  for (const mode of ['push', 'polling'] as const) {
    process.stderr.write(`bench: websub: ${publications} publications by ${mode} (about ${Math.round(spreadMs / 1_000) + 5} s)…\n`);
    const publisher = await startPublisher(feeds);
    const { app, alerts, dir } = await startApp(publisher, mode === 'push');
    try {
      results[mode] = figures(await measure(app, publisher, alerts, plan, mode), plan.length);
    } finally {
      await app.stop();
      await publisher.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const push = results['push'] ?? {};
  const polling = results['polling'] ?? {};
  return {
    publications,
    feeds,
    push: { ...push, targetP95Ms: TARGET_P95_MS, withinTarget: (push['p95Ms'] ?? Infinity) < TARGET_P95_MS && push['missed'] === 0 },
    polling: { ...polling, intervalMs: 2_000, tickMs: 1_000 },
    pushVsPollingP95: round((push['p95Ms'] ?? Number.NaN) / (polling['p95Ms'] ?? Number.NaN), 3),
    pollingDefaultBoundMs: DEFAULT_POLL_BOUND_MS,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchWebSub(), null, 2));
}
