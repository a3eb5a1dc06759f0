import { articleKey, guidsAreTrustworthy } from '../core/article-key.js';
import type { Article, FeedItem, ParsedFeed } from '../core/article.js';
import { describeError } from '../core/errors.js';
import { settingInForce, type FeedSettings, type RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { Logger } from '../ports/logger.js';
import type { FeedState } from '../core/records/feed-state.js';
import type { SeenArticleStore } from '../ports/seen-article-store.js';
import { detectRekey, type RekeyCheck } from '../core/feed-health.js';

export interface AdmitDependencies {
  store: SeenArticleStore;
  queue: JobQueue;
  logger: Logger;
  settings?: () => RuntimeSettings;
}

/** What taking in one parsed copy of a feed found. */
export interface Admission {
  /** Every item by its article key. */
  byKey: Map<string, FeedItem>;
  /** Keys never seen before. */
  unseen: string[];
  rekey: RekeyCheck;
  /** The articles recorded as pending and queued for analysis. */
  fresh: Article[];
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
 * Takes in a parsed copy of a feed, polled or pushed alike: keys its items, keeps the ones never seen, records
 * them as seen (and the wanted ones as pending) in one step, and queues those for analysis. A feed's first copy
 * alerts only what its first-poll policy allows, items a re-keyed feed shows again never alert, and past the
 * per-poll cap the rest is recorded as seen. `state` is read, not changed.
 */
export async function admitItems(feed: FeedSettings, parsed: ParsedFeed, state: FeedState, now: Date, deps: AdmitDependencies): Promise<Admission> {
  const { store, logger } = deps;
  const source = feed.name || parsed.title || feed.id;
  const trustGuids = guidsAreTrustworthy(parsed.items);
  const byKey = new Map<string, FeedItem>();
  for (const item of parsed.items) byKey.set(articleKey(item, feed.id, trustGuids), item);
  const unseen = await store.filterUnseen([...byKey.keys()]);
  const rekey = detectRekey(state, [...byKey].map(([key, item]) => ({ key, item })), unseen);
  const maxNew = settingInForce(deps.settings?.(), 'maxNewPerPoll');
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
  return { byKey, unseen, rekey, fresh };
}
