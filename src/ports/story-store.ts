import type { DeliveryRecord } from '../core/records/delivery.js';
import type { GroupedArticle, StoredArticle, StoryMember } from '../core/records/stored-article.js';

/**
 * The analysed articles of the last days, grouped into stories. Completing an article stores it with its alerts
 * and clears it from the pending articles in one step, so a crash at any moment loses nothing.
 */
export interface StoryStore {
  /** Stores the analysed article and its alerts, and clears it from pending, all at once. */
  completeArticle(key: string, article: StoredArticle | null, deliveries: readonly DeliveryRecord[]): Promise<void>;
  /**
   * Groups an analysed article into a story and completes it (as `completeArticle`) in one step across every
   * process sharing the store: `group` gets the story members of the articles analysed since `since` (oldest first;
   * a store may hand over whole StoredArticles) and returns what to store. If
   * another article was stored after that read and before the write, `group` runs again on the fresher window,
   * so two rewrites of one story analysed at the same instant in two processes join one story. `group` must be
   * synchronous and free of side effects (it may run more than once); what it last returned is returned. Null, and
   * nothing written, when the article is no longer pending (another run completed it).
   */
  completeGroupedArticle<T extends GroupedArticle>(key: string, since: string, group: (recent: readonly StoryMember[]) => T): Promise<T | null>;
  /** The articles analysed since `since`, oldest first. */
  recentArticles(since: string): Promise<StoredArticle[]>;
}
