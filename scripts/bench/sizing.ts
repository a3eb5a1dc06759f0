/**
 * Sizing by simulation: `newswatch worker` processes on a Redis of the bench's own poll `feeds` local feeds
 * (spread over local hosts) and alert `channels` Slack channels on a local Slack API, round after round. Each
 * round stands for one polling interval, compressed into as long as the workers take: a first poll that records
 * every listed item as seen, rounds in which a realistic share of the feeds publish an item or two, and a quiet
 * round in which every feed answers 304. From the rounds' CPU time (workers and Redis, from /proc) and the Redis
 * keys left (a census of every key family: count, MEMORY USAGE, TTL), it works out CPU per poll and per article,
 * Redis bytes per seen item, feed, analysed article, delivery and story entry, and from those the workers and
 * the memory a deployment of that size needs over the retention windows.
 * Runs on a redis-server `npm run bench` starts. `SIZING_FEEDS`, `SIZING_CHANNELS` and `SIZING_WORKERS` scale it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { App } from '../../src/compose/app.js';
import { createApp } from '../../src/compose/create-app.js';
import { parseEnvironment } from '../../src/config/environment.js';
import { enqueueDuePolls } from '../../src/pipeline/pipeline.js';
import { spawnCli } from '../../tests/support/cli.js';
import { startFakeSlackApi } from '../../tests/support/fake-slack-api.js';
import { connectTestRedis, createTestPrefix, deleteKeysWithPrefix, redisUrl } from '../../tests/support/redis.js';
import { discard, localRedisPid, processCpuSeconds, stopChildren, waitForWorkers } from './pipeline.js';
import { bytesPerMember, censusKeys, keyFamilies, usedMemory, type FamilyCensus } from './sizing-keys.js';
import { startSimulatedFeeds, writeSizingConfig } from './sizing-world.js';

export interface SizingOptions {
  feeds?: number;
  channels?: number;
  /** `newswatch worker` processes, each with `concurrency` jobs of each step. */
  workers?: number;
  concurrency?: number;
  /** Rounds in which feeds publish, between the first poll and the quiet round. */
  publishingRounds?: number;
  /** New items a feed publishes a day, on average; with the interval it sets the share of feeds new each round. */
  itemsPerFeedPerDay?: number;
  /** The polling interval a round stands for (newswatch's default, 10 minutes). */
  intervalMinutes?: number;
  /** Share of new items that match a topic. */
  matchShare?: number;
}

interface RoundFigures {
  kind: 'first poll' | 'publishing' | 'quiet';
  seconds: number;
  polls: number;
  /** Answers with a body (the feed changed) and 304s. */
  served: { full: number; notModified: number };
  newItems: number;
  articlesAnalysed: number;
  alerts: number;
  cpuSeconds: { workers: number; redis: number | null };
  usedMemoryBytes: number;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;
const round3 = (value: number): number => Math.round(value * 1000) / 1000;
const mib = (bytes: number): number => round1(bytes / 1024 / 1024);
const DAY_SECONDS = 86_400;
/** The retention defaults (configuration.md) and the story window (build-settings.ts). */
const RETENTION_DAYS = { seen: 120, articles: 7, deliveries: 30 };
const STORY_WINDOW_DAYS = 3;
/** Parsed articles one process keeps of the story window (redis-story-window.ts); past it, each analysis reads it all. */
const STORY_WINDOW_CACHE = 5_000;
/** How busy worker cores are planned to be: half, for bursts and catching up after an outage. */
const PLANNED_UTILISATION = 0.5;

const envNumber = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);

export async function benchSizing(options: SizingOptions = {}) {
  const feeds = options.feeds ?? envNumber('SIZING_FEEDS') ?? 10_000;
  const channels = options.channels ?? envNumber('SIZING_CHANNELS') ?? 1_000;
  const workers = options.workers ?? envNumber('SIZING_WORKERS') ?? 1;
  const concurrency = options.concurrency ?? 4;
  const publishingRounds = options.publishingRounds ?? 2;
  const itemsPerFeedPerDay = options.itemsPerFeedPerDay ?? 10;
  const intervalMinutes = options.intervalMinutes ?? 10;
  const matchShare = options.matchShare ?? 0.05;
  const itemsPerFeed = 20;
  const topics = Math.ceil(channels / 2);
  const pollsPerDay = (24 * 60) / intervalMinutes;
  // A publishing feed adds 1.5 items on average (one or two).
  const publishingShare = Math.min(1, itemsPerFeedPerDay / pollsPerDay / 1.5);

  const redis = await connectTestRedis();
  const redisPid = await localRedisPid(redis);
  const prefix = createTestPrefix();
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-sizing-'));
  const slack = await startFakeSlackApi({ token: 'xoxb-sizing' });
  const world = await startSimulatedFeeds({ feeds, channels, topics, hosts: Math.min(100, feeds), itemsPerFeed, matchShare, seed: 23 });
  const configPath = writeSizingConfig(dir, world.urls, channels, topics);
  const env = { REDIS_URL: redisUrl, NEWSWATCH_REDIS_PREFIX: prefix, SLACK_BOT_TOKEN: 'xoxb-sizing', SLACK_API_URL: slack.url, PORT: '' };
  const args = ['--config', configPath, '--data-dir', join(dir, 'data'), '--log-level', 'warn', 'worker', '--concurrency', String(concurrency)];
  let stderr = '';
  const children = Array.from({ length: workers }, () => {
    const child = spawnCli(args, { env });
    child.stdout?.resume();
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2_000)));
    return child;
  });
  let driver: App | null = null;
  const alertsSoFar = (): number => slack.requests.filter((request) => request.method === 'chat.postMessage' && request.status === 200).length;
  const rounds: RoundFigures[] = [];
  let census: FamilyCensus[] = [];
  const members: Record<string, { members: number; bytesPerMember: number } | null> = {};
  let seenBytesMeasured = 0;
  try {
    const app = createApp({ configPath, dataDir: join(dir, 'data'), output: 'jsonl', logLevel: 'silent', environment: parseEnvironment(env), stdout: discard(), stderr: discard() });
    driver = app;
    await waitForWorkers(prefix, workers, () => (children.some((child) => child.exitCode !== null) ? stderr : null));
    const cpu = (): { workers: number; redis: number | null } => ({
      workers: children.reduce((sum, child) => sum + (processCpuSeconds(child.pid) ?? 0), 0),
      redis: processCpuSeconds(redisPid),
    });
    const runRound = async (kind: RoundFigures['kind']): Promise<void> => {
      const published = kind === 'publishing' ? world.publish(publishingShare) : { feeds: 0, items: 0, matching: 0 };
      const before = { cpu: cpu(), served: world.served(), alerts: alertsSoFar(), articles: await redis.zcard(`${prefix}:articles`) };
      process.stderr.write(`bench: sizing round ${rounds.length + 1} (${kind}: ${published.items} new items on ${published.feeds} feeds)\n`);
      const started = performance.now();
      const settings = app.settings();
      await enqueueDuePolls(settings, app.store, app.queue, new Date(), { all: true });
      await app.queue.drain();
      const seconds = (performance.now() - started) / 1000;
      const after = { cpu: cpu(), served: world.served() };
      rounds.push({
        kind,
        seconds: round3(seconds),
        polls: settings.feeds.length,
        served: { full: after.served.full - before.served.full, notModified: after.served.notModified - before.served.notModified },
        newItems: published.items,
        articlesAnalysed: (await redis.zcard(`${prefix}:articles`)) - before.articles,
        alerts: alertsSoFar() - before.alerts,
        cpuSeconds: {
          workers: round3(after.cpu.workers - before.cpu.workers),
          redis: after.cpu.redis === null || before.cpu.redis === null ? null : round3(after.cpu.redis - before.cpu.redis),
        },
        usedMemoryBytes: await usedMemory(redis),
      });
    };
    await runRound('first poll');
    for (let round = 0; round < publishingRounds; round += 1) await runRound('publishing');
    await runRound('quiet');

    const families = keyFamilies(RETENTION_DAYS.seen);
    census = await censusKeys(redis, prefix, families);
    for (const key of ['feeds', 'articles', 'articles:log', 'deliveries', 'deliveries:status:sent', 'deliveries:channel:desk-0']) {
      members[key] = await bytesPerMember(redis, `${prefix}:${key}`);
    }
    seenBytesMeasured = await measureSeenKeys(redis, prefix);
  } finally {
    await driver?.stop();
    await stopChildren(children);
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
    await world.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return summarise({ feeds, channels, topics, workers, concurrency, itemsPerFeed, itemsPerFeedPerDay, intervalMinutes, matchShare, publishingShare, rounds, census, members, seenBytesMeasured });
}

/**
 * Bytes one seen key adds to Redis's used_memory (key, value, expiry and table entries): 20,000 of the run's own
 * seen keys are copied, value and TTL alike, under a prefix of their own, and the growth divided.
 */
async function measureSeenKeys(redis: Awaited<ReturnType<typeof connectTestRedis>>, prefix: string): Promise<number> {
  const copies = `${createTestPrefix()}-seen`;
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:seen:*`, 'COUNT', 2_000);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0' && keys.length < 20_000);
  const sample = keys.slice(0, 20_000);
  const values = await redis.mget(sample);
  const ttls = ((await sample.reduce((pipeline, key) => pipeline.ttl(key), redis.pipeline()).exec()) ?? []).map(([, ttl]) => Number(ttl));
  const before = await usedMemory(redis);
  for (let i = 0; i < sample.length; i += 1_000) {
    const pipeline = redis.pipeline();
    for (let j = i; j < Math.min(sample.length, i + 1_000); j += 1) {
      pipeline.set(`${copies}:${(sample[j] ?? '').slice(prefix.length + 1)}`, values[j] ?? '', 'EX', Math.max(1, ttls[j] ?? 1));
    }
    await pipeline.exec();
  }
  const grown = (await usedMemory(redis)) - before;
  await deleteKeysWithPrefix(redis, copies);
  return sample.length > 0 ? Math.round(grown / sample.length) : 0;
}

interface Measured {
  feeds: number;
  channels: number;
  topics: number;
  workers: number;
  concurrency: number;
  itemsPerFeed: number;
  itemsPerFeedPerDay: number;
  intervalMinutes: number;
  matchShare: number;
  publishingShare: number;
  rounds: RoundFigures[];
  census: FamilyCensus[];
  members: Record<string, { members: number; bytesPerMember: number } | null>;
  seenBytesMeasured: number;
}

/** Per-unit costs from the rounds and the census, and what they come to for a deployment of this size. */
function summarise(measured: Measured) {
  const { rounds, census, members, feeds } = measured;
  const first = rounds.find((round) => round.kind === 'first poll');
  const quiet = rounds.find((round) => round.kind === 'quiet');
  const publishing = rounds.filter((round) => round.kind === 'publishing');
  const sum = (list: RoundFigures[], value: (round: RoundFigures) => number): number => list.reduce((total, round) => total + value(round), 0);
  const perPoll = (round: RoundFigures | undefined, cpu: 'workers' | 'redis'): number => (round ? ((round.cpuSeconds[cpu] ?? 0) * 1000) / round.polls : 0);
  const articles = sum(publishing, (round) => round.articlesAnalysed);
  const alerts = sum(publishing, (round) => round.alerts);
  const publishingSeconds = sum(publishing, (round) => round.seconds);
  // A publishing round's CPU, less its polls at the first-poll (changed feed) and quiet-round (304) costs, is its articles'.
  const articleCpu = (cpu: 'workers' | 'redis'): number => {
    const pollsCpu = sum(publishing, (round) => (round.served.full * perPoll(first, cpu) + round.served.notModified * perPoll(quiet, cpu)) / 1000);
    return articles > 0 ? Math.max(0, ((sum(publishing, (round) => round.cpuSeconds[cpu] ?? 0) - pollsCpu) * 1000) / articles) : 0;
  };
  const cpuMs = {
    perQuietPoll: round3(perPoll(quiet, 'workers')),
    perChangedFeedPoll: round3(perPoll(first, 'workers')),
    perArticle: round3(articleCpu('workers')),
    redisPerQuietPoll: round3(perPoll(quiet, 'redis')),
    redisPerArticle: round3(articleCpu('redis')),
  };
  const family = (name: string): FamilyCensus | undefined => census.find((entry) => entry.family === name);
  const average = (name: string): number => {
    const entry = family(name);
    return entry && entry.keys > 0 ? Math.round(entry.bytes / entry.keys) : 0;
  };
  const member = (key: string): number => members[key]?.bytesPerMember ?? 0;
  const bytes = {
    perSeenItem: measured.seenBytesMeasured,
    perSeenKeyMemoryUsage: average('seen'),
    perFeedState: member('feeds'),
    perAnalysedArticle: average('analysed article') + member('articles') + member('articles:log'),
    perDeliveryRecord: average('delivery record') + member('deliveries') + member('deliveries:status:sent') + member('deliveries:channel:desk-0'),
    perStoryEntry: average('story entry'),
    bullmq: (family('BullMQ job')?.bytes ?? 0) + (family('BullMQ queue keys')?.bytes ?? 0),
  };
  // The deployment this run simulates, at the stated publishing rate and interval.
  const load = {
    pollsPerSecond: round3(feeds / (measured.intervalMinutes * 60)),
    articlesPerSecond: round3((feeds * measured.itemsPerFeedPerDay) / DAY_SECONDS),
    alertsPerSecond: round3(articles > 0 ? ((feeds * measured.itemsPerFeedPerDay) / DAY_SECONDS) * (alerts / articles) : 0),
  };
  const changedShare = measured.publishingShare;
  const workerCores = (load.pollsPerSecond * (changedShare * cpuMs.perChangedFeedPoll + (1 - changedShare) * cpuMs.perQuietPoll) + load.articlesPerSecond * cpuMs.perArticle) / 1000;
  const redisCores = (load.pollsPerSecond * cpuMs.redisPerQuietPoll + load.articlesPerSecond * cpuMs.redisPerArticle) / 1000;
  const articlesPerDay = feeds * measured.itemsPerFeedPerDay;
  const alertsPerDay = articles > 0 ? articlesPerDay * (alerts / articles) : 0;
  const memory = {
    seenItems: Math.round(feeds * (measured.itemsPerFeed + measured.itemsPerFeedPerDay * RETENTION_DAYS.seen)),
    analysedArticles: Math.round(articlesPerDay * RETENTION_DAYS.articles),
    deliveries: Math.round(alertsPerDay * RETENTION_DAYS.deliveries),
  };
  const memoryBytes = {
    seen: memory.seenItems * bytes.perSeenItem,
    articles: memory.analysedArticles * bytes.perAnalysedArticle,
    deliveries: memory.deliveries * (bytes.perDeliveryRecord + bytes.perStoryEntry),
    feedStates: feeds * bytes.perFeedState,
    bullmq: bytes.bullmq,
  };
  const totalBytes = Object.values(memoryBytes).reduce((total, value) => total + value, 0);
  return {
    scale: {
      feeds,
      channels: measured.channels,
      topics: measured.topics,
      workerProcesses: measured.workers,
      concurrencyPerProcess: measured.concurrency,
      itemsListedPerFeed: measured.itemsPerFeed,
      itemsPerFeedPerDay: measured.itemsPerFeedPerDay,
      intervalMinutes: measured.intervalMinutes,
      publishingShareOfFeedsPerRound: round3(measured.publishingShare),
      matchShareOfItems: measured.matchShare,
    },
    rounds: rounds.map((round) => ({ ...round, intervalCompressedBy: round1((measured.intervalMinutes * 60) / round.seconds) })),
    publishingRounds: {
      articlesPerSecond: round1(publishingSeconds > 0 ? articles / publishingSeconds : 0),
      alertsPerSecond: round1(publishingSeconds > 0 ? alerts / publishingSeconds : 0),
      pollsPerSecond: round1(publishingSeconds > 0 ? sum(publishing, (round) => round.polls) / publishingSeconds : 0),
    },
    cpuMs,
    redisBytes: bytes,
    keyFamilies: census,
    deployment: {
      load,
      workerCoresBusy: round3(workerCores),
      redisCoresBusy: round3(redisCores),
      workerProcessesAtHalfLoad: Math.max(1, Math.ceil(workerCores / PLANNED_UTILISATION)),
      articlesPerSecondOneWorkerCore: round1(cpuMs.perArticle > 0 ? 1000 / cpuMs.perArticle : 0),
      storyWindowArticles: articlesPerDay * STORY_WINDOW_DAYS,
      storyWindowOverProcessCache: articlesPerDay * STORY_WINDOW_DAYS > STORY_WINDOW_CACHE,
      retainedRecords: memory,
      redisMemoryMiB: { ...Object.fromEntries(Object.entries(memoryBytes).map(([key, value]) => [key, mib(value)])), total: mib(totalBytes) },
    },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchSizing(), null, 2));
}
