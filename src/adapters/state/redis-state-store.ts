import { Cluster, type ChainableCommander, type Redis } from 'ioredis';
import type { Article } from '../../core/article.js';
import type { PostedMessage } from '../../ports/chat-sink.js';
import type { DeliveryClaim, DeliveryRecord, DeliveryStatus, FeedState, StateStore, StoredArticle } from '../../ports/state-store.js';
import {
  CLAIM_DELIVERY_SCRIPT,
  COMPLETE_ARTICLE_SCRIPT,
  RECORD_SEEN_SCRIPT,
  RELEASE_CLAIM_SCRIPT,
} from './redis-state-scripts.js';
import { createRedisStoryWindow, toScore } from './redis-story-window.js';

export interface RedisStateStoreOptions {
  /** Namespace of every key, so several deployments or test runs share one Redis (see `stateKeyPrefix`). */
  prefix: string;
  /** How long an article key is remembered as seen; at least 90 days (default 120). */
  seenTtlDays?: number;
}

const DAY_SECONDS = 86_400;
const ARTICLE_TTL_SECONDS = 7 * DAY_SECONDS;
const DELIVERY_TTL_SECONDS = 30 * DAY_SECONDS;
const STATUSES: readonly DeliveryStatus[] = ['pending', 'sent', 'failed', 'digest'];
const FINISHED: ReadonlySet<DeliveryStatus> = new Set(['sent', 'failed']);
const BATCH = 500;
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

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

async function execOrThrow(multi: ChainableCommander): Promise<unknown[]> {
  const results = (await multi.exec()) ?? [];
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

const byCreatedThenArticle = (a: DeliveryRecord, b: DeliveryRecord): number =>
  toScore(a.createdAt) - toScore(b.createdAt) || (a.articleKey < b.articleKey ? -1 : a.articleKey > b.articleKey ? 1 : 0);

/**
 * The start of every state key. On a Redis Cluster the prefix is a hash tag (`{newswatch}:seen:…`), so all state
 * keys live in one slot and every script and transaction, which touch several of them, stays legal there; on one
 * server or Sentinel it is the plain prefix, as deployments already hold their state under it.
 */
export function stateKeyPrefix(redis: Redis | Cluster, prefix: string): string {
  return redis instanceof Cluster ? `{${prefix}}` : prefix;
}

/**
 * The shared store for several processes on one Redis. Atomic steps run as Lua scripts or MULTI; state needed
 * only for a window expires on its own (seen keys after `seenTtlDays`, analysed articles after 7 days, sent or
 * failed deliveries after 30), and sorted sets indexed by time serve the listings. Seen keys are left to their
 * expiry: `prune` drops old articles and deliveries. The caller owns the client; `close` leaves it open.
 */
export function createRedisStateStore(redis: Redis | Cluster, options: RedisStateStoreOptions): StateStore {
  const seenTtlDays = options.seenTtlDays ?? 120;
  if (!(seenTtlDays >= 90)) throw new RangeError(`seenTtlDays must be at least 90, got ${seenTtlDays}`);
  const seenTtl = Math.round(seenTtlDays * DAY_SECONDS);
  const p = stateKeyPrefix(redis, options.prefix);
  const keys = {
    feeds: `${p}:feeds`,
    seen: (key: string) => `${p}:seen:${key}`,
    pending: `${p}:pending`,
    pendingQueue: `${p}:pending:queue`,
    article: (key: string) => `${p}:article:${key}`,
    articles: `${p}:articles`,
    articleLog: `${p}:articles:log`,
    delivery: (id: string) => `${p}:delivery:${id}`,
    deliveries: `${p}:deliveries`,
    byStatus: (status: DeliveryStatus) => `${p}:deliveries:status:${status}`,
    byChannel: (channelId: string) => `${p}:deliveries:channel:${channelId}`,
    byStory: (storyId: string, channelId: string) => `${p}:story:${JSON.stringify([storyId, channelId])}`,
    claim: (token: string) => `${p}:claim:${token}`,
    deliveryClaim: (id: string) => `${p}:delivery-claim:${id}`,
  };
  // One unambiguous member per (article, channel), whatever characters either holds.
  const deliveryId = (articleKey: string, channelId: string): string => JSON.stringify([articleKey, channelId]);
  const channelOfId = (id: string): string => (JSON.parse(id) as [string, string])[1];

  /** Records in index order; members whose record expired are dropped from `index`. */
  const readRecords = async <T>(index: string, ids: readonly string[], recordKey: (id: string) => string): Promise<T[]> => {
    const records: T[] = [];
    const expired: string[] = [];
    for (const part of chunk(ids, BATCH)) {
      const values = await redis.mget(part.map(recordKey));
      part.forEach((id, i) => {
        const value = values[i];
        if (value) records.push(JSON.parse(value) as T);
        else expired.push(id);
      });
    }
    if (expired.length > 0) await redis.zrem(index, ...expired);
    return records;
  };

  /** Removes deliveries from every index (their story index too, when known). */
  const forgetDeliveries = (multi: ChainableCommander, entries: readonly { id: string; record: DeliveryRecord | null }[]): void => {
    for (const { id, record } of entries) {
      multi.del(keys.delivery(id)).zrem(keys.deliveries, id).zrem(keys.byChannel(channelOfId(id)), id);
      for (const status of STATUSES) multi.zrem(keys.byStatus(status), id);
      if (record) multi.zrem(keys.byStory(record.alert.storyId, record.channelId), id);
    }
  };

  const storyWindow = createRedisStoryWindow(redis, keys, (index, members, recordKey) => readRecords<StoredArticle>(index, members, recordKey));

  /** Writes a delivery record and its indexes into `multi`. */
  const queueSaveDelivery = (multi: ChainableCommander, record: DeliveryRecord): void => {
    const id = deliveryId(record.articleKey, record.channelId);
    const score = toScore(record.createdAt);
    const story = keys.byStory(record.alert.storyId, record.channelId);
    // A plain SET drops any expiry: pending and digest records are the outbox and must stay.
    if (FINISHED.has(record.status)) multi.set(keys.delivery(id), JSON.stringify(record), 'EX', DELIVERY_TTL_SECONDS);
    else multi.set(keys.delivery(id), JSON.stringify(record));
    for (const status of STATUSES) if (status !== record.status) multi.zrem(keys.byStatus(status), id);
    multi.zadd(keys.byStatus(record.status), score, id).zadd(keys.deliveries, score, id).zadd(keys.byChannel(record.channelId), score, id);
    multi.zadd(story, score, id).expire(story, DELIVERY_TTL_SECONDS);
  };

  /** Runs the completion script; with `logCursor`, only if the article is pending and nothing was logged past it. */
  const runCompletion = async (key: string, article: StoredArticle | null, deliveries: readonly DeliveryRecord[], logCursor: string): Promise<number> => {
    const scriptKeys = [keys.pending, keys.pendingQueue, keys.article(article?.key ?? key), keys.articles, keys.deliveries, keys.articleLog];
    const args = [
      key,
      article ? JSON.stringify(article) : '',
      article?.key ?? key,
      article ? String(toScore(article.analyzedAt)) : '0',
      String(ARTICLE_TTL_SECONDS),
      String(DELIVERY_TTL_SECONDS),
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
      const args = [at, String(seenTtl), String(toScore(at)), String(pending.length)];
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
        const { articles, cursor } = await storyWindow.read(since);
        const grouped = group(articles);
        const outcome = await runCompletion(key, grouped.article, grouped.deliveries, cursor);
        if (outcome === NOT_PENDING) return null;
        if (outcome !== STALE_WINDOW) return grouped;
      }
      throw new Error(`story grouping of ${key} kept racing with other processes' articles; it will be tried again`);
    },

    async recentArticles(since) {
      return (await storyWindow.read(since)).articles;
    },

    async getDelivery(articleKey, channelId) {
      const value = await redis.get(keys.delivery(deliveryId(articleKey, channelId)));
      return value ? (JSON.parse(value) as DeliveryRecord) : null;
    },
    async saveDelivery(record) {
      const multi = redis.multi();
      queueSaveDelivery(multi, record);
      await execOrThrow(multi);
    },
    async claimDelivery(articleKey, channelId, owner, ttlMs) {
      const id = deliveryId(articleKey, channelId);
      const ttl = String(Math.max(1, Math.round(ttlMs)));
      const [status, left] = (await redis.eval(CLAIM_DELIVERY_SCRIPT, 2, keys.deliveryClaim(id), keys.delivery(id), owner, ttl)) as [string, number?];
      if (status === 'done') return { status: 'done' } satisfies DeliveryClaim;
      if (status === 'held') return { status: 'held', expiresInMs: Math.max(0, Number(left)) } satisfies DeliveryClaim;
      return { status: 'claimed' } satisfies DeliveryClaim;
    },
    async completeDelivery(record, owner) {
      // The record saying sent is what makes the claim permanent; the claim key itself goes.
      const multi = redis.multi();
      queueSaveDelivery(multi, record);
      multi.eval(RELEASE_CLAIM_SCRIPT, 1, keys.deliveryClaim(deliveryId(record.articleKey, record.channelId)), owner);
      const results = await execOrThrow(multi);
      return Number(results.at(-1)) === 1;
    },
    async releaseDelivery(articleKey, channelId, owner) {
      await redis.eval(RELEASE_CLAIM_SCRIPT, 1, keys.deliveryClaim(deliveryId(articleKey, channelId)), owner);
    },
    async listDeliveries(filter) {
      const min = filter.since ? toScore(filter.since) : '-inf';
      const candidates = [
        ...(filter.status ? [keys.byStatus(filter.status)] : []),
        ...(filter.channelId ? [keys.byChannel(filter.channelId)] : []),
      ];
      if (candidates.length === 0) candidates.push(keys.deliveries);
      // Walk the smallest index in range; the record itself is checked against the whole filter.
      const sizes = await Promise.all(candidates.map((index) => redis.zcount(index, min, '+inf')));
      const smallest = sizes.indexOf(Math.min(...sizes));
      const index = candidates[smallest] ?? keys.deliveries;
      const ids = await redis.zrangebyscore(index, min, '+inf');
      const records = await readRecords<DeliveryRecord>(index, ids, keys.delivery);
      const sinceMs = filter.since ? toScore(filter.since) : -Infinity;
      return records
        .filter(
          (record) =>
            (!filter.status || record.status === filter.status) &&
            (!filter.channelId || record.channelId === filter.channelId) &&
            toScore(record.createdAt) >= sinceMs,
        )
        .sort(byCreatedThenArticle);
    },
    async findStoryMessage(storyId, channelId) {
      const index = keys.byStory(storyId, channelId);
      const records = await readRecords<DeliveryRecord>(index, await redis.zrange(index, 0, -1), keys.delivery);
      const first = records
        .filter((record) => record.status === 'sent' && record.posted !== null && record.alert.followUpOf === null)
        .sort(byCreatedThenArticle)[0];
      return first ? (first.posted as PostedMessage) : null;
    },

    async prune(before) {
      // This process reads the window afresh; others do within a minute (prune drops only older articles).
      storyWindow.reset();
      const articlesBefore = `(${toScore(before.articles)}`;
      const oldArticles = await redis.zrangebyscore(keys.articles, '-inf', articlesBefore);
      for (const part of chunk(oldArticles, BATCH)) {
        await execOrThrow(redis.multi().del(...part.map(keys.article)).zrem(keys.articles, ...part));
      }
      // Pending and digest deliveries are work still to do: only finished ones, or records already expired, go.
      const oldDeliveries = await redis.zrangebyscore(keys.deliveries, '-inf', `(${toScore(before.deliveries)}`);
      for (const part of chunk(oldDeliveries, BATCH)) {
        const values = await redis.mget(part.map(keys.delivery));
        const doomed: { id: string; record: DeliveryRecord | null }[] = [];
        part.forEach((id, i) => {
          const value = values[i];
          const record = value ? (JSON.parse(value) as DeliveryRecord) : null;
          if (!record || FINISHED.has(record.status)) doomed.push({ id, record });
        });
        if (doomed.length === 0) continue;
        const multi = redis.multi();
        forgetDeliveries(multi, doomed);
        await execOrThrow(multi);
      }
    },
    async claimOnce(token, ttlMs) {
      return (await redis.set(keys.claim(token), '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
    },
    async close() {
      // The client belongs to the caller, who may share it (BullMQ checks, health probes).
    },
  };
}
