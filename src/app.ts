import { mkdtempSync, rmSync, unwatchFile, watchFile } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import pino from 'pino';
import { createConsoleSink } from './adapters/chat/console/console-sink.js';
import { createDiscordSink, renderDiscordAlert } from './adapters/chat/discord/index.js';
import { createSlackSink, renderSlackAlert } from './adapters/chat/slack/index.js';
import { extractPage } from './adapters/feeds/extract-page.js';
import { createFileFeedFetcher } from './adapters/feeds/file-feed-fetcher.js';
import { createHttpFeedFetcher, defaultHttpFetcherOptions } from './adapters/feeds/http-feed-fetcher.js';
import { parseFeed } from './adapters/feeds/parse-feed.js';
import { checkRedisMemoryPolicy, createBullmqQueue } from './adapters/queue/bullmq-queue.js';
import { createInProcessQueue } from './adapters/queue/in-process-queue.js';
import { createRedisClient } from './adapters/queue/redis-connection.js';
import { createRedisStateStore } from './adapters/state/redis-state-store.js';
import { scheduleCron, type ScheduledJob } from './adapters/schedule/cron-scheduler.js';
import { createSqliteStateStore } from './adapters/state/sqlite-state-store.js';
import { buildSettings } from './config/build-settings.js';
import type { ChannelConfig, Config } from './config/config-schema.js';
import { loadConfigFile } from './config/load-config.js';
import { analyzeArticle } from './core/analyze-article.js';
import { buildAlerts } from './core/build-alerts.js';
import { parseDuration } from './core/duration.js';
import { describeError } from './core/errors.js';
import type { RuntimeSettings } from './core/settings.js';
import type { ChatSink } from './ports/chat-sink.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { FeedFetcher } from './ports/feed-fetcher.js';
import type { JobQueue } from './ports/job-queue.js';
import type { Logger } from './ports/logger.js';
import type { StateStore } from './ports/state-store.js';
import { enqueueDuePolls, recoverPendingWork, startPipeline, type PipelineDependencies } from './pipeline/pipeline.js';
import { sendDigest } from './pipeline/send-digest.js';

export interface AppOptions {
  configPath: string;
  /** State directory; null with `fresh` for a throw-away one. */
  dataDir: string;
  fresh?: boolean;
  output: 'text' | 'jsonl';
  logLevel: string;
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
  clock?: Clock;
}

export interface App {
  config: Config;
  settings: () => RuntimeSettings;
  store: StateStore;
  queue: JobQueue;
  logger: Logger;
  /** Polls every feed once and finishes all resulting work; resolves with the feeds that failed. */
  runOnce(): Promise<{ failed: { feedId: string; error: string }[]; polled: number }>;
  /**
   * Starts the workers and, unless `scheduler` is false (the `worker` command), the schedule; resolves once running.
   * `concurrency` is the number of jobs of each step one process runs at once.
   */
  start(options?: { scheduler?: boolean; concurrency?: number }): Promise<void>;
  /** `memory` (SQLite, in-process queue) or `redis` (Redis state, BullMQ). */
  backend: 'memory' | 'redis';
  /**
   * Re-reads the config file. A bad file keeps the running configuration and is reported (log and admin
   * channel) with file:line:column; returns whether the new file took effect.
   */
  reloadConfig(): Promise<boolean>;
  /**
   * Sends again the alerts of a channel that failed (or are still pending) since a time, and waits for them.
   * Returns how many were queued.
   */
  replayAlerts(filter: { channelId: string; since: string }): Promise<number>;
  stop(): Promise<void>;
}

/** The default config file: `NEWSWATCH_CONFIG`, else config/newswatch.yaml. */
export function defaultConfigPath(env: NodeJS.ProcessEnv): string {
  return env['NEWSWATCH_CONFIG'] ?? 'config/newswatch.yaml';
}

/** The default state directory: `NEWSWATCH_DATA_DIR`, else data/. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  return env['NEWSWATCH_DATA_DIR'] ?? 'data';
}

/** Reads and resolves a config file; throws ConfigError with file:line:column. */
export function loadSettings(configPath: string, env: NodeJS.ProcessEnv): { config: Config; settings: RuntimeSettings } {
  const config = loadConfigFile(configPath, env);
  const base = dirname(resolve(configPath));
  const settings = buildSettings(config, configPath, (path) => (isAbsolute(path) ? path : resolve(base, path)));
  return { config, settings };
}

function createFetcher(config: Config, baseDir: string, userAgent: string): FeedFetcher & { close(): Promise<void> } {
  const http = createHttpFeedFetcher({
    ...defaultHttpFetcherOptions,
    userAgent,
    totalTimeoutMs: parseDuration(config.defaults.fetch_timeout) ?? defaultHttpFetcherOptions.totalTimeoutMs,
    maxBytes: parseByteSize(config.defaults.max_feed_size),
    allowPrivateAddresses: config.defaults.allow_private_addresses,
  });
  const file = createFileFeedFetcher(baseDir);
  return {
    fetch: (location, validators, signal) =>
      /^https?:\/\//i.test(location) ? http.fetch(location, validators, signal) : file.fetch(location, validators, signal),
    close: () => http.close(),
  };
}

function parseByteSize(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)$/i.exec(value);
  const units: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };
  return match ? Math.round(Number(match[1]) * (units[(match[2] ?? 'B').toUpperCase()] ?? 1)) : 5 * 1024 ** 2;
}

/** Builds one chat sink per configured channel. Adding a platform means one more case here. */
export function createSinks(config: Config, options: Pick<AppOptions, 'output' | 'stdout' | 'env'>, logger: Logger): Map<string, ChatSink> {
  const sinks = new Map<string, ChatSink>();
  for (const [channelId, channel] of Object.entries(config.channels) as [string, ChannelConfig][]) {
    if (channel.type === 'console') {
      sinks.set(channelId, createConsoleSink({ channelId, output: options.stdout, format: options.output }));
    } else if (channel.type === 'slack') {
      sinks.set(
        channelId,
        createSlackSink({
          channelId,
          ...(channel.token !== undefined ? { token: channel.token } : {}),
          ...(channel.channel !== undefined ? { channel: channel.channel } : {}),
          ...(channel.webhook_url !== undefined ? { webhookUrl: channel.webhook_url } : {}),
          ...(options.env['SLACK_API_URL'] ? { apiUrl: options.env['SLACK_API_URL'] } : {}),
          logger,
        }),
      );
    } else {
      sinks.set(
        channelId,
        createDiscordSink({
          channelId,
          ...(channel.token !== undefined ? { token: channel.token } : {}),
          ...(channel.channel !== undefined ? { channel: channel.channel } : {}),
          ...(channel.webhook_url !== undefined ? { webhookUrl: channel.webhook_url } : {}),
          ...(options.env['DISCORD_API_URL'] ? { apiUrl: options.env['DISCORD_API_URL'] } : {}),
          logger,
        }),
      );
    }
  }
  return sinks;
}

/**
 * The exact chat payload an article would produce, for `newswatch preview`: analysed with the configured topics,
 * every matched topic routed to one preview channel.
 */
export function previewPayload(
  settings: RuntimeSettings,
  input: { title: string | null; html: string | null; text: string | null; url?: string | null; source?: string },
  platform: 'slack' | 'discord' | 'console',
  now: Date,
): unknown {
  const analysis = analyzeArticle({ ...input, detectHeadline: input.title === null }, settings.topicIndex, {
    summarySentences: settings.summarySentences,
  });
  const channel = { id: 'preview', platform, mode: 'immediate' as const, digestSchedule: null, minScore: 0, quietHours: null };
  const previewSettings: RuntimeSettings = {
    ...settings,
    channels: new Map([['preview', channel]]),
    topics: settings.topics.map((topic) => ({ ...topic, channels: ['preview'], mutedUntil: null })),
  };
  const article = {
    key: 'preview',
    feedId: 'preview',
    source: input.source ?? 'preview',
    url: input.url ?? null,
    title: input.title ?? analysis.title,
    publishedAt: now.toISOString(),
    html: input.html,
    text: input.text,
  };
  const story = { storyId: 'story-preview', followUpOf: null, otherSources: [] };
  const alert = buildAlerts(article, analysis, story, previewSettings, now)[0]?.alert ?? {
    articleKey: 'preview', channelId: 'preview', title: article.title, url: article.url, source: article.source,
    publishedAt: article.publishedAt, topics: [], summary: analysis.summary, quotes: analysis.quotes.slice(0, settings.maxQuotes),
    storyId: story.storyId, otherSources: [], followUpOf: null,
  };
  if (platform === 'slack') return renderSlackAlert(alert);
  if (platform === 'discord') return renderDiscordAlert(alert);
  return alert;
}

interface Backend {
  kind: 'memory' | 'redis';
  store: StateStore;
  queue: JobQueue;
  close(): Promise<void>;
}

/** SQLite and the in-process queue by default; Redis and BullMQ with `queue: redis` or REDIS_URL set. */
function createBackend(config: Config, options: AppOptions, dataDir: string, logger: Logger): Backend {
  const onError = (job: { queue: string; id: string; attempt: number } | null, error: unknown): void =>
    logger.warn({ queue: job?.queue, job: job?.id, attempt: job?.attempt, err: describeError(error) }, job ? 'job failed' : 'queue connection problem');
  const redisUrl = options.env['REDIS_URL'] ?? config.redis.url;
  const useRedis = config.queue === 'redis' || (config.queue === undefined && options.env['REDIS_URL'] !== undefined && options.env['REDIS_URL'] !== '');
  if (!useRedis) {
    const store = createSqliteStateStore(join(dataDir, 'newswatch.sqlite'));
    return { kind: 'memory', store, queue: createInProcessQueue({ onError }), close: () => store.close() };
  }
  const url = redisUrl ?? 'redis://127.0.0.1:6379';
  const prefix = options.env['NEWSWATCH_REDIS_PREFIX'] ?? config.redis.prefix;
  const client = createRedisClient(url, 'worker');
  client.on('error', () => undefined); // reconnects by itself; outages are reported by the queue
  void checkRedisMemoryPolicy(client)
    .then((warning) => warning && logger.warn({ redis: url }, warning))
    .catch(() => undefined);
  const store = createRedisStateStore(client, { prefix });
  const queue = createBullmqQueue({ connection: url, prefix, onError });
  return {
    kind: 'redis',
    store,
    queue,
    close: async () => {
      await store.close();
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/** The composition root: the only place that picks adapters and wires them to the pipeline. */
export function createApp(options: AppOptions): App {
  const { config, settings: initial } = loadSettings(options.configPath, options.env);
  let settings = initial;
  const clock = options.clock ?? systemClock;
  const logger: Logger = pino({ level: options.logLevel, base: { app: 'newswatch' } }, options.stderr as pino.DestinationStream);
  const dataDir = options.fresh ? mkdtempSync(join(tmpdir(), 'newswatch-')) : options.dataDir;
  const backend = createBackend(config, options, dataDir, logger);
  const { store, queue } = backend;
  const sinks = createSinks(config, options, logger);
  const fetcher = createFetcher(config, dirname(resolve(options.configPath)), config.defaults.user_agent ?? defaultHttpFetcherOptions.userAgent);
  const deps: PipelineDependencies = {
    fetcher,
    parseFeed,
    store,
    queue,
    clock,
    logger,
    settings: () => settings,
    sinks: () => sinks,
    pages: { fetcher, extract: extractPage },
  };
  const schedules: ScheduledJob[] = [];
  let started = false;
  let watching = false;
  let stopping: Promise<void> | null = null;
  let reloadTimer: NodeJS.Timeout | null = null;

  const reloadConfig = async (): Promise<boolean> => {
    try {
      settings = loadSettings(options.configPath, options.env).settings;
      logger.info({ config: options.configPath, feeds: settings.feeds.length, topics: settings.topics.length }, 'configuration reloaded');
      return true;
    } catch (error) {
      const message = `configuration not reloaded, the last good one keeps running:\n${describeError(error)}`;
      logger.error({ config: options.configPath, err: describeError(error) }, 'configuration not reloaded');
      const admin = settings.adminChannel ? sinks.get(settings.adminChannel) : undefined;
      await admin?.postNotice(message).catch(() => undefined);
      return false;
    }
  };

  const startWorkers = async (concurrency = 4): Promise<void> => {
    if (started) return;
    started = true;
    startPipeline(deps, { poll: concurrency, analyze: Math.max(1, Math.ceil(concurrency / 2)), deliver: concurrency });
    const recovered = await recoverPendingWork(store, queue);
    if (recovered.articles + recovered.deliveries > 0) logger.info(recovered, 'resumed unfinished work');
  };

  return {
    config,
    settings: () => settings,
    store,
    queue,
    logger,
    async runOnce() {
      await startWorkers();
      const startedAt = clock.now();
      const queued = await enqueueDuePolls(settings, store, queue, startedAt, { all: true });
      await queue.drain();
      const states = await store.listFeedStates();
      const failed = states
        .filter((state) => queued.includes(state.feedId) && state.lastErrorAt !== null && state.lastErrorAt >= startedAt.toISOString())
        .map((state) => ({ feedId: state.feedId, error: state.lastError ?? 'unknown error' }));
      return { failed, polled: queued.length };
    },
    backend: backend.kind,
    async start(startOptions = {}) {
      await startWorkers(startOptions.concurrency);
      if (startOptions.scheduler === false) return;
      const onError = (error: unknown): void => logger.error({ err: describeError(error) }, 'scheduled task failed');
      schedules.push(scheduleCron('*/10 * * * * *', async () => void (await enqueueDuePolls(settings, store, queue, clock.now())), onError));
      for (const channel of settings.channels.values()) {
        if (channel.mode === 'digest' && channel.digestSchedule) {
          schedules.push(scheduleCron(channel.digestSchedule, async () => void (await sendDigest(channel.id, deps)), onError));
        }
      }
      schedules.push(
        scheduleCron('17 3 * * *', async () => {
          const now = clock.now().getTime();
          const days = (n: number): string => new Date(now - n * 86_400_000).toISOString();
          await store.prune({ seen: days(120), articles: days(7), deliveries: days(30) });
        }, onError),
      );
      await enqueueDuePolls(settings, store, queue, clock.now());
      // Polling the file's stat survives editors that replace the file instead of writing it in place.
      watchFile(options.configPath, { interval: 1_000 }, () => {
        if (reloadTimer) clearTimeout(reloadTimer);
        reloadTimer = setTimeout(() => void reloadConfig(), 300);
      });
      watching = true;
    },
    reloadConfig,
    async replayAlerts(filter) {
      await startWorkers();
      const records = [
        ...(await store.listDeliveries({ status: 'failed', channelId: filter.channelId, since: filter.since })),
        ...(await store.listDeliveries({ status: 'pending', channelId: filter.channelId, since: filter.since })),
      ];
      for (const record of records) {
        await store.saveDelivery({ ...record, status: 'pending' });
        await queue.add('deliver', `${record.articleKey}|${record.channelId}|replay`, { articleKey: record.articleKey, channelId: record.channelId });
      }
      await queue.drain();
      return records.length;
    },
    stop() {
      stopping ??= (async () => {
      for (const schedule of schedules.splice(0)) schedule.stop();
      if (watching) unwatchFile(options.configPath);
      if (reloadTimer) clearTimeout(reloadTimer);
      await queue.close();
      for (const sink of sinks.values()) await sink.close?.();
      await fetcher.close();
      await backend.close();
      if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
