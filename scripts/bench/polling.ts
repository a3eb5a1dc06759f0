/**
 * Polling figures, each against a baseline measured in the same run:
 * - feed parsing per feed size, MB/s: the floor (TextDecoder plus a regex item count), rss-parser alone, and
 *   parseFeed (charset detection, XML preparation, rss-parser, field mapping and caps);
 * - a poll cycle over 1,000 local feeds answering after 50 ms each, against the limit feeds × latency ÷ concurrency
 *   (the app in a child process of its own, so the local servers' work is not counted as newswatch's);
 * - what conditional GET saves on the second cycle (bytes, parses, parse time), with 5% of the feeds changed;
 * - the publication-to-alert delay, p50 and p95, in a local end-to-end run on the real scheduler.
 * Run directly (`tsx scripts/bench/polling.ts`) to print the figures as JSON.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeBody } from '../../src/adapters/feeds/decode-body.js';
import { parseFeed } from '../../src/adapters/feeds/parse-feed.js';
import { runRssParser } from '../../src/adapters/feeds/rss-parser-runner.js';
import { createApp } from '../../src/compose/create-app.js';
import { parseEnvironment } from '../../src/config/environment.js';
import { rssFeed, startFeedServer, type FeedServer, type TestItem } from '../../tests/support/feed-server.js';

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

export interface FeedFarm {
  urls: string[];
  /** Replaces a feed's items; its ETag changes with them. */
  publish(index: number, items: readonly TestItem[]): void;
  /** Responses so far: 200s with their body bytes, and 304s. */
  stats: { ok: number; notModified: number; bytes: number };
  close(): Promise<void>;
}

/**
 * Starts `servers` local servers sharing `feeds` feeds (each server is one host to the fetcher's per-host limit),
 * each response held back by `latencyMs`, with ETags so an unchanged feed answers 304.
 */
export async function startFeedFarm(options: { feeds: number; servers: number; latencyMs: number; items: (index: number) => TestItem[] }): Promise<FeedFarm> {
  const servers: FeedServer[] = await Promise.all(Array.from({ length: options.servers }, () => startFeedServer()));
  const bodies: Buffer[] = [];
  const versions: number[] = [];
  const stats = { ok: 0, notModified: 0, bytes: 0 };
  const urls: string[] = [];
  for (let index = 0; index < options.feeds; index += 1) {
    bodies.push(Buffer.from(rssFeed(`Feed ${index}`, options.items(index))));
    versions.push(1);
    const server = servers[index % options.servers] as FeedServer;
    const path = `/f${index}.xml`;
    server.route(path, (req, res) => {
      setTimeout(() => {
        const etag = `"v${versions[index]}"`;
        if (req.headers['if-none-match'] === etag) {
          stats.notModified += 1;
          res.writeHead(304, { etag }).end();
          return;
        }
        const body = bodies[index] as Buffer;
        stats.ok += 1;
        stats.bytes += body.length;
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'content-length': String(body.length) }).end(body);
      }, options.latencyMs);
    });
    urls.push(`${server.url}${path}`);
  }
  return {
    urls,
    publish(index, items) {
      bodies[index] = Buffer.from(rssFeed(`Feed ${index}`, items));
      versions[index] = (versions[index] ?? 1) + 1;
    },
    stats,
    close: async () => void (await Promise.all(servers.map((server) => server.close()))),
  };
}

/** A plausible wire item: title, link, date and a paragraph of teaser. */
export function benchItem(feed: number, n: number, publishedAt: Date, title?: string): TestItem {
  return {
    guid: `bench-${feed}-${n}`,
    title: title ?? `Officials in region ${feed} report progress on infrastructure plan, item ${n}`,
    link: `https://news.example.org/${feed}/${n}`,
    pubDate: publishedAt.toUTCString(),
    html: `<p>Officials said on ${publishedAt.toDateString()} that work on the plan for region ${feed} continued, with item ${n} of the programme due later this year after talks with local councils and contractors.</p>`,
  };
}

/** Writes a config for local feeds, with a `bench` topic printed on the console; returns its folder and path. */
export function writeBenchConfig(urls: readonly string[], options: { interval?: string; tick?: string; firstPoll?: string } = {}): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-'));
  const path = join(dir, 'newswatch.yaml');
  const feeds = urls.map((url, index) => `  - url: ${url}\n    id: f${index}${options.interval ? `\n    interval: ${options.interval}` : ''}`);
  const lines = ['defaults:', '  allow_private_addresses: true', '  teaser_words: 0', '  fetch_timeout: 10s', `  first_poll: ${options.firstPoll ?? 'none'}`];
  if (options.tick) lines.push('scheduler:', `  tick: ${options.tick}`);
  lines.push('feeds:', ...feeds, 'channels:', '  console: { type: console }', 'topics:', '  - id: bench', '    name: Bench', '    query: ransomware', '    channels: [console]', '');
  writeFileSync(path, lines.join('\n'));
  return { dir, path };
}

/** A stream that parses the JSON lines written to it, stamping each with its arrival time. */
export function jsonLineSink<T>(): { stream: PassThrough; lines: { at: number; value: T }[] } {
  const stream = new PassThrough();
  const lines: { at: number; value: T }[] = [];
  let rest = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => {
    const at = Date.now();
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) if (part.startsWith('{')) lines.push({ at, value: JSON.parse(part) as T });
  });
  return { stream, lines };
}

/** The q-th quantile of numbers, by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Runs `work` repeatedly for at least `minMs` (and twice at least); returns milliseconds per run. */
async function timePerRun(work: () => Promise<unknown> | unknown, minMs = 600): Promise<number> {
  await work();
  let runs = 0;
  const started = performance.now();
  while (runs < 2 || performance.now() - started < minMs) {
    await work();
    runs += 1;
  }
  return (performance.now() - started) / runs;
}

const SIZES = { small: 10, medium: 200, large: 5_000 } as const;

/** Parsing throughput per feed size: the floor, rss-parser alone, and parseFeed, all from bytes. */
async function benchParsing(): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const [name, count] of Object.entries(SIZES)) {
    const bytes = Buffer.from(rssFeed(`Bench ${name}`, Array.from({ length: count }, (_, n) => benchItem(1, n, new Date(Date.UTC(2024, 4, 1, 12, n % 60))))));
    const mb = bytes.length / 1024 / 1024;
    const floorMs = await timePerRun(() => (new TextDecoder().decode(bytes).match(/<item[\s>]/g) ?? []).length);
    const rssParserMs = await timePerRun(() => runRssParser(new TextDecoder().decode(bytes)));
    const oursMs = await timePerRun(() => parseFeed(decodeBody(bytes, 'application/rss+xml; charset=utf-8').text, 'https://bench.example/rss'));
    result[name] = {
      items: count,
      kilobytes: round(bytes.length / 1024, 1),
      floorMBps: round(mb / (floorMs / 1000), 1),
      rssParserMBps: round(mb / (rssParserMs / 1000), 1),
      parseFeedMBps: round(mb / (oursMs / 1000), 1),
      parseFeedVsRssParser: round(rssParserMs / oursMs),
      parseFeedVsFloor: round(floorMs / oursMs, 3),
    };
  }
  return result;
}

interface LogLine {
  msg: string;
  feed?: string;
  bytes?: number;
}

interface CycleFigures {
  ms: number;
  parsed: number;
  notModified: number;
  bytes: number;
  failed: number;
}

/**
 * The child side of the poll-cycle bench: the app alone in its process (as against remote sites, the servers'
 * work is not on its event loop). Runs a cycle, prints its figures as a JSON line, waits for a line on stdin
 * (the parent changes some feeds meanwhile), runs the second cycle and prints it.
 */
async function runPollCycleChild(configPath: string, dataDir: string, concurrency: number): Promise<void> {
  const logs = jsonLineSink<LogLine>();
  const app = createApp({ configPath, dataDir, output: 'jsonl', logLevel: 'info', environment: parseEnvironment({ REDIS_URL: '' }), stdout: new PassThrough(), stderr: logs.stream });
  const cycle = async (): Promise<CycleFigures> => {
    const from = logs.lines.length;
    const t0 = performance.now();
    const result = await app.runOnce();
    const ms = performance.now() - t0;
    await new Promise((resolve) => setImmediate(resolve));
    const lines = logs.lines.slice(from).map((line) => line.value);
    const polled = lines.filter((line) => line.msg === 'feed polled');
    return {
      ms: Math.round(ms),
      parsed: polled.length,
      notModified: lines.filter((line) => line.msg === 'feed not modified').length,
      bytes: polled.reduce((sum, line) => sum + (line.bytes ?? 0), 0),
      failed: result.failed.length,
    };
  };
  const input = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  try {
    await app.start({ scheduler: false, concurrency });
    process.stdout.write(`${JSON.stringify(await cycle())}\n`);
    await input.next();
    process.stdout.write(`${JSON.stringify(await cycle())}\n`);
  } finally {
    await app.stop();
  }
}

/**
 * Two poll cycles over `feeds` local feeds answering after `latencyMs`, with `concurrency` poll workers, the app
 * in a child process: the first fetches and parses everything; before the second, 5% of the feeds change, so
 * conditional GET should leave only those to parse.
 */
async function benchPollCycle(feeds: number, latencyMs: number, concurrency: number): Promise<Record<string, unknown>> {
  const started = new Date();
  const itemsOf = (index: number, shift = 0): TestItem[] => Array.from({ length: 10 }, (_, n) => benchItem(index, n + shift, started));
  const farm = await startFeedFarm({ feeds, servers: 50, latencyMs, items: (index) => itemsOf(index) });
  const { dir, path } = writeBenchConfig(farm.urls);
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--poll-cycle-child', path, join(dir, 'data'), String(concurrency)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextFigures = async (): Promise<CycleFigures> => {
    const line = await lines.next();
    if (line.done === true) throw new Error('the poll-cycle child ended early');
    return JSON.parse(line.value) as CycleFigures;
  };
  try {
    const first = await nextFigures();
    const changed = Math.round(feeds * 0.05);
    for (let index = 0; index < feeds; index += 20) farm.publish(index, itemsOf(index, 1));
    child.stdin.write('go\n');
    const second = await nextFigures();
    // what the 304s saved: parsing the unchanged feeds again
    const unchanged = Array.from({ length: feeds }, (_, index) => index).filter((index) => index % 20 !== 0);
    const bodies = unchanged.map((index) => rssFeed(`Feed ${index}`, itemsOf(index)));
    const parseStart = performance.now();
    for (const body of bodies) await parseFeed(body, 'https://bench.example/rss');
    const parseSavedMs = performance.now() - parseStart;
    const limitMs = (feeds * latencyMs) / concurrency;
    return {
      feeds,
      latencyMs,
      concurrency,
      limitMs,
      firstCycle: first,
      firstVsLimit: round(first.ms / limitMs),
      withinTarget: first.ms / limitMs <= 1.5,
      secondCycle: { ...second, changedFeeds: changed },
      conditionalGet: {
        parsedUnchangedFeeds: second.parsed - changed,
        bytesSaved: first.bytes - second.bytes,
        bytesRatio: round(second.bytes / Math.max(1, first.bytes), 3),
        parseMsSaved: Math.round(parseSavedMs),
        secondVsFirstCycle: round(second.ms / first.ms),
      },
    };
  } finally {
    child.stdin.end();
    if (child.exitCode === null) await new Promise((resolve) => child.once('close', resolve));
    await farm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A local end-to-end run on the real scheduler: `feeds` feeds polled every `interval` with a 1 s scheduler tick,
 * and `items` matching articles published at random moments over `spreadMs`. The delay is from each article's
 * publication to its alert printed; the bound polling alone sets is interval + tick.
 */
async function benchAlertDelay(feeds = 20, items = 60, spreadMs = 20_000): Promise<Record<string, unknown>> {
  const intervalMs = 2_000;
  const tickMs = 1_000;
  const published = new Map<string, number>();
  const current: TestItem[][] = Array.from({ length: feeds }, () => []);
  const farm = await startFeedFarm({ feeds, servers: 4, latencyMs: 5, items: () => [] });
  const { dir, path } = writeBenchConfig(farm.urls, { interval: '2s', tick: '1s' });
  const out = jsonLineSink<{ type: string; title: string }>();
  const app = createApp({ configPath: path, dataDir: join(dir, 'data'), output: 'jsonl', logLevel: 'silent', environment: parseEnvironment({ REDIS_URL: '', PORT: '0', HOST: '127.0.0.1' }), stdout: out.stream, stderr: new PassThrough() });
  const timers: NodeJS.Timeout[] = [];
  try {
    await app.start();
    await app.queue.drain();
    let seed = 7;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < items; n += 1) {
      const feed = Math.floor(random() * feeds);
      const at = 1_000 + random() * spreadMs;
      timers.push(
        setTimeout(() => {
          const now = new Date();
          const title = `Ransomware bench story ${n} disrupts services`;
          (current[feed] as TestItem[]).unshift(benchItem(feed, 1_000 + n, now, title));
          published.set(title, now.getTime());
          farm.publish(feed, current[feed] as TestItem[]);
        }, at),
      );
    }
    const deadline = Date.now() + spreadMs + 15_000;
    while (Date.now() < deadline && out.lines.filter((line) => line.value.type === 'alert').length < items) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const delays = out.lines
      .filter((line) => line.value.type === 'alert' && published.has(line.value.title))
      .map((line) => line.at - (published.get(line.value.title) as number));
    const boundMs = intervalMs + tickMs;
    return {
      feeds,
      articles: items,
      alerted: delays.length,
      intervalMs,
      tickMs,
      p50Ms: Math.round(quantile(delays, 0.5)),
      p95Ms: Math.round(quantile(delays, 0.95)),
      maxMs: Math.round(Math.max(...delays)),
      pollingBoundMs: boundMs,
      p95VsBound: round(quantile(delays, 0.95) / boundMs),
    };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    await app.stop();
    await farm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every polling figure: parsing, the poll cycle at the default and a higher concurrency, conditional GET, delay. */
export async function benchPolling(): Promise<Record<string, unknown>> {
  const parsing = await benchParsing();
  process.stderr.write('bench: polling: 1,000 feeds at 50 ms…\n');
  const cycleDefault = await benchPollCycle(1_000, 50, 4);
  const cycleWide = await benchPollCycle(1_000, 50, 16);
  process.stderr.write('bench: polling: end-to-end delay (about 35 s)…\n');
  const alertDelay = await benchAlertDelay();
  return { parsing, pollCycle: { concurrency4: cycleDefault, concurrency16: cycleWide }, alertDelay };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [flag, configPath, dataDir, concurrency] = process.argv.slice(2);
  if (flag === '--poll-cycle-child' && configPath && dataDir) await runPollCycleChild(configPath, dataDir, Number(concurrency));
  else console.log(JSON.stringify(await benchPolling(), null, 2));
}
