import type { Article } from '../core/article.js';

/**
 * The article keys seen so far, and the new articles waiting for analysis. An article is recorded as seen and
 * pending in one step, so a crash between the two never loses or repeats it.
 */
export interface SeenArticleStore {
  /** Keys among `keys` never seen before. */
  filterUnseen(keys: readonly string[]): Promise<string[]>;
  /**
   * Records articles as seen; those in `pending` also wait for analysis. Returns the pending articles that were
   * really new (another process or feed may have recorded the same key first).
   */
  recordSeen(seen: readonly string[], pending: readonly Article[], at: string): Promise<Article[]>;
  getPendingArticle(key: string): Promise<Article | null>;
  /** The articles waiting for analysis, oldest first. */
  listPendingArticles(): Promise<Article[]>;
}
