import type { LiveConfig, StandingConfig } from '../core/commands/live-config.js';
import { mergeLiveConfig } from '../core/commands/merge-live-config.js';
import { describeError } from '../core/errors.js';
import type { RuntimeSettings } from '../core/settings.js';
import type { LiveConfigStore } from '../ports/live-config-store.js';
import type { Logger } from '../ports/logger.js';

/** The settings the pipeline sees: the YAML with chat's changes merged in, kept current from the store. */
export interface LiveSettings {
  /** The merged settings. */
  current(): RuntimeSettings;
  /** The YAML, resolved. */
  standing(): StandingConfig;
  /** Chat's changes as last loaded. */
  live(): LiveConfig;
  /** Takes a new YAML (a reload) and merges chat's changes onto it. */
  setStanding(standing: StandingConfig): void;
  /** Reloads chat's changes when the store's version moved; resolves with whether it did. */
  refresh(): Promise<boolean>;
  /** Checks the store every `intervalMs` until `stop`. */
  startPolling(intervalMs: number): void;
  stop(): void;
}

const EMPTY: LiveConfig = { version: 0, topics: [], feeds: [] };

/**
 * Keeps the merged settings in step with the live configuration store. Each process polls the store's version
 * (a cheap read) and reloads only when it moved, so a chat change made through any process reaches all of them
 * within one polling interval. A merge that fails keeps the last good settings; `onChange` hears of every new merge.
 */
export function createLiveSettings(
  store: LiveConfigStore,
  initial: StandingConfig,
  logger: Logger,
  onChange: (settings: RuntimeSettings) => void = () => undefined,
): LiveSettings {
  let standing = initial;
  let live = EMPTY;
  let merged = initial.settings;
  let inFlight: Promise<boolean> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const remerge = (): void => {
    try {
      merged = mergeLiveConfig(standing, live);
      onChange(merged);
    } catch (error) {
      logger.error({ version: live.version, err: describeError(error) }, 'chat configuration not merged; the last good settings keep running');
    }
  };

  const load = async (): Promise<boolean> => {
    if ((await store.version()) === live.version && live !== EMPTY) return false;
    live = await store.load();
    remerge();
    // nothing changed from chat yet: not worth a line at the default level
    const level = live.topics.length + live.feeds.length === 0 ? 'debug' : 'info';
    logger[level]({ version: live.version, topics: live.topics.length, feeds: live.feeds.length }, 'chat configuration loaded');
    return true;
  };

  const refresh = (): Promise<boolean> => {
    // One load at a time; a caller arriving meanwhile waits for it and then checks again.
    const run = (inFlight ?? Promise.resolve(false)).then(load);
    const tracked: Promise<boolean> = run
      .catch(() => false)
      .finally(() => {
        if (inFlight === tracked) inFlight = null;
      });
    inFlight = tracked;
    return run;
  };

  return {
    current: () => merged,
    standing: () => standing,
    live: () => live,
    setStanding(next) {
      standing = next;
      remerge();
    },
    refresh,
    startPolling(intervalMs) {
      if (timer) return;
      let failing = false;
      timer = setInterval(() => {
        if (inFlight) return;
        refresh().then(
          () => {
            if (failing) logger.info({}, 'chat configuration refreshed again');
            failing = false;
          },
          (error: unknown) => {
            // Once per outage: the store being down is reported by the queue and the readiness probe too.
            if (!failing) logger.warn({ err: describeError(error) }, 'chat configuration not refreshed; trying again every interval');
            failing = true;
          },
        );
      }, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
