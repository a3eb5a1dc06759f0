import type { Cluster, Redis } from 'ioredis';
import type { StoredArticle, StoryMember } from '../../core/records/stored-article.js';

/**
 * Story members (story, outlet, signature, time: about 1 KB each, without the article's text) a process keeps, so
 * story grouping reads only the new articles from Redis: 50,000 is three days of about 16,000 new articles a day.
 */
const MEMBER_CACHE_SIZE = 50_000;
/** How often a process reads the whole story window again instead of only the log. */
const FULL_READ_EVERY_MS = 60_000;

/** The story window as one read saw it, and the articles-log position it covers. */
export interface WindowRead {
  members: StoryMember[];
  /** Every article logged up to here is in `articles` (if in the window); the grouping script checks past it. */
  cursor: string;
}

/** One process's copy of the story window, refreshed from the articles log. */
export interface RedisStoryWindow {
  /** The story members of the articles analysed since `since`, oldest first. */
  read(since: string): Promise<WindowRead>;
  /** The whole articles analysed since `since`, oldest first, read from Redis (not kept). */
  readArticles(since: string): Promise<StoredArticle[]>;
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
  const cache = new Map<string, { member: StoryMember; score: number }>();
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
      if (members.length > MEMBER_CACHE_SIZE) {
        cache.clear();
        logCursor = null;
        return { members: sortByAnalysis((await readRecords(keys.articles, members, keys.article)).map(toMember)), cursor };
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
      cache.set(article.key, { member: toMember(article), score: toScore(article.analyzedAt) });
    }
    // Older articles are dropped: a later call asking further back reads the whole window again.
    const inWindow: StoryMember[] = [];
    for (const [key, { member, score }] of cache) {
      if (score >= sinceScore) inWindow.push(member);
      else cache.delete(key);
    }
    windowStart = Math.max(windowStart, sinceScore);
    if (cache.size > MEMBER_CACHE_SIZE) logCursor = null;
    return { members: sortByAnalysis(inWindow), cursor };
  };

  return {
    read(since) {
      const result = turn.then(() => readNow(since));
      turn = result.catch(() => undefined);
      return result;
    },
    async readArticles(since) {
      const members = await redis.zrangebyscore(keys.articles, toScore(since), '+inf');
      return sortByAnalysis(await readRecords(keys.articles, members, keys.article));
    },
    reset() {
      cache.clear();
      logCursor = null;
    },
  };
}

/** What grouping needs of a stored article; the text and the rest stay in Redis. */
function toMember(article: StoredArticle): StoryMember {
  return { key: article.key, storyId: article.storyId, source: article.source, signature: article.signature, analyzedAt: article.analyzedAt };
}

/** In analysis order (timestamps are all toISOString(), so text order is time order), then by key. */
function sortByAnalysis<T extends StoryMember>(articles: T[]): T[] {
  return articles.sort((a, b) => (a.analyzedAt < b.analyzedAt ? -1 : a.analyzedAt > b.analyzedAt ? 1 : a.key < b.key ? -1 : 1));
}
