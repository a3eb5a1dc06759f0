import { describeError } from '../core/errors.js';
import { EMPTY_CHAT_OVERLAY, type LiveConfig } from '../core/settings/chat-overlay.js';
import { freezeSnapshot } from '../core/settings/freeze-snapshot.js';
import { mergeLiveConfig } from '../core/settings/merge-chat-overlay.js';
import type { RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { StandingConfig } from '../core/settings/standing-config.js';
import type { LiveConfigStore } from '../ports/live-config-store.js';
import type { Logger } from '../ports/logger.js';

/**
 * The one holder of a process's settings: the YAML (put in force by `setStanding`) with chat's overlay (loaded
 * from the store) merged onto it, as one frozen snapshot. A change makes a new snapshot and publishes it; whoever
 * holds the previous one keeps seeing the previous values.
 */
export interface SettingsHolder {
  /** The snapshot in force; every step reads the settings through this. */
  current(): RuntimeSettings;
  /** The YAML, resolved (frozen too). */
  standing(): StandingConfig;
  /** Chat's overlay as last loaded (frozen too). */
  live(): LiveConfig;
  /** Takes a new YAML (a reload) and merges chat's overlay onto it. */
  setStanding(standing: StandingConfig): void;
  /** Reloads chat's overlay when the store's version moved; resolves with whether it did. */
  refresh(): Promise<boolean>;
  /** Hears of every new snapshot; returns the call that stops it hearing. */
  subscribe(listener: (snapshot: RuntimeSettings) => void): () => void;
  /** Checks the store every `intervalMs` until `stop`. */
  startPolling(intervalMs: number): void;
  stop(): void;
}

/**
 * Keeps the snapshot in step with the live configuration store. Each process polls the store's version (a cheap
 * read) and reloads only when it moved, so a chat change made through any process reaches all of them within one
 * polling interval. A merge that fails keeps the last good snapshot.
 */
export function createSettingsHolder(store: LiveConfigStore, initial: StandingConfig, logger: Logger): SettingsHolder {
  let standing = freezeSnapshot(initial);
  let live = EMPTY_CHAT_OVERLAY;
  let snapshot = standing.settings;
  const listeners = new Set<(snapshot: RuntimeSettings) => void>();
  let inFlight: Promise<boolean> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const publish = (next: RuntimeSettings): void => {
    snapshot = freezeSnapshot(next);
    for (const listener of listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        logger.error({ err: describeError(error) }, 'a settings subscriber failed; the new settings are in force');
      }
    }
  };

  const remerge = (): void => {
    let next: RuntimeSettings;
    try {
      next = mergeLiveConfig(standing, live);
    } catch (error) {
      logger.error({ version: live.version, err: describeError(error) }, 'chat configuration not merged; the last good settings keep running');
      return;
    }
    if (next !== snapshot) publish(next);
  };

  const load = async (): Promise<boolean> => {
    if ((await store.version()) === live.version && live !== EMPTY_CHAT_OVERLAY) return false;
    live = freezeSnapshot(await store.load());
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
    current: () => snapshot,
    standing: () => standing,
    live: () => live,
    setStanding(next) {
      standing = freezeSnapshot(next);
      remerge();
    },
    refresh,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
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
