import { articleKey, guidsAreTrustworthy } from '../core/article-key.js';
import type { Article, FeedItem } from '../core/article.js';
import { CodedError, describeError } from '../core/errors.js';
import type { FeedSettings } from '../core/settings.js';
import type { Clock } from '../ports/clock.js';
import type { FeedFetcher, FeedParser } from '../ports/feed-fetcher.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { Logger } from '../ports/logger.js';
import type { FeedState, StateStore } from '../ports/state-store.js';

export interface PollDependencies {
  fetcher: FeedFetcher;
  parseFeed: FeedParser;
  store: StateStore;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
}

export type PollOutcome =
  | { kind: 'not-modified' }
  | { kind: 'fetched'; items: number; newArticles: number; queued: number }
  | { kind: 'failed'; error: string }
  | { kind: 'paused' };

const MAX_BACKOFF_MS = 6 * 3_600_000;
const FIRST_RETRY_MS = 60_000;

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
  const cap = Math.min(MAX_BACKOFF_MS, Math.max(intervalMs * 8, 3_600_000));
  return Math.min(cap, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
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
 * Polls one feed: conditional fetch, parse, keep what is new, queue it for analysis. Failures are recorded on
 * the feed with a backoff and never thrown, so one bad feed costs nothing to the others.
 */
export async function pollFeed(feed: FeedSettings, deps: PollDependencies): Promise<PollOutcome> {
  const { store, clock, logger } = deps;
  const state = (await store.getFeedState(feed.id)) ?? initialFeedState(feed.id);
  if (state.paused) return { kind: 'paused' };
  const started = clock.now();
  state.lastPollAt = started.toISOString();
  try {
    const result = await deps.fetcher.fetch(feed.location, state.validators);
    state.validators = result.validators;
    if (result.kind === 'not-modified') {
      markSuccess(state, feed, clock.now());
      await store.saveFeedState(state);
      logger.info({ feed: feed.id, status: 304 }, 'feed not modified');
      return { kind: 'not-modified' };
    }
    const parsed = await deps.parseFeed(result.body, feed.location);
    const source = feed.name || parsed.title || feed.id;
    const trustGuids = guidsAreTrustworthy(parsed.items);
    const byKey = new Map<string, FeedItem>();
    for (const item of parsed.items) byKey.set(articleKey(item, feed.id, trustGuids), item);
    const unseen = await store.filterUnseen([...byKey.keys()]);
    const now = clock.now();
    const pending: Article[] = [];
    const seenOnly: string[] = [];
    for (const key of unseen) {
      const item = byKey.get(key) as FeedItem;
      if (state.initialized || isAlertableOnFirstPoll(item, feed, now)) pending.push(toArticle(item, key, feed, source));
      else seenOnly.push(key);
    }
    const fresh = await store.recordSeen(seenOnly, pending, now.toISOString());
    for (const article of fresh) await deps.queue.add('analyze', article.key, { key: article.key });
    state.initialized = true;
    state.itemsSeen += unseen.length;
    markSuccess(state, feed, clock.now());
    await store.saveFeedState(state);
    logger.info(
      { feed: feed.id, status: 200, bytes: result.bytes, items: parsed.items.length, new: unseen.length, queued: fresh.length },
      'feed polled',
    );
    return { kind: 'fetched', items: parsed.items.length, newArticles: unseen.length, queued: fresh.length };
  } catch (error) {
    const now = clock.now();
    state.consecutiveFailures += 1;
    state.lastError = describeError(error);
    state.lastErrorAt = now.toISOString();
    state.nextPollAt = new Date(now.getTime() + failureBackoffMs(state.consecutiveFailures, feed.intervalMs)).toISOString();
    await store.saveFeedState(state);
    const code = error instanceof CodedError ? error.code : 'unexpected';
    logger.warn({ feed: feed.id, code, failures: state.consecutiveFailures, nextPollAt: state.nextPollAt, err: state.lastError }, 'feed poll failed');
    return { kind: 'failed', error: state.lastError };
  }
}

function markSuccess(state: FeedState, feed: FeedSettings, now: Date): void {
  state.lastSuccessAt = now.toISOString();
  state.consecutiveFailures = 0;
  state.nextPollAt = new Date(now.getTime() + feed.intervalMs).toISOString();
}
