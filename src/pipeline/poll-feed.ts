import { articleKey, guidsAreTrustworthy } from '../core/article-key.js';
import type { Article, FeedItem } from '../core/article.js';
import { CodedError, describeError } from '../core/errors.js';
import { chooseIntervalMs, defaultPollingPolicy, estimatePublishGapMs, failureDelayMs, nextPollTime, type PollingPolicy } from '../core/poll-interval.js';
import { DEFAULT_MAX_NEW_PER_POLL, defaultFeedHealthPolicy, type FeedSettings, type RuntimeSettings } from '../core/settings.js';
import type { ChatSink } from '../ports/chat-sink.js';
import type { Clock } from '../ports/clock.js';
import type { CacheHints, FeedFetcher, FeedParser } from '../ports/feed-fetcher.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { Logger } from '../ports/logger.js';
import { noopMetrics, type Metrics } from '../ports/metrics.js';
import type { FeedState, StateStore } from '../ports/state-store.js';
import { detectRekey, notifyAdmins, recordFeedFailure, recordFeedRecovery, rekeyNotice, rememberFingerprints } from './feed-health.js';

export interface PollDependencies {
  fetcher: FeedFetcher;
  parseFeed: FeedParser;
  store: StateStore;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  /** Polling bounds, feed-health thresholds and the admin channel; defaults apply without them. */
  settings?: () => RuntimeSettings;
  /** Where admin notices about sick or re-keyed feeds go. */
  sinks?: () => ReadonlyMap<string, ChatSink>;
  metrics?: Metrics;
}

export type PollOutcome =
  | { kind: 'not-modified' }
  | { kind: 'fetched'; items: number; newArticles: number; queued: number }
  | { kind: 'failed'; error: string }
  | { kind: 'paused' };

/** A feed nobody polled yet. */
export function initialFeedState(feedId: string): FeedState {
  return {
    feedId,
    validators: { etag: null, lastModified: null },
    lastPollAt: null,
    lastSuccessAt: null,
    lastError: null,
    lastErrorAt: null,
    consecutiveFailures: 0,
    nextPollAt: null,
    initialized: false,
    paused: false,
    itemsSeen: 0,
  };
}

/** How long to wait after the n-th consecutive failure: doubling from a minute, capped. */
export function failureBackoffMs(failures: number, intervalMs: number): number {
  return failureDelayMs(failures, intervalMs);
}

function isAlertableOnFirstPoll(item: FeedItem, feed: FeedSettings, now: Date): boolean {
  const policy = feed.firstPoll;
  if (policy.kind === 'all') return true;
  if (policy.kind === 'none' || item.publishedAt === null) return false;
  const published = Date.parse(item.publishedAt);
  return Number.isFinite(published) && now.getTime() - published <= policy.withinMs;
}

function toArticle(item: FeedItem, key: string, feed: FeedSettings, source: string): Article {
  return {
    key,
    feedId: feed.id,
    source,
    url: item.link,
    title: item.title ?? '',
    publishedAt: item.publishedAt,
    html: item.contentHtml ?? item.summaryHtml,
    text: null,
  };
}

/**
 * Polls one feed: conditional fetch, parse, keep what is new, queue it for analysis, and set the next poll from
 * the feed's publishing pace and the server's hints. Failures are recorded on the feed with a backoff and never
 * thrown, so one bad feed costs nothing to the others; a feed failing for long is reported once and paused.
 */
export async function pollFeed(feed: FeedSettings, deps: PollDependencies): Promise<PollOutcome> {
  const { store, clock, logger } = deps;
  const metrics = deps.metrics ?? noopMetrics;
  const polling = deps.settings?.().polling ?? defaultPollingPolicy;
  const state = (await store.getFeedState(feed.id)) ?? initialFeedState(feed.id);
  // a feed paused for failing is still probed at the longest interval; one an admin paused is left alone
  if (state.paused && state.pausedReason !== 'failures') return { kind: 'paused' };
  const started = clock.now();
  const seconds = (): number => Math.max(0, (clock.now().getTime() - started.getTime()) / 1_000);
  state.lastPollAt = started.toISOString();
  try {
    const result = await deps.fetcher.fetch(feed.location, state.validators);
    state.validators = result.validators;
    if (result.kind === 'not-modified') {
      const recovered = recordFeedRecovery(state, feed);
      markSuccess(state, feed, polling, result.hints, { publishGapMs: null, newItems: 0, ttlMinutes: state.ttlMinutes ?? null }, clock.now());
      await store.saveFeedState(state);
      metrics.feedPolled({ feedId: feed.id, result: 'not-modified', bytes: 0, newArticles: 0, seconds: seconds() });
      logger.info({ feed: feed.id, status: 304, intervalMs: state.intervalMs, nextPollAt: state.nextPollAt }, 'feed not modified');
      if (recovered) await notifyAdmins(deps, { feed: feed.id }, recovered);
      return { kind: 'not-modified' };
    }
    const parsed = await deps.parseFeed(result.body, feed.location);
    const source = feed.name || parsed.title || feed.id;
    const trustGuids = guidsAreTrustworthy(parsed.items);
    const byKey = new Map<string, FeedItem>();
    for (const item of parsed.items) byKey.set(articleKey(item, feed.id, trustGuids), item);
    const unseen = await store.filterUnseen([...byKey.keys()]);
    const now = clock.now();
    const rekey = detectRekey(state, [...byKey].map(([key, item]) => ({ key, item })), unseen);
    const maxNew = deps.settings?.().maxNewPerPoll ?? DEFAULT_MAX_NEW_PER_POLL;
    const pending: Article[] = [];
    const seenOnly: string[] = [];
    let overflow = 0;
    for (const key of unseen) {
      const item = byKey.get(key) as FeedItem;
      const wanted = !rekey.rekeyedKeys.has(key) && (state.initialized || isAlertableOnFirstPoll(item, feed, now));
      // past the cap the rest is recorded as seen: a feed that suddenly holds thousands of new items is a flood, not news
      if (wanted && pending.length < maxNew) pending.push(toArticle(item, key, feed, source));
      else {
        if (wanted) overflow += 1;
        seenOnly.push(key);
      }
    }
    if (overflow > 0) logger.warn({ feed: feed.id, new: unseen.length, analysed: pending.length, skipped: overflow }, 'too many new items in one poll; the rest recorded as seen');
    const fresh = await store.recordSeen(seenOnly, pending, now.toISOString());
    try {
      for (const article of fresh) await deps.queue.add('analyze', article.key, { key: article.key });
    } catch (error) {
      // The articles are recorded as pending: the pending-work sweep (or the next start) queues them, so the
      // feed itself did not fail and is not polled again early.
      logger.warn({ feed: feed.id, articles: fresh.length, err: describeError(error) }, 'could not queue the new articles yet; they stay pending');
    }
    const newItems = state.initialized ? unseen.length - rekey.rekeyedKeys.size : 0;
    state.initialized = true;
    state.itemsSeen += unseen.length;
    rememberFingerprints(state, parsed.items);
    const notices = [recordFeedRecovery(state, feed)];
    if (rekey.isRekeyed) notices.push(rekeyNotice(state, feed, rekey.rekeyedKeys.size, byKey.size, now));
    const publishGapMs = estimatePublishGapMs(parsed.items.map((item) => item.publishedAt), now);
    state.ttlMinutes = parsed.ttlMinutes;
    markSuccess(state, feed, polling, result.hints, { publishGapMs, newItems, ttlMinutes: parsed.ttlMinutes }, clock.now());
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
    const health = deps.settings?.().feedHealth ?? defaultFeedHealthPolicy;
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

/** Records a successful poll and sets the next one from the feed's pace and the server's hints. */
function markSuccess(
  state: FeedState,
  feed: FeedSettings,
  polling: PollingPolicy,
  hints: CacheHints,
  observed: { publishGapMs: number | null; newItems: number; ttlMinutes: number | null },
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
  state.nextPollAt = nextPollTime(feed.id, now, intervalMs, floorMs).toISOString();
}
