import type { ChainableCommander, Cluster, Redis } from 'ioredis';
import type { LiveFeed, LiveTopic } from '../../core/settings/chat-overlay.js';
import type { AuditEntry, LiveChange } from '../../core/commands/live-config.js';
import type { LiveConfigStore } from '../../ports/live-config-store.js';
import { stateKeyPrefix } from './redis-state-keys.js';

/** Audit entries kept; older ones are dropped as new ones come. */
const AUDIT_KEPT = 10_000;

async function execOrThrow(multi: ChainableCommander): Promise<unknown[]> {
  const results = (await multi.exec()) ?? [];
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

function parseAll<T>(hash: unknown): T[] {
  const entries = Object.entries((hash ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.map(([, value]) => JSON.parse(value) as T);
}

/**
 * The live configuration on Redis, shared by every process of a deployment: two hashes (topics, feeds), the
 * audit log as a list (newest first) and a version counter, each change applied with its audit entry and version
 * bump in one MULTI (its keys share the state's slot on a cluster). The caller owns the client; `close` leaves it open.
 */
export function createRedisLiveConfigStore(redis: Redis | Cluster, options: { prefix: string }): LiveConfigStore {
  const p = `${stateKeyPrefix(redis, options.prefix)}:live`;
  const keys = { topics: `${p}:topics`, feeds: `${p}:feeds`, audit: `${p}:audit`, version: `${p}:version` };

  const pushAudit = (multi: ChainableCommander, entry: AuditEntry): ChainableCommander =>
    multi.lpush(keys.audit, JSON.stringify(entry)).ltrim(keys.audit, 0, AUDIT_KEPT - 1);

  return {
    async load() {
      const [version, topics, feeds] = await execOrThrow(redis.multi().get(keys.version).hgetall(keys.topics).hgetall(keys.feeds));
      return { version: Number(version ?? 0), topics: parseAll<LiveTopic>(topics), feeds: parseAll<LiveFeed>(feeds) };
    },
    async version() {
      return Number((await redis.get(keys.version)) ?? 0);
    },
    async apply(change: LiveChange, audit: AuditEntry) {
      const multi = redis.multi();
      if (change.kind === 'put-topic') multi.hset(keys.topics, change.topic.id, JSON.stringify(change.topic));
      else if (change.kind === 'delete-topic') multi.hdel(keys.topics, change.id);
      else if (change.kind === 'put-feed') multi.hset(keys.feeds, change.feed.id, JSON.stringify(change.feed));
      else multi.hdel(keys.feeds, change.id);
      pushAudit(multi, audit).incr(keys.version);
      const results = await execOrThrow(multi);
      return Number(results[results.length - 1]);
    },
    async recordAudit(entry) {
      await execOrThrow(pushAudit(redis.multi(), entry));
    },
    async listAudit(limit) {
      const count = Math.max(0, Math.floor(limit));
      if (count === 0) return [];
      return (await redis.lrange(keys.audit, 0, count - 1)).map((value) => JSON.parse(value) as AuditEntry);
    },
    async close() {},
  };
}
