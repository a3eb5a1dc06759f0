import type { ChainableCommander, Cluster, Redis } from 'ioredis';
import type { DeliveryClaim, DeliveryRecord, DeliveryStatus, PostedMessage } from '../../core/records/delivery.js';
import type { DeliveryClaims, DeliveryLog } from '../../ports/delivery-store.js';
import { CLAIM_DELIVERY_SCRIPT, RELEASE_CLAIM_SCRIPT } from './redis-state-scripts.js';
import { BATCH, chunk, deliveryId, execOrThrow, readRecords, type StateKeys } from './redis-state-keys.js';
import { toScore } from './redis-story-window.js';

/** Whole seconds of a window, at least one: what EX takes. */
export const ttlSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1_000));
const STATUSES: readonly DeliveryStatus[] = ['pending', 'sent', 'failed', 'digest'];
/** Sent and failed deliveries are the alert log, kept for a window; pending and digest ones are work to do. */
export const FINISHED: ReadonlySet<DeliveryStatus> = new Set(['sent', 'failed']);

const channelOfId = (id: string): string => (JSON.parse(id) as [string, string])[1];

const byCreatedThenArticle = (a: DeliveryRecord, b: DeliveryRecord): number =>
  toScore(a.createdAt) - toScore(b.createdAt) || (a.articleKey < b.articleKey ? -1 : a.articleKey > b.articleKey ? 1 : 0);

/** The deliveries and their claims on Redis, with the pruning of the alert log. */
export interface RedisDeliveryStore extends DeliveryLog, DeliveryClaims {
  /** Drops finished deliveries created before `before`, and index entries whose records expired. */
  pruneDeliveries(before: string): Promise<void>;
}

/**
 * Each delivery is a JSON string under its (article, channel) id, indexed by time in sorted sets: all, by status,
 * by channel, and by story and channel for follow-up threads. Finished deliveries expire after the deliveries'
 * retention in force when they are written (`deliveriesMs`, read on each write).
 */
export function createRedisDeliveryStore(redis: Redis | Cluster, keys: StateKeys, deliveriesMs: () => number): RedisDeliveryStore {
  /** Removes deliveries from every index (their story index too, when known). */
  const forgetDeliveries = (multi: ChainableCommander, entries: readonly { id: string; record: DeliveryRecord | null }[]): void => {
    for (const { id, record } of entries) {
      multi.del(keys.delivery(id)).zrem(keys.deliveries, id).zrem(keys.byChannel(channelOfId(id)), id);
      for (const status of STATUSES) multi.zrem(keys.byStatus(status), id);
      if (record) multi.zrem(keys.byStory(record.alert.storyId, record.channelId), id);
    }
  };

  /** Writes a delivery record and its indexes into `multi`. */
  const queueSaveDelivery = (multi: ChainableCommander, record: DeliveryRecord): void => {
    const id = deliveryId(record.articleKey, record.channelId);
    const score = toScore(record.createdAt);
    const story = keys.byStory(record.alert.storyId, record.channelId);
    // A plain SET drops any expiry: pending and digest records are the outbox and must stay.
    const ttl = ttlSeconds(deliveriesMs());
    if (FINISHED.has(record.status)) multi.set(keys.delivery(id), JSON.stringify(record), 'EX', ttl);
    else multi.set(keys.delivery(id), JSON.stringify(record));
    for (const status of STATUSES) if (status !== record.status) multi.zrem(keys.byStatus(status), id);
    multi.zadd(keys.byStatus(record.status), score, id).zadd(keys.deliveries, score, id).zadd(keys.byChannel(record.channelId), score, id);
    multi.zadd(story, score, id).expire(story, ttl);
  };

  return {
    async getDelivery(articleKey, channelId) {
      const value = await redis.get(keys.delivery(deliveryId(articleKey, channelId)));
      return value ? (JSON.parse(value) as DeliveryRecord) : null;
    },
    async saveDelivery(record) {
      const multi = redis.multi();
      queueSaveDelivery(multi, record);
      await execOrThrow(multi);
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
      const records = await readRecords<DeliveryRecord>(redis, index, ids, keys.delivery);
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
      const records = await readRecords<DeliveryRecord>(redis, index, await redis.zrange(index, 0, -1), keys.delivery);
      const first = records
        .filter((record) => record.status === 'sent' && record.posted !== null && record.alert.followUpOf === null)
        .sort(byCreatedThenArticle)[0];
      return first ? (first.posted as PostedMessage) : null;
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

    async pruneDeliveries(before) {
      // Pending and digest deliveries are work still to do: only finished ones, or records already expired, go.
      const oldDeliveries = await redis.zrangebyscore(keys.deliveries, '-inf', `(${toScore(before)}`);
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
  };
}
