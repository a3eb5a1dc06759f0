import { Redis, type RedisOptions } from 'ioredis';

/** Where Redis is: a `redis://` URL, or ioredis options. */
export type RedisConnectionSpec = string | RedisOptions;

/**
 * `producer` clients fail fast while Redis is down, so a caller (the poll scheduler) can try again later instead
 * of piling commands up in memory; `worker` clients wait and retry forever, as BullMQ's blocking reads require.
 */
export type RedisClientRole = 'producer' | 'worker';

// Reconnect attempts every second or two at most: a refused connection costs nothing, and a longer pause (BullMQ's
// own pace grows to 20 s) would leave work idle for that long after Redis is back from an outage of minutes.
const ROLE_OPTIONS: Record<RedisClientRole, RedisOptions> = {
  producer: { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 10_000, retryStrategy: (times: number) => Math.min(times * 100, 1_000) },
  worker: {
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(times * 250, 2_000),
  },
};

/** Creates an ioredis client tuned for its role; `lazyConnect` leaves it unconnected until first used. */
export function createRedisClient(spec: RedisConnectionSpec, role: RedisClientRole, extra: RedisOptions = {}): Redis {
  const options: RedisOptions = { ...(typeof spec === 'string' ? {} : spec), ...ROLE_OPTIONS[role], ...extra };
  return typeof spec === 'string' ? new Redis(spec, options) : new Redis(options);
}

// Concurrent callers share one wait, so a burst of adds during an outage adds one listener, not hundreds.
const readyWaits = new WeakMap<Redis, Promise<void>>();

/**
 * Resolves once the client is connected, or rejects after `timeoutMs`: callers learn quickly that Redis is down
 * rather than waiting on a reconnect loop.
 */
export async function awaitRedisReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  if (redis.status === 'end') throw new Error('the Redis connection is closed');
  const pending = readyWaits.get(redis);
  if (pending) return pending;
  if (redis.status === 'wait') void redis.connect().catch(() => undefined);
  const wait = new Promise<void>((resolve, reject) => {
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      const where = describeRedisTarget(redis);
      reject(new Error(`Redis at ${where} did not answer within ${timeoutMs} ms (connection ${redis.status}); try again later`));
    }, timeoutMs);
    redis.once('ready', onReady);
  }).finally(() => readyWaits.delete(redis));
  readyWaits.set(redis, wait);
  return wait;
}

/** host:port of a client, for messages (never its password). */
export function describeRedisTarget(redis: Redis): string {
  const { host, port, path } = redis.options;
  return path ? String(path) : `${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

/** Whether an error says the connection failed, as opposed to a command failing. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE|EHOSTUNREACH|EAI_AGAIN)$/.test(code)) return true;
  return /Connection is closed|Stream isn't writeable|connect ETIMEDOUT|Reached the max retries/i.test(error.message);
}
