import type { Cluster, Redis } from 'ioredis';
import type { Article } from '../../core/article.js';
import type { DeliveryRecord } from '../../core/records/delivery.js';
import type { FeedState } from '../../core/records/feed-state.js';
import type { StoredArticle } from '../../core/records/stored-article.js';
import type { StateStore } from '../../ports/state-store.js';
import { defaultRetention, type RetentionPolicy } from '../../core/settings/runtime-settings.js';
import { createRedisDeliveryStore, FINISHED, ttlSeconds } from './redis-delivery-store.js';
import { COMPLETE_ARTICLE_SCRIPT, RECORD_SEEN_SCRIPT } from './redis-state-scripts.js';
import { BATCH, chunk, deliveryId, execOrThrow, readRecords, stateKeyPrefix, stateKeys } from './redis-state-keys.js';
import { createRedisStoryWindow, toScore } from './redis-story-window.js';

export interface RedisStateStoreOptions {
  /** Namespace of every key, so several deployments or test runs share one Redis (see `stateKeyPrefix`). */
  prefix: string;
  /**
   * The retention in force (the YAML's `retention`), read on each write: seen keys, analysed articles and finished
   * deliveries expire after their window from when they are written. Default: `defaultRetention`.
   */
  retention?: () => RetentionPolicy;
}

/** Entries the articles log keeps (about): far more than are analysed between two full reads. */
const ARTICLE_LOG_LENGTH = 100_000;
/**
 * Groupings that lost the race to another process's article before one is given up (the job then retries):
 * each try reads only the articles logged since the last, so only a sustained storm of them gets this far.
 */
const MAX_GROUPING_TRIES = 25;
/** What the completion script answers when the article is no longer pending, or the window read is stale. */
const NOT_PENDING = -2;
const STALE_WINDOW = -1;

/**
 * The shared store for several processes on one Redis. Atomic steps run as Lua scripts or MULTI; state needed
 * only for a window expires on its own (seen keys, analysed articles, and sent or failed deliveries, each after its
 * retention window), and sorted sets indexed by time serve the listings. Seen keys are left to their
 * expiry: `prune` drops old articles and deliveries. The caller owns the client; `close` leaves it open.
 */
export function createRedisStateStore(redis: Redis | Cluster, options: RedisStateStoreOptions): StateStore {
  const retention = options.retention ?? (() => defaultRetention);
  const keys = stateKeys(stateKeyPrefix(redis, options.prefix));
  const { pruneDeliveries, ...deliveryStore } = createRedisDeliveryStore(redis, keys, () => retention().deliveriesMs);
  const storyWindow = createRedisStoryWindow(redis, keys, (index, members, recordKey) => readRecords<StoredArticle>(redis, index, members, recordKey));

  /** Runs the completion script; with `logCursor`, only if the article is pending and nothing was logged past it. */
  const runCompletion = async (key: string, article: StoredArticle | null, deliveries: readonly DeliveryRecord[], logCursor: string): Promise<number> => {
    const scriptKeys = [keys.pending, keys.pendingQueue, keys.article(article?.key ?? key), keys.articles, keys.deliveries, keys.articleLog];
    const args = [
      key,
      article ? JSON.stringify(article) : '',
      article?.key ?? key,
      article ? String(toScore(article.analyzedAt)) : '0',
      String(ttlSeconds(retention().articlesMs)),
      String(ttlSeconds(retention().deliveriesMs)),
      String(ARTICLE_LOG_LENGTH),
      logCursor,
    ];
    for (const record of deliveries) {
      const id = deliveryId(record.articleKey, record.channelId);
      scriptKeys.push(keys.delivery(id), keys.byStatus(record.status), keys.byChannel(record.channelId), keys.byStory(record.alert.storyId, record.channelId));
      args.push(id, JSON.stringify(record), String(toScore(record.createdAt)), FINISHED.has(record.status) ? '1' : '0');
    }
    return Number(await redis.eval(COMPLETE_ARTICLE_SCRIPT, scriptKeys.length, ...scriptKeys, ...args));
  };

  return {
    ...deliveryStore,
    async getFeedState(feedId) {
      const value = await redis.hget(keys.feeds, feedId);
      return value ? (JSON.parse(value) as FeedState) : null;
    },
    async saveFeedState(state) {
      await redis.hset(keys.feeds, state.feedId, JSON.stringify(state));
    },
    async listFeedStates() {
      const all = await redis.hgetall(keys.feeds);
      return Object.keys(all)
        .sort()
        .map((feedId) => JSON.parse(all[feedId] ?? 'null') as FeedState);
    },

    async filterUnseen(list) {
      const unseen: string[] = [];
      for (const part of chunk(list, BATCH)) {
        const multi = redis.multi();
        for (const key of part) multi.exists(keys.seen(key));
        const found = await execOrThrow(multi);
        part.forEach((key, i) => {
          if (Number(found[i]) === 0) unseen.push(key);
        });
      }
      return unseen;
    },
    async recordSeen(seen, pending, at) {
      if (seen.length === 0 && pending.length === 0) return [];
      const scriptKeys = [keys.pending, keys.pendingQueue, ...pending.map((a) => keys.seen(a.key)), ...seen.map(keys.seen)];
      const args = [at, String(ttlSeconds(retention().seenMs)), String(toScore(at)), String(pending.length)];
      for (const article of pending) args.push(article.key, JSON.stringify(article));
      const fresh = (await redis.eval(RECORD_SEEN_SCRIPT, scriptKeys.length, ...scriptKeys, ...args)) as number[];
      return fresh.map((position) => pending[position - 1]).filter((article): article is Article => article !== undefined);
    },
    async getPendingArticle(key) {
      const value = await redis.hget(keys.pending, key);
      return value ? (JSON.parse(value) as Article) : null;
    },
    async listPendingArticles() {
      const members = await redis.zrange(keys.pendingQueue, 0, -1);
      const articles: Article[] = [];
      for (const part of chunk(members, BATCH)) {
        for (const value of await redis.hmget(keys.pending, ...part)) if (value) articles.push(JSON.parse(value) as Article);
      }
      return articles;
    },
    async completeArticle(key, article, deliveries) {
      await runCompletion(key, article, deliveries, '');
    },
    async completeGroupedArticle(key, since, group) {
      for (let tries = 1; tries <= MAX_GROUPING_TRIES; tries += 1) {
        const { members, cursor } = await storyWindow.read(since);
        const grouped = group(members);
        const outcome = await runCompletion(key, grouped.article, grouped.deliveries, cursor);
        if (outcome === NOT_PENDING) return null;
        if (outcome !== STALE_WINDOW) return grouped;
      }
      throw new Error(`story grouping of ${key} kept racing with other processes' articles; it will be tried again`);
    },

    async recentArticles(since) {
      return storyWindow.readArticles(since);
    },

    async prune(before) {
      // This process reads the window afresh; others do within a minute (prune drops only older articles).
      storyWindow.reset();
      const articlesBefore = `(${toScore(before.articles)}`;
      const oldArticles = await redis.zrangebyscore(keys.articles, '-inf', articlesBefore);
      for (const part of chunk(oldArticles, BATCH)) {
        await execOrThrow(redis.multi().del(...part.map(keys.article)).zrem(keys.articles, ...part));
      }
      await pruneDeliveries(before.deliveries);
    },
    async claimOnce(token, ttlMs) {
      return (await redis.set(keys.claim(token), '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
    },
    async close() {
      // The client belongs to the caller, who may share it (BullMQ checks, health probes).
    },
  };
}
