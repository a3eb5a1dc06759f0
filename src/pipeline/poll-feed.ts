import { CodedError, describeError } from '../core/errors.js';
import { chooseIntervalMs, estimatePublishGapMs, failureDelayMs, nextPollTime, type PollingPolicy } from '../core/poll-interval.js';
import { settingInForce, type FeedSettings, type RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { ChatSink } from '../ports/chat-sink.js';
import type { Clock } from '../ports/clock.js';
import type { CacheHints, FeedFetcher, FeedParser } from '../ports/feed-fetcher.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { Logger } from '../ports/logger.js';
import { noopMetrics, type Metrics } from '../ports/metrics.js';
import type { FeedState } from '../core/records/feed-state.js';
import type { FeedStateStore } from '../ports/feed-state-store.js';
import type { OneTimeClaims } from '../ports/one-time-claims.js';
import type { SeenArticleStore } from '../ports/seen-article-store.js';
import { discoverWebSubLinks } from '../core/websub/discover-links.js';
import { admitItems } from './admit-items.js';
import { initialFeedState, recordFeedFailure, recordFeedRecovery, rekeyNotice, rememberFingerprints } from '../core/feed-health.js';
import { notifyAdmins } from './feed-health.js';
import { followHub, type WebSubDependencies } from './websub-subscriber.js';

export interface PollDependencies {
  fetcher: FeedFetcher;
  parseFeed: FeedParser;
  store: FeedStateStore & SeenArticleStore & OneTimeClaims;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  /** Polling bounds, feed-health thresholds and the admin channel; defaults apply without them. */
  settings?: () => RuntimeSettings;
  /** Where admin notices about sick or re-keyed feeds go. */
  sinks?: () => ReadonlyMap<string, ChatSink>;
  metrics?: Metrics;
  /** WebSub push: subscriptions to the hubs feeds advertise, and slower polling while they deliver. */
  webSub?: WebSubDependencies;
}

export type PollOutcome =
  | { kind: 'not-modified' }
  | { kind: 'fetched'; items: number; newArticles: number; queued: number }
  | { kind: 'failed'; error: string }
  | { kind: 'paused' };

/** How long to wait after the n-th consecutive failure: doubling from a minute, capped. */
export function failureBackoffMs(failures: number, intervalMs: number): number {
  return failureDelayMs(failures, intervalMs);
}

/**
 * Polls one feed: conditional fetch, parse, keep what is new, queue it for analysis, and set the next poll from
 * the feed's publishing pace and the server's hints. Failures are recorded on the feed with a backoff and never
 * thrown, so one bad feed costs nothing to the others; a feed failing for long is reported once and paused.
 */
export async function pollFeed(feed: FeedSettings, deps: PollDependencies): Promise<PollOutcome> {
  const { store, clock, logger } = deps;
  const metrics = deps.metrics ?? noopMetrics;
  const polling = settingInForce(deps.settings?.(), 'polling');
  const state = (await store.getFeedState(feed.id)) ?? initialFeedState(feed.id);
  // a feed paused for failing is still probed at the longest interval; one an admin paused is left alone
  if (state.paused && state.pausedReason !== 'failures') return { kind: 'paused' };
  const started = clock.now();
  const seconds = (): number => Math.max(0, (clock.now().getTime() - started.getTime()) / 1_000);
  state.lastPollAt = started.toISOString();
  try {
    const result = await deps.fetcher.fetch(feed.location, state.validators);
    state.validators = result.validators;
    const webSub = deps.webSub;
    if (result.kind === 'not-modified') {
      const recovered = recordFeedRecovery(state, feed);
      const pushIntervalMs = webSub ? await followHub(feed, null, 0, { ...deps, webSub }) : null;
      markSuccess(state, feed, polling, result.hints, { publishGapMs: null, newItems: 0, ttlMinutes: state.ttlMinutes ?? null, pushIntervalMs }, clock.now());
      await store.saveFeedState(state);
      metrics.feedPolled({ feedId: feed.id, result: 'not-modified', bytes: 0, newArticles: 0, seconds: seconds() });
      logger.info({ feed: feed.id, status: 304, intervalMs: state.intervalMs, nextPollAt: state.nextPollAt }, 'feed not modified');
      if (recovered) await notifyAdmins(deps, { feed: feed.id }, recovered);
      return { kind: 'not-modified' };
    }
    const parsed = await deps.parseFeed(result.body, feed.location);
    const now = clock.now();
    const { byKey, unseen, rekey, fresh } = await admitItems(feed, parsed, state, now, deps);
    const newItems = state.initialized ? unseen.length - rekey.rekeyedKeys.size : 0;
    state.initialized = true;
    state.itemsSeen += unseen.length;
    rememberFingerprints(state, parsed.items);
    const notices = [recordFeedRecovery(state, feed)];
    if (rekey.isRekeyed) notices.push(rekeyNotice(state, feed, rekey.rekeyedKeys.size, byKey.size, now));
    const publishGapMs = estimatePublishGapMs(parsed.items.map((item) => item.publishedAt), now);
    state.ttlMinutes = parsed.ttlMinutes;
    const links = /^https?:\/\//i.test(feed.location) ? discoverWebSubLinks(result.links ?? null, result.body, result.finalUrl) : null;
    state.hub = links ? { hub: links.hubs[0] as string, topic: links.self ?? result.finalUrl } : null;
    const pushIntervalMs = webSub ? await followHub(feed, { links, finalUrl: result.finalUrl }, newItems, { ...deps, webSub }) : null;
    markSuccess(state, feed, polling, result.hints, { publishGapMs, newItems, ttlMinutes: parsed.ttlMinutes, pushIntervalMs }, clock.now());
    await store.saveFeedState(state);
    metrics.feedPolled({ feedId: feed.id, result: 'fetched', bytes: result.bytes, newArticles: fresh.length, seconds: seconds() });
    logger.info(
      {
        feed: feed.id,
        status: 200,
        bytes: result.bytes,
        items: parsed.items.length,
        new: unseen.length,
        queued: fresh.length,
        ...(rekey.isRekeyed ? { rekeyed: rekey.rekeyedKeys.size } : {}),
        intervalMs: state.intervalMs,
        nextPollAt: state.nextPollAt,
      },
      'feed polled',
    );
    for (const notice of notices) if (notice) await notifyAdmins(deps, { feed: feed.id }, notice);
    return { kind: 'fetched', items: parsed.items.length, newArticles: unseen.length, queued: fresh.length };
  } catch (error) {
    const now = clock.now();
    const health = settingInForce(deps.settings?.(), 'feedHealth');
    const retryAfterSeconds = error instanceof CodedError ? (error.retryAfterSeconds ?? null) : null;
    state.consecutiveFailures += 1;
    state.lastError = describeError(error);
    state.lastErrorAt = now.toISOString();
    const probeEveryMs = Math.max(polling.maxIntervalMs, feed.intervalMs);
    const notice = recordFeedFailure(state, feed, health, state.lastError, probeEveryMs);
    state.nextPollAt = state.paused
      ? nextPollTime(feed.id, now, probeEveryMs, (retryAfterSeconds ?? 0) * 1_000).toISOString()
      : new Date(now.getTime() + failureDelayMs(state.consecutiveFailures, state.intervalMs ?? feed.intervalMs, retryAfterSeconds)).toISOString();
    await store.saveFeedState(state);
    const code = error instanceof CodedError ? error.code : 'unexpected';
    metrics.feedPolled({ feedId: feed.id, result: 'failed', bytes: 0, newArticles: 0, errorCode: code, seconds: seconds() });
    logger.warn(
      { feed: feed.id, code, failures: state.consecutiveFailures, paused: state.paused, retryAfterSeconds, nextPollAt: state.nextPollAt, err: state.lastError },
      'feed poll failed',
    );
    if (notice) await notifyAdmins(deps, { feed: feed.id, code }, notice);
    return { kind: 'failed', error: state.lastError };
  }
}

/**
 * Records a successful poll and sets the next one from the feed's pace and the server's hints; while the feed's
 * hub pushes, no sooner than the push interval (the adaptive interval itself is kept for when pushing stops).
 */
function markSuccess(
  state: FeedState,
  feed: FeedSettings,
  polling: PollingPolicy,
  hints: CacheHints,
  observed: { publishGapMs: number | null; newItems: number; ttlMinutes: number | null; pushIntervalMs: number | null },
  now: Date,
): void {
  state.lastSuccessAt = now.toISOString();
  state.consecutiveFailures = 0;
  const { intervalMs, floorMs } = chooseIntervalMs({
    baseMs: feed.intervalMs,
    adaptive: feed.adaptive !== false,
    previousMs: state.intervalMs ?? null,
    policy: polling,
    publishGapMs: observed.publishGapMs,
    newItems: observed.newItems,
    ttlMinutes: observed.ttlMinutes,
    maxAgeSeconds: hints.maxAgeSeconds,
  });
  state.intervalMs = intervalMs;
  state.pushDeferred = observed.pushIntervalMs !== null && observed.pushIntervalMs > intervalMs;
  state.nextPollAt = nextPollTime(feed.id, now, state.pushDeferred ? (observed.pushIntervalMs as number) : intervalMs, floorMs).toISOString();
}
