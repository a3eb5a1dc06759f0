import type { Cluster, Redis } from 'ioredis';
import type { StoredArticle } from '../../core/records/stored-article.js';

/** Analysed articles a process keeps parsed, so story grouping reads only the new ones from Redis. */
const ARTICLE_CACHE_SIZE = 5_000;
/** How often a process reads the whole story window again instead of only the log. */
const FULL_READ_EVERY_MS = 60_000;

/** The story window as one read saw it, and the articles-log position it covers. */
export interface WindowRead {
  articles: StoredArticle[];
  /** Every article logged up to here is in `articles` (if in the window); the grouping script checks past it. */
  cursor: string;
}

/** One process's copy of the story window, refreshed from the articles log. */
export interface RedisStoryWindow {
  /** The articles analysed since `since`, oldest first. */
  read(since: string): Promise<WindowRead>;
  /** Forgets the copy (after a prune): the next read is a full one. */
  reset(): void;
}

/** Milliseconds of an ISO timestamp, the score of every time index. */
export function toScore(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a timestamp: "${iso}"`);
  return ms;
}

/**
 * Every analysis reads the story window. A process keeps the window and reads only the articles logged since its
 * last read; a stored article never changes (its key is seen far longer than it is kept), so copies stay right.
 * Now and then, or when the log may have been trimmed past it, it reads the whole window again. Reads run one at
 * a time, so each one's cursor is exact. `readRecords` reads records by member, dropping expired ones from the index.
 */
export function createRedisStoryWindow(
  redis: Redis | Cluster,
  keys: { articles: string; articleLog: string; article: (key: string) => string },
  readRecords: (index: string, members: readonly string[], recordKey: (member: string) => string) => Promise<StoredArticle[]>,
): RedisStoryWindow {
  const cache = new Map<string, { article: StoredArticle; score: number }>();
  let logCursor: string | null = null;
  let fullReadAt = 0;
  let windowStart = Number.POSITIVE_INFINITY;
  let turn: Promise<unknown> = Promise.resolve();

  const readNow = async (since: string): Promise<WindowRead> => {
    const sinceScore = toScore(since);
    let fresh: string[];
    if (logCursor === null || sinceScore < windowStart || Date.now() - fullReadAt > FULL_READ_EVERY_MS) {
      // The log's newest entry first: whatever is committed after it comes in the next log read.
      const [newest] = await redis.xrevrange(keys.articleLog, '+', '-', 'COUNT', 1);
      const cursor = newest?.[0] ?? '0-0';
      const members = await redis.zrangebyscore(keys.articles, sinceScore, '+inf');
      if (members.length > ARTICLE_CACHE_SIZE) {
        cache.clear();
        logCursor = null;
        return { articles: sortByAnalysis(await readRecords(keys.articles, members, keys.article)), cursor };
      }
      fresh = members.filter((member) => !cache.has(member));
      logCursor = cursor;
      fullReadAt = Date.now();
      windowStart = sinceScore;
    } else {
      const entries = await redis.xrange(keys.articleLog, `(${logCursor}`, '+');
      logCursor = entries.at(-1)?.[0] ?? logCursor;
      fresh = entries.map(([, fields]) => fields[1] ?? '').filter((member) => member !== '' && !cache.has(member));
    }
    const cursor = logCursor;
    for (const article of await readRecords(keys.articles, fresh, keys.article)) {
      cache.set(article.key, { article, score: toScore(article.analyzedAt) });
    }
    // Older articles are dropped: a later call asking further back reads the whole window again.
    const articles: StoredArticle[] = [];
    for (const [key, { article, score }] of cache) {
      if (score >= sinceScore) articles.push(article);
      else cache.delete(key);
    }
    windowStart = Math.max(windowStart, sinceScore);
    if (cache.size > ARTICLE_CACHE_SIZE) logCursor = null;
    return { articles: sortByAnalysis(articles), cursor };
  };

  return {
    read(since) {
      const result = turn.then(() => readNow(since));
      turn = result.catch(() => undefined);
      return result;
    },
    reset() {
      cache.clear();
      logCursor = null;
    },
  };
}

/** In analysis order (timestamps are all toISOString(), so text order is time order), then by key. */
function sortByAnalysis(articles: StoredArticle[]): StoredArticle[] {
  return articles.sort((a, b) => (a.analyzedAt < b.analyzedAt ? -1 : a.analyzedAt > b.analyzedAt ? 1 : a.key < b.key ? -1 : 1));
}
