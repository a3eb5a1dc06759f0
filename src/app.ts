import { mkdtempSync, readFileSync, rmSync, unwatchFile, watchFile } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { extractPage } from './adapters/feeds/extract-page.js';
import { parseFeed } from './adapters/feeds/parse-feed.js';
import { mountAdminQueues, type AdminQueues } from './adapters/http/bull-board.js';
import { createHttpServer, type HttpServer } from './adapters/http/http-server.js';
import { createPrometheusMetrics, mountMetricsRoute } from './adapters/http/prometheus-metrics.js';
import { scheduleCron, type ScheduledJob } from './adapters/schedule/cron-scheduler.js';
import { ensureDataDir } from './compose/check-data-dir.js';
import { listenAddress, refuseEnvironmentProblems } from './compose/check-environment.js';
import { createBackend } from './compose/create-backend.js';
import { buildStandingConfig, createCommandEndpoints } from './compose/create-commands.js';
import { exportMergedConfig } from './compose/export-merged-config.js';
import { createFetcher } from './compose/create-fetcher.js';
import { createLogger } from './compose/create-logger.js';
import { createPageFetcher } from './compose/create-page-fetcher.js';
import { ExitCode, InputError } from './compose/exit-codes.js';
import { createSinks } from './compose/create-sinks.js';
import { createWebSub, pushOffReason } from './compose/create-websub.js';
import { retryWithBackoff } from './compose/retry-with-backoff.js';
import { prepareSinkChanges } from './compose/reload-sinks.js';
import { findRestartOnlyChanges } from './compose/restart-only-settings.js';
import { buildSettings } from './config/build-settings.js';
import type { Config } from './config/config-schema.js';
import type { Environment, LogFormat } from './config/environment.js';
import { findMissingParts } from './config/load-config.js';
import { loadConfigFile } from './compose/load-config.js';
import { parseDuration } from './core/duration.js';
import { describeError } from './core/errors.js';
import { quoteInNotice } from './core/notice-text.js';
import { quietHoursDelayMs } from './core/quiet-hours.js';
import type { RuntimeSettings } from './core/settings.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { JobQueue } from './ports/job-queue.js';
import type { Logger } from './ports/logger.js';
import type { StateStore } from './ports/state-store.js';
import type { SubscriptionStore } from './ports/subscription-store.js';
import { createPendingSweeper, enqueueDuePolls, recoverPendingWork, startPipeline, type PipelineDependencies, type RunningPipeline } from './pipeline/pipeline.js';
import { resumeFeed } from './pipeline/feed-health.js';
import { sendDigest } from './pipeline/send-digest.js';
import { postTopicBrief } from './pipeline/send-brief.js';
import { createHousekeeping } from './pipeline/housekeeping.js';
import { createLiveSettings } from './pipeline/live-settings.js';
import { replayAlerts } from './pipeline/replay-alerts.js';
import { runOnce, type RunOnceResult } from './pipeline/run-once.js';

export interface AppOptions {
  configPath: string;
  /** State directory; null with `fresh` for a throw-away one. */
  dataDir: string;
  fresh?: boolean;
  output: 'text' | 'jsonl';
  logLevel: string;
  /** `auto` (the default): readable lines when stderr is a terminal, JSON lines otherwise. */
  logFormat?: LogFormat;
  /** Parsed once at start (src/config/environment.ts); createApp refuses one with problems. */
  environment: Environment;
  stdout: Writable;
  stderr: Writable;
  clock?: Clock;
}

export interface App {
  config: Config;
  settings: () => RuntimeSettings;
  store: StateStore;
  /** The WebSub subscriptions, one per feed whose hub was asked. */
  subscriptions: SubscriptionStore;
  queue: JobQueue;
  logger: Logger;
  /**
   * Polls every feed once and finishes all resulting work; resolves with the feeds that failed, the alerts that
   * did not go out (kept for `alerts replay`), and how many alerts wait for quiet hours (sent by a later run).
   */
  runOnce(): Promise<RunOnceResult>;
  /**
   * Starts the workers and, unless `scheduler` is false (the `worker` command), the schedule; resolves once running.
   * `concurrency` is the number of jobs of each step one process runs at once.
   */
  start(options?: { scheduler?: boolean; concurrency?: number }): Promise<void>;
  /** `memory` (SQLite, in-process queue) or `redis` (Redis state, BullMQ). */
  backend: 'memory' | 'redis';
  /** The HTTP listener's port once `start` opened it (PORT, 3000 by default; 0 picks a free one), else null. */
  httpPort(): number | null;
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
  /** Posts a digest channel's held alerts now, as its schedule does; returns how many it carried. */
  sendDigest(channelId: string): Promise<number>;
  /** Posts a topic brief of the last `sinceMs` to a channel now, as a channel's `briefs:` schedule does; returns its story count. */
  postBrief(channelId: string, brief: { topicId: string; sinceMs: number; sinceText: string }): Promise<number>;
  /**
   * Resumes a paused feed (clears its failure record, polls it at the next tick). `not-paused` changes nothing:
   * the feed is polled on its schedule already, or was never polled.
   */
  resumeFeed(feedId: string): Promise<'resumed' | 'not-paused'>;
  /** The configuration in force (the YAML with chat's changes merged in) as YAML, the file's comments kept. */
  exportConfig(): Promise<string>;
  stop(): Promise<void>;
}

/** Reads and resolves a config file, `${VAR}` taken from `variables`; throws ConfigError with file:line:column. */
export function loadSettings(configPath: string, variables: Environment['variables']): { config: Config; settings: RuntimeSettings } {
  const config = loadConfigFile(configPath, variables);
  const base = dirname(resolve(configPath));
  const settings = buildSettings(config, configPath, (path) => (isAbsolute(path) ? path : resolve(base, path)));
  return { config, settings };
}

/** The cron expression of the scheduler's tick, a whole number of seconds that divides a minute (the schema checks). */
function tickExpression(tick: string): string {
  const seconds = Math.max(1, Math.round((parseDuration(tick) ?? 10_000) / 1_000));
  return seconds >= 60 ? '0 * * * * *' : `*/${seconds} * * * * *`;
}

/** The composition root: the only place that picks adapters and wires them to the pipeline. */
export function createApp(options: AppOptions): App {
  refuseEnvironmentProblems(options.environment);
  const { config, settings: initial } = loadSettings(options.configPath, options.environment.variables);
  let settings = initial;
  const clock = options.clock ?? systemClock;
  const logger: Logger = createLogger({ level: options.logLevel, format: options.logFormat ?? 'auto', stream: options.stderr });
  const dataDir = options.fresh ? mkdtempSync(join(tmpdir(), 'newswatch-')) : options.dataDir;
  const backend = createBackend(config, options.environment, { configPath: options.configPath, dataDir, logger, prepareDataDir: ensureDataDir });
  if (options.fresh && backend.kind === 'redis') {
    void backend.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error('--fresh starts from an empty embedded state and cannot empty a shared Redis; unset REDIS_URL or set queue: memory');
  }
  const { store, queue } = backend;
  const sinkOptions = { ...options, budgets: backend.budgets };
  const sinks = createSinks(config, sinkOptions, logger);
  // read per fetch: a YAML edit changes the address policy and limits of the next request
  const fetcher = createFetcher(dirname(resolve(options.configPath)), () => settings.fetch ?? {}, backend.budgets);
  const metrics = createPrometheusMetrics({
    queue,
    feedStates: () => store.listFeedStates(),
    subscriptionStates: async () => (await backend.subscriptions.list()).map((subscription) => subscription.state),
    platforms: [...new Set([...sinks.values()].map((sink) => sink.platform))],
  });
  const deps: PipelineDependencies = {
    fetcher,
    parseFeed,
    store,
    queue,
    clock,
    logger,
    settings: () => settings,
    sinks: () => sinks,
    pages: { fetcher: createPageFetcher(fetcher), extract: extractPage },
    metrics,
    claimTtlMs: backend.deliveryClaimMs,
  };
  // Push is taken up by `start` only: a one-shot run has no listener for the hub to verify with.
  const webSub = createWebSub({ environment: options.environment, subscriptions: backend.subscriptions, store, queue, clock, logger, metrics, settings: () => settings });
  // Chat's topics, feeds, mutes and routes, merged onto the YAML and refreshed from the store every 2 s.
  const liveSettings = createLiveSettings(backend.live, buildStandingConfig(config, initial), logger, (merged) => {
    settings = merged;
  });
  const commands = createCommandEndpoints(
    config,
    options.environment,
    { live: backend.live, liveSettings, store, queue, fetcher, parseFeed, clock, logger },
    (token, ttlMs) => store.claimOnce(token, ttlMs, clock.now()),
  );
  const schedules: ScheduledJob[] = [];
  // The YAML last put in force, and the schedules it sets (poll tick, digests); a reload replaces both.
  let applied = config;
  let timed: { key: string; jobs: ScheduledJob[] } | null = null;
  const onScheduleError = (error: unknown): void => logger.error({ err: describeError(error) }, 'scheduled task failed');
  let started = false;
  let pipeline: RunningPipeline | null = null;
  let watching = false;
  let stopping: Promise<void> | null = null;
  let http: HttpServer | null = null;
  let httpPort: number | null = null;
  let adminQueues: AdminQueues | null = null;
  const housekeeping = createHousekeeping({ store, clock, settings: () => settings });
  const sweeper = createPendingSweeper(store, queue, {
    isHeld: (delivery) => quietHoursDelayMs(clock.now(), settings.channels.get(delivery.channelId)?.quietHours ?? null) > 0,
  });

  const startHttp = async (): Promise<void> => {
    const { port, host } = listenAddress(options.environment);
    http = createHttpServer({
      port,
      host,
      readiness: [
        { name: 'config', probe: async () => void settings.feeds },
        { name: 'store', probe: async () => void (await store.getFeedState('readiness-probe')) },
        { name: 'queue', probe: async () => void (await queue.counts('poll')) },
      ],
    });
    adminQueues = mountAdminQueues(http.app, { token: config.admin.token ?? null, bullmq: backend.bullmq });
    metrics.collectProcessMetrics();
    mountMetricsRoute(http.app, metrics);
    commands.mount(http.app);
    webSub.mount(http.app);
    httpPort = (await http.listen()).port;
    logger.info({ port: httpPort }, 'HTTP listener ready');
  };
  let reloadTimer: NodeJS.Timeout | null = null;

  /** Schedules the poll tick and the digests of the YAML in force, replacing the previous ones when they changed. */
  const scheduleTimed = (): void => {
    const digests = [...settings.channels.values()].flatMap((channel) => (channel.mode === 'digest' && channel.digestSchedule ? [[channel.id, channel.digestSchedule] as const] : []));
    const briefs = [...settings.channels.values()].flatMap((channel) => channel.briefs.map((brief) => [channel.id, brief] as const));
    const key = JSON.stringify([applied.scheduler.tick, digests, briefs]);
    if (timed?.key === key) return;
    for (const job of timed?.jobs.splice(0) ?? []) job.stop();
    const jobs = [scheduleCron(tickExpression(applied.scheduler.tick), async () => void (await enqueueDuePolls(settings, store, queue, clock.now())), onScheduleError)];
    for (const [channelId, expression] of digests) jobs.push(scheduleCron(expression, async () => void (await sendDigest(channelId, deps)), onScheduleError));
    for (const [channelId, brief] of briefs) jobs.push(scheduleCron(brief.schedule, async () => void (await postTopicBrief(channelId, brief, deps, true)), onScheduleError));
    // apart from the poll tick, so a slow hub never holds the polls up
    jobs.push(scheduleCron(tickExpression(applied.scheduler.tick), () => webSub.maintain(), onScheduleError));
    timed = { key, jobs };
  };

  /** Reloads the YAML when it changes. Polling the file's stat survives editors that replace the file instead of writing it. */
  const watchConfig = (): void => {
    if (watching) return;
    watchFile(options.configPath, { interval: 1_000 }, () => {
      if (reloadTimer) clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => void reloadConfig(), 300);
    });
    watching = true;
  };

  const reloadConfig = async (): Promise<boolean> => {
    try {
      const reloaded = loadSettings(options.configPath, options.environment.variables);
      // a file saved empty (an editor caught mid-write, a truncated copy) is refused like a broken one
      if (reloaded.settings.feeds.length + reloaded.settings.topics.length === 0) {
        throw new Error(`${options.configPath}: ${findMissingParts({ feeds: 0, topics: 0 }).join('; ')}`);
      }
      // built first: a channel whose sink cannot be built keeps the whole edit out
      const sinkChanges = prepareSinkChanges(applied, reloaded.config, sinkOptions, logger);
      liveSettings.setStanding(buildStandingConfig(reloaded.config, reloaded.settings));
      await sinkChanges.apply(sinks);
      applied = reloaded.config;
      if (timed) scheduleTimed();
      // unset `queue` means what the environment picked, so only a different backend counts as a change
      const withBackend = (yaml: Config): Config => ({ ...yaml, queue: yaml.queue ?? backend.kind });
      for (const setting of findRestartOnlyChanges(withBackend(config), withBackend(reloaded.config))) {
        logger.warn({ setting: setting.path }, `${setting.path} changed in the YAML but needs a restart (${setting.why}); the value from start keeps running`);
      }
      const channels = { changed: sinkChanges.changed, removed: sinkChanges.removed };
      logger.info({ config: options.configPath, feeds: settings.feeds.length, topics: settings.topics.length, channels }, 'configuration reloaded');
      return true;
    } catch (error) {
      const message = `configuration not reloaded, the last good one keeps running:\n${quoteInNotice(describeError(error))}`;
      logger.error({ config: options.configPath, err: describeError(error) }, 'configuration not reloaded');
      const admin = settings.adminChannel ? sinks.get(settings.adminChannel) : undefined;
      await admin?.postNotice(message).catch(() => undefined);
      return false;
    }
  };

  // A process that polls nothing or alerts on nothing would look healthy while doing no work. Feeds and topics
  // added from chat count, so a YAML without feeds is fine once chat has added some.
  const refuseIdleConfig = async (): Promise<void> => {
    await liveSettings.refresh().catch(() => undefined);
    const missing = findMissingParts({ feeds: settings.feeds.length, topics: settings.topics.length });
    if (missing.length > 0) throw new InputError(ExitCode.configIncomplete, `${options.configPath}: ${missing.join('; ')}`);
  };

  // Queues again what is pending in the store: at start, and each time Redis is back from an outage (work whose
  // job could not be queued meanwhile then waits for nothing else). Retried while Redis is away: a long-running
  // process waits it out, however long; a one-shot command gives up after two minutes, as its drain does.
  const resumePendingWork = (when: string, giveUpAfterMs?: number): Promise<unknown> =>
    retryWithBackoff(async () => {
      const recovered = await recoverPendingWork(store, queue);
      if (recovered.articles + recovered.deliveries > 0) logger.info({ ...recovered, when }, 'resumed unfinished work');
    }, { what: 'queue the unfinished work', logger, stopped: () => stopping !== null, ...(giveUpAfterMs ? { giveUpAfterMs } : {}) });

  const startWorkers = async ({ concurrency = 4, oneShot = false } = {}): Promise<void> => {
    if (started) return;
    started = true;
    await liveSettings.refresh().catch((error: unknown) => logger.warn({ err: describeError(error) }, 'chat configuration not loaded; trying again'));
    liveSettings.startPolling(2_000);
    pipeline = startPipeline(deps, { poll: concurrency, analyze: concurrency, deliver: concurrency });
    // Every process reconnects within a few seconds of Redis's return; one of them queues the pending work again.
    backend.onReconnect(() => {
      void store
        .claimOnce('resume-after-reconnect', 5_000, clock.now())
        .then((mine) => mine && resumePendingWork('Redis reconnected'))
        .catch((error: unknown) => logger.warn({ err: describeError(error) }, 'could not queue the unfinished work after reconnecting'));
    });
    await resumePendingWork('start', oneShot ? 120_000 : undefined);
  };

  return {
    config,
    settings: () => settings,
    store,
    subscriptions: backend.subscriptions,
    queue,
    logger,
    runOnce: () =>
      runOnce({
        store,
        queue,
        clock,
        logger,
        sweeper,
        settings: () => settings,
        sharedQueue: backend.kind === 'redis',
        stopping: () => stopping !== null,
        prepare: async () => {
          // Alerts in quiet hours stay pending for a later run rather than keeping this one waiting.
          deps.quietHours = 'hold';
          // at start only: in a running process, chat may remove the last feed or topic for a while
          if (!started) await refuseIdleConfig();
        },
        startWorkers: () => startWorkers({ oneShot: true }),
      }),
    backend: backend.kind,
    httpPort: () => httpPort,
    async start(startOptions = {}) {
      if (!started) await refuseIdleConfig();
      deps.webSub = webSub.deps;
      const pushOff = pushOffReason(options.environment);
      if (pushOff === null) logger.info({ publicUrl: options.environment.publicUrl }, 'WebSub push on: feeds that advertise a hub are subscribed');
      else logger.info({ reason: pushOff }, 'WebSub push off; feeds are polled');
      await startWorkers(startOptions.concurrency === undefined ? {} : { concurrency: startOptions.concurrency });
      if (startOptions.scheduler === false) {
        // a worker serves /healthz, /readyz and /metrics only when given a PORT, so several can share a machine
        if (options.environment.port !== undefined) await startHttp();
        // workers fetch and deliver, so they follow YAML edits too
        watchConfig();
        return;
      }
      await startHttp();
      await commands.start();
      if (commands.modes.length > 0) logger.info({ modes: commands.modes }, 'chat commands ready');
      const onError = onScheduleError;
      scheduleTimed();
      if (backend.kind === 'redis') {
        // Once a minute, work pending since the last sweep without a job is queued again (see createPendingSweeper).
        schedules.push(
          scheduleCron('30 * * * * *', async () => {
            const swept = await sweeper.sweep();
            if (swept.articles + swept.deliveries > 0) logger.warn(swept, 'pending work had no job; queued it again');
          }, onError),
        );
      }
      schedules.push(scheduleCron('17 3 * * *', async () => void (await housekeeping.run()), onError));
      // While Redis is away this waits for it instead of failing the start.
      await retryWithBackoff(() => enqueueDuePolls(settings, store, queue, clock.now()), { what: 'queue the first polls', logger, stopped: () => stopping !== null });
      watchConfig();
    },
    reloadConfig,
    sendDigest: (channelId) => sendDigest(channelId, deps),
    postBrief: async (channelId, brief) => (await postTopicBrief(channelId, brief, deps, false)) ?? 0,
    async exportConfig() {
      await liveSettings.refresh();
      return exportMergedConfig(readFileSync(options.configPath, 'utf8'), liveSettings.standing(), liveSettings.live());
    },
    async resumeFeed(feedId) {
      const state = await store.getFeedState(feedId);
      if (!state?.paused) return 'not-paused';
      await resumeFeed(store, feedId, clock.now());
      return 'resumed';
    },
    async replayAlerts(filter) {
      // An explicit request: sent now, quiet hours or not.
      deps.quietHours = 'ignore';
      await startWorkers({ oneShot: true });
      return replayAlerts(filter, { store, queue });
    },
    stop() {
      stopping ??= (async () => {
      for (const schedule of [...schedules.splice(0), ...(timed?.jobs.splice(0) ?? [])]) schedule.stop();
      liveSettings.stop();
      await commands.stop();
      await http?.close();
      await adminQueues?.close();
      if (watching) unwatchFile(options.configPath);
      if (reloadTimer) clearTimeout(reloadTimer);
      pipeline?.stop();
      await queue.close();
      for (const sink of sinks.values()) await sink.close?.();
      await fetcher.close();
      await webSub.close();
      await backend.close();
      if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

export { previewPayload } from './compose/preview-payload.js';
export { registerDiscordCommandsFor } from './compose/create-commands.js';
