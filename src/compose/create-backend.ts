import { retentionPolicy } from '../config/build-settings.js';
import type { RetentionPolicy } from '../core/settings/runtime-settings.js';
import { join } from 'node:path';
import { createMemoryRateBudgets } from '../adapters/budgets/memory-rate-budgets.js';
import { createRedisRateBudgets } from '../adapters/budgets/redis-rate-budgets.js';
import { bullmqQueueName, checkRedisMemoryPolicy, createBullmqQueue } from '../adapters/queue/bullmq-queue.js';
import { createInProcessQueue } from '../adapters/queue/in-process-queue.js';
import { createRedisClient, isCluster, quitRedisClient, type RedisClient } from '../adapters/queue/redis-connection.js';
import { createRedisLiveConfigStore } from '../adapters/state/redis-live-config-store.js';
import { createRedisStateStore } from '../adapters/state/redis-state-store.js';
import { createSqliteLiveConfigStore } from '../adapters/state/sqlite-live-config-store.js';
import { createSqliteStateStore } from '../adapters/state/sqlite-state-store.js';
import { createRedisSubscriptionStore } from '../adapters/state/redis-subscription-store.js';
import { createSqliteSubscriptionStore } from '../adapters/state/sqlite-subscription-store.js';
import type { Config } from '../config/config-schema.js';
import type { Environment } from '../config/environment.js';
import { parseDuration } from '../core/duration.js';
import { describeError } from '../core/errors.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { LiveConfigStore } from '../ports/live-config-store.js';
import type { Logger } from '../ports/logger.js';
import type { RateBudgets } from '../ports/rate-budgets.js';
import type { StateStore } from '../ports/state-store.js';
import type { SubscriptionStore } from '../ports/subscription-store.js';
import { resolveRedisConnection } from './resolve-redis-connection.js';

export interface Backend {
  kind: 'memory' | 'redis';
  store: StateStore;
  queue: JobQueue;
  /** What chat changed (topics, feeds, mutes, routes, audit log), beside the state. */
  live: LiveConfigStore;
  /** The WebSub subscriptions, beside the state. */
  subscriptions: SubscriptionStore;
  /**
   * Send budgets per chat channel, route and bot, and the per-host fetch limit: in this process's memory with
   * SQLite, in Redis (shared by every worker, with each 429's pause) with Redis.
   */
  budgets: RateBudgets;
  /** Where the BullMQ queues live, for the admin pages; null with the in-process queue. */
  bullmq: { openConnection: () => RedisClient; prefix: string; queueNames: string[] } | null;
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

export interface BackendOptions {
  /** The config file, for messages and for TLS files named relative to it. */
  configPath: string;
  dataDir: string;
  logger: Logger;
  /** Runs before SQLite opens (only then is the data directory used), to refuse an unusable one. */
  prepareDataDir?: (dir: string) => void;
  /** The retention in force, which Redis keys expire by; the YAML's as read at start when absent. */
  retention?: () => RetentionPolicy;
}

/**
 * SQLite and the in-process queue by default; Redis and BullMQ with `queue: redis` or REDIS_URL set: one server,
 * a Sentinel-managed master or a Redis Cluster, as REDIS_URL or the config's `redis:` block says.
 */
export function createBackend(config: Config, environment: Pick<Environment, 'redisUrl' | 'redisPrefix'>, backendOptions: BackendOptions): Backend {
  const { configPath, dataDir, logger, prepareDataDir } = backendOptions;
  const onError = (job: { queue: string; id: string; attempt: number } | null, error: unknown): void =>
    logger.warn({ queue: job?.queue, job: job?.id, attempt: job?.attempt, err: describeError(error) }, job ? 'job failed' : 'queue connection problem');
  const useRedis = config.queue === 'redis' || (config.queue === undefined && environment.redisUrl !== undefined);
  if (!useRedis) {
    prepareDataDir?.(dataDir);
    const store = createSqliteStateStore(join(dataDir, 'newswatch.sqlite'));
    const live = createSqliteLiveConfigStore(join(dataDir, 'newswatch.sqlite'));
    const subscriptions = createSqliteSubscriptionStore(join(dataDir, 'newswatch.sqlite'));
    const close = async (): Promise<void> => {
      await subscriptions.close();
      await live.close();
      await store.close();
    };
    const queue = createInProcessQueue({ onError });
    return { kind: 'memory', store, queue, live, subscriptions, budgets: createMemoryRateBudgets(), bullmq: null, onReconnect: () => undefined, deliveryClaimMs: 10_000, close };
  }
  const redis = resolveRedisConnection(config, environment, configPath);
  const prefix = environment.redisPrefix ?? config.redis.prefix;
  const client = createRedisClient(redis.options, 'worker');
  client.on('error', () => undefined); // reconnects by itself; outages are reported by the queue
  const reconnectListeners: (() => void)[] = [];
  let connectedBefore = false;
  client.on('ready', () => {
    if (connectedBefore) for (const listener of reconnectListeners) listener();
    connectedBefore = true;
  });
  logger.info({ redis: redis.description, prefix }, 'using Redis');
  void checkRedisMemoryPolicy(client)
    .then((warning) => warning && logger.warn({ redis: redis.description }, warning))
    .catch(() => undefined);
  const fromYaml = retentionPolicy(config.retention);
  const store = createRedisStateStore(client, { prefix, retention: backendOptions.retention ?? (() => fromYaml) });
  const lockDurationMs = parseDuration(config.redis.lock_duration) ?? 30_000;
  const queue = createBullmqQueue({ connection: redis.options, prefix, onError, lockDurationMs });
  return {
    kind: 'redis',
    store,
    queue,
    live: createRedisLiveConfigStore(client, { prefix }),
    subscriptions: createRedisSubscriptionStore(client, { prefix }),
    budgets: createRedisRateBudgets(client, { prefix }),
    bullmq: { openConnection: () => createRedisClient(redis.options, 'producer'), prefix, queueNames: (['poll', 'analyze', 'deliver'] as const).map((name) => bullmqQueueName(name, isCluster(client))) },
    onReconnect: (listener) => void reconnectListeners.push(listener),
    deliveryClaimMs: Math.max(lockDurationMs, 10_000),
    close: async () => {
      await store.close();
      await quitRedisClient(client);
    },
  };
}

