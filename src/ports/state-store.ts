import type { DeliveryClaims, DeliveryLog } from './delivery-store.js';
import type { FeedStateStore } from './feed-state-store.js';
import type { OneTimeClaims } from './one-time-claims.js';
import type { SeenArticleStore } from './seen-article-store.js';
import type { StoryStore } from './story-store.js';

/** Dropping what is older than its window, across the stores. */
export interface StatePruning {
  /** Drops what is older than its window (seen keys, stored articles, the alert log). */
  prune(before: { seen: string; articles: string; deliveries: string }): Promise<void>;
}

/**
 * Everything newswatch keeps between runs, as the composition root opens it: one SQLite file or one Redis
 * serving every small store. The state store, not the queue, is what makes processing exactly-once (see each
 * store). Pipeline modules take only the stores they use.
 */
export interface StateStore extends FeedStateStore, SeenArticleStore, StoryStore, DeliveryLog, DeliveryClaims, OneTimeClaims, StatePruning {
  close(): Promise<void>;
}
