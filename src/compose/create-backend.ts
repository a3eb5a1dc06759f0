import { join } from 'node:path';
import { createMemoryRateBudgets } from '../adapters/budgets/memory-rate-budgets.js';
import { createRedisRateBudgets } from '../adapters/budgets/redis-rate-budgets.js';
import { bullmqQueueName, checkRedisMemoryPolicy, createBullmqQueue } from '../adapters/queue/bullmq-queue.js';
import { createInProcessQueue } from '../adapters/queue/in-process-queue.js';
import { createRedisClient } from '../adapters/queue/redis-connection.js';
import { createRedisLiveConfigStore } from '../adapters/state/redis-live-config-store.js';
import { createRedisStateStore } from '../adapters/state/redis-state-store.js';
import { createSqliteLiveConfigStore } from '../adapters/state/sqlite-live-config-store.js';
import { createSqliteStateStore } from '../adapters/state/sqlite-state-store.js';
import type { Config } from '../config/config-schema.js';
import type { Environment } from '../config/environment.js';
import { parseDuration } from '../core/duration.js';
import { describeError } from '../core/errors.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { LiveConfigStore } from '../ports/live-config-store.js';
import type { Logger } from '../ports/logger.js';
import type { RateBudgets } from '../ports/rate-budgets.js';
import type { StateStore } from '../ports/state-store.js';

export interface Backend {
  kind: 'memory' | 'redis';
  store: StateStore;
  queue: JobQueue;
  /** What chat changed (topics, feeds, mutes, routes, audit log), beside the state. */
  live: LiveConfigStore;
  /**
   * Send budgets per chat channel, route and bot, and the per-host fetch limit: in this process's memory with
   * SQLite, in Redis (shared by every worker, with each 429's pause) with Redis.
   */
  budgets: RateBudgets;
  /** Where the BullMQ queues live, for the admin pages; null with the in-process queue. */
  bullmq: { url: string; prefix: string; queueNames: string[] } | null;
  /**
   * Calls `listener` each time the state store's Redis connection is ready again after it was lost, so work
   * stranded by the outage is queued again at once; never with SQLite.
   */
  onReconnect(listener: () => void): void;
  /**
   * How long a claim on posting an alert lasts unless renewed: the job lock's duration, and at least 10 s, so a
   * Redis restart of a few seconds never lets the claim of a post in flight lapse, while the alert a dead process
   * was posting goes out again about that long after.
   */
  deliveryClaimMs: number;
  close(): Promise<void>;
}

/**
 * SQLite and the in-process queue by default; Redis and BullMQ with `queue: redis` or REDIS_URL set.
 * `prepareDataDir` runs before SQLite opens (only then is the data directory used), to refuse an unusable one.
 */
export function createBackend(config: Config, environment: Pick<Environment, 'redisUrl' | 'redisPrefix'>, dataDir: string, logger: Logger, prepareDataDir?: (dir: string) => void): Backend {
  const onError = (job: { queue: string; id: string; attempt: number } | null, error: unknown): void =>
    logger.warn({ queue: job?.queue, job: job?.id, attempt: job?.attempt, err: describeError(error) }, job ? 'job failed' : 'queue connection problem');
  const redisUrl = environment.redisUrl ?? config.redis.url;
  const useRedis = config.queue === 'redis' || (config.queue === undefined && environment.redisUrl !== undefined);
  if (!useRedis) {
    prepareDataDir?.(dataDir);
    const store = createSqliteStateStore(join(dataDir, 'newswatch.sqlite'));
    const live = createSqliteLiveConfigStore(join(dataDir, 'newswatch.sqlite'));
    const close = async (): Promise<void> => {
      await live.close();
      await store.close();
    };
    const queue = createInProcessQueue({ onError });
    return { kind: 'memory', store, queue, live, budgets: createMemoryRateBudgets(), bullmq: null, onReconnect: () => undefined, deliveryClaimMs: 10_000, close };
  }
  const url = redisUrl ?? 'redis://127.0.0.1:6379';
  const prefix = environment.redisPrefix ?? config.redis.prefix;
  const client = createRedisClient(url, 'worker');
  client.on('error', () => undefined); // reconnects by itself; outages are reported by the queue
  const reconnectListeners: (() => void)[] = [];
  let connectedBefore = false;
  client.on('ready', () => {
    if (connectedBefore) for (const listener of reconnectListeners) listener();
    connectedBefore = true;
  });
  void checkRedisMemoryPolicy(client)
    .then((warning) => warning && logger.warn({ redis: url }, warning))
    .catch(() => undefined);
  const store = createRedisStateStore(client, { prefix });
  const lockDurationMs = parseDuration(config.redis.lock_duration) ?? 30_000;
  const queue = createBullmqQueue({ connection: url, prefix, onError, lockDurationMs });
  return {
    kind: 'redis',
    store,
    queue,
    live: createRedisLiveConfigStore(client, { prefix }),
    budgets: createRedisRateBudgets(client, { prefix }),
    bullmq: { url, prefix, queueNames: (['poll', 'analyze', 'deliver'] as const).map(bullmqQueueName) },
    onReconnect: (listener) => void reconnectListeners.push(listener),
    deliveryClaimMs: Math.max(lockDurationMs, 10_000),
    close: async () => {
      await store.close();
      // QUIT waits for Redis; while it is unreachable that would be forever.
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}

