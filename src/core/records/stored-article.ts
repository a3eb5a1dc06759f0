import type { RecentArticle } from '../commands/test-topic-query.js';
import type { DeliveryRecord } from './delivery.js';

/** An analysed article kept for a window, for story grouping and for trying topics on recent news. */
export interface StoredArticle extends RecentArticle {
  storyId: string;
  /** MinHash signature of title and lead, as numbers. */
  signature: number[];
}

/** What story grouping compares an article with: each recent article's story, outlet, signature and time. */
export type StoryMember = Pick<StoredArticle, 'key' | 'storyId' | 'source' | 'signature' | 'analyzedAt'>;

/** What analysis stores for one article once its story is known: the article and its alerts. */
export interface GroupedArticle {
  article: StoredArticle;
  deliveries: DeliveryRecord[];
}
