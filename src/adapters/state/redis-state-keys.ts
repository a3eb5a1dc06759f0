import { Cluster, type ChainableCommander, type Redis } from 'ioredis';
import type { DeliveryStatus } from '../../core/records/delivery.js';

/** Keys read or written in one round trip, at most. */
export const BATCH = 500;

/**
 * The start of every state key. On a Redis Cluster the prefix is a hash tag (`{newswatch}:seen:…`), so all state
 * keys live in one slot and every script and transaction, which touch several of them, stays legal there; on one
 * server or Sentinel it is the plain prefix, as deployments already hold their state under it.
 */
export function stateKeyPrefix(redis: Redis | Cluster, prefix: string): string {
  return redis instanceof Cluster ? `{${prefix}}` : prefix;
}

/** Where each part of the state lives, under the prefix `p` (see `stateKeyPrefix`). */
export function stateKeys(p: string) {
  return {
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
}

export type StateKeys = ReturnType<typeof stateKeys>;

/** One unambiguous member per (article, channel), whatever characters either holds. */
export const deliveryId = (articleKey: string, channelId: string): string => JSON.stringify([articleKey, channelId]);

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export async function execOrThrow(multi: ChainableCommander): Promise<unknown[]> {
  const results = (await multi.exec()) ?? [];
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

/** Records in index order; members whose record expired are dropped from `index`. */
export async function readRecords<T>(redis: Redis | Cluster, index: string, ids: readonly string[], recordKey: (id: string) => string): Promise<T[]> {
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
}
