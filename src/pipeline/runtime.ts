import { describeError } from '../core/errors.js';
import type { ConfigReading } from '../config/load-settings.js';
import type { ConfigFile, ConfigWatcher } from '../config/watch-config-file.js';
import type { DeliverDependencies } from './deliver-step.js';
import { resumeFeed } from './feed-health.js';
import type { SettingsHolder } from './runtime-settings.js';
import { replayAlerts } from './replay-alerts.js';
import { resumeAfterReconnect, resumePendingWork } from './resume-pending-work.js';
import { retryWithBackoff } from './retry-with-backoff.js';
import { runOnce, type RunOnceResult } from './run-once.js';
import { enqueueDuePolls, startPipeline, type PendingSweeper, type PipelineDependencies, type RunningPipeline } from './pipeline.js';
import { postTopicBrief } from './send-brief.js';
import { sendDigest } from './send-digest.js';
import type { TimedJobs } from './timed-jobs.js';
import type { WebSubDependencies } from './websub-subscriber.js';

/** What a process does with its pipeline: run it once, keep it running, or one operator's request. */
export interface Runtime {
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
  stop(): Promise<void>;
}

/** How the workers treat an alert in its channel's quiet hours; see DeliverDependencies. */
export type QuietHoursMode = NonNullable<DeliverDependencies['quietHours']>;

export interface RuntimeParts {
  pipeline: PipelineDependencies;
  settingsHolder: SettingsHolder;
  sweeper: PendingSweeper;
  timed: TimedJobs;
  /** Redis: producers fail fast while it is away, and its return is heard of through `onReconnect`. */
  sharedQueue: boolean;
  onReconnect(listener: () => void): void;
  /** The HTTP listener; `open` resolves with its port. */
  listener: { open(): Promise<number>; close(): Promise<void> };
  /** Whether a `worker` opens the listener too (only when given a PORT, so several can share a machine). */
  workerListens: boolean;
  commands: { start(): Promise<void>; stop(): Promise<void>; modes: string[] };
  /** WebSub push: what polls subscribe with, or why push is off (null when on). */
  webSub: { deps: WebSubDependencies; offReason: string | null; publicUrl: string | undefined };
  /** Refuses to run with nothing to poll or nothing to alert on. */
  refuseIdle(): Promise<void>;
  /** Reads the config file again, and watches it for edits. */
  configFile: ConfigFile;
  applyConfig(reading: ConfigReading): Promise<boolean>;
  /** Closes what the parts hold open (sinks, fetcher, hub client, backend); called last by `stop`. */
  release(): Promise<void>;
}

/**
 * Runs the pipeline for the commands of one process. The workers start once, by the first use that needs them,
 * and keep the quiet-hours mode it starts them with: `start` delays alerts until quiet hours end, `runOnce` holds
 * them for a later run rather than wait, `replayAlerts` (an explicit request) sends them now.
 */
export function createRuntime(parts: RuntimeParts): Runtime {
  const { pipeline: deps, settingsHolder, timed } = parts;
  const { store, queue, clock, logger } = deps;
  let started = false;
  let pipeline: RunningPipeline | null = null;
  let watcher: ConfigWatcher | null = null;
  let stopping: Promise<void> | null = null;
  let httpPort: number | null = null;
  const stopped = (): boolean => stopping !== null;
  const resume = { store, queue, clock, logger, stopped };

  const startWorkers = async (mode: { quietHours: QuietHoursMode; concurrency?: number; oneShot?: boolean; webSub?: WebSubDependencies }): Promise<void> => {
    if (started) return;
    started = true;
    await settingsHolder.refresh().catch((error: unknown) => logger.warn({ err: describeError(error) }, 'chat configuration not loaded; trying again'));
    settingsHolder.startPolling(2_000);
    const concurrency = mode.concurrency ?? 4;
    const running = { ...deps, quietHours: mode.quietHours, ...(mode.webSub ? { webSub: mode.webSub } : {}) };
    pipeline = startPipeline(running, { poll: concurrency, analyze: concurrency, deliver: concurrency });
    parts.onReconnect(() => resumeAfterReconnect(resume));
    await resumePendingWork(resume, 'start', mode.oneShot ? 120_000 : undefined);
  };

  const openListener = async (): Promise<void> => {
    httpPort = await parts.listener.open();
    logger.info({ port: httpPort }, 'HTTP listener ready');
  };

  const watchConfig = (): void => {
    watcher ??= parts.configFile.watch((reading) => void parts.applyConfig(reading));
  };

  return {
    runOnce: () =>
      runOnce({
        store,
        queue,
        clock,
        logger,
        sweeper: parts.sweeper,
        settings: deps.settings,
        sharedQueue: parts.sharedQueue,
        stopping: stopped,
        // at start only: in a running process, chat may remove the last feed or topic for a while
        prepare: async () => {
          if (!started) await parts.refuseIdle();
        },
        // Alerts in quiet hours stay pending for a later run rather than keeping this one waiting.
        startWorkers: () => startWorkers({ quietHours: 'hold', oneShot: true }),
      }),
    async start(options = {}) {
      if (!started) await parts.refuseIdle();
      const { offReason, publicUrl } = parts.webSub;
      if (offReason === null) logger.info({ publicUrl }, 'WebSub push on: feeds that advertise a hub are subscribed');
      else logger.info({ reason: offReason }, 'WebSub push off; feeds are polled');
      // Push is taken up here only: a one-shot run has no listener for the hub to verify with.
      await startWorkers({ quietHours: 'delay', webSub: parts.webSub.deps, ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }) });
      if (options.scheduler === false) {
        if (parts.workerListens) await openListener();
        // workers fetch and deliver, so they follow YAML edits too
        watchConfig();
        return;
      }
      await openListener();
      await parts.commands.start();
      if (parts.commands.modes.length > 0) logger.info({ modes: parts.commands.modes }, 'chat commands ready');
      timed.start();
      // While Redis is away this waits for it instead of failing the start.
      await retryWithBackoff(() => enqueueDuePolls(deps.settings(), store, queue, clock.now()), { what: 'queue the first polls', logger, stopped });
      watchConfig();
    },
    httpPort: () => httpPort,
    reloadConfig: () => parts.applyConfig(parts.configFile.read()),
    async replayAlerts(filter) {
      // An explicit request: sent now, quiet hours or not.
      await startWorkers({ quietHours: 'ignore', oneShot: true });
      return replayAlerts(filter, { store, queue });
    },
    sendDigest: (channelId) => sendDigest(channelId, deps),
    postBrief: async (channelId, brief) => (await postTopicBrief(channelId, brief, deps, false)) ?? 0,
    async resumeFeed(feedId) {
      const state = await store.getFeedState(feedId);
      if (!state?.paused) return 'not-paused';
      await resumeFeed(store, feedId, clock.now());
      return 'resumed';
    },
    stop() {
      stopping ??= (async () => {
        timed.stop();
        settingsHolder.stop();
        await parts.commands.stop();
        await parts.listener.close();
        watcher?.stop();
        pipeline?.stop();
        await queue.close();
        await parts.release();
      })();
      return stopping;
    },
  };
}
