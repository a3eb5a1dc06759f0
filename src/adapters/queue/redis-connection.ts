import type { ConnectionOptions } from 'node:tls';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { parseRedisUrl, type RedisAddress, type RedisLocation } from '../../config/redis-url.js';

/** A connection to one Redis (a server, or a master found through Sentinel) or to a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** Everything a client needs to reach a deployment's Redis, TLS material already read. */
export interface RedisConnectionOptions {
  location: RedisLocation;
  /** null: plain TCP; otherwise TLS to every server and sentinel, with these options (CA, client certificate). */
  tls: ConnectionOptions | null;
  username?: string | undefined;
  password?: string | undefined;
  sentinelUsername?: string | undefined;
  sentinelPassword?: string | undefined;
}

/** Where Redis is: a URL (`redis://`, `rediss://`, `redis+sentinel://`, `redis+cluster://`), or the options. */
export type RedisConnectionSpec = string | RedisConnectionOptions;

/**
 * `producer` clients fail fast while Redis is down, so a caller (the poll scheduler) can try again later instead
 * of piling commands up in memory; `worker` clients wait and retry forever, as BullMQ's blocking reads require.
 */
export type RedisClientRole = 'producer' | 'worker';

interface RoleOptions {
  enableOfflineQueue: boolean;
  maxRetriesPerRequest: number | null;
  commandTimeout?: number;
  retry: (times: number) => number;
}

// Reconnect attempts every second or two at most: a refused connection costs nothing, and a longer pause (BullMQ's
// own pace grows to 20 s) would leave work idle for that long after Redis is back from an outage of minutes.
const ROLE_OPTIONS: Record<RedisClientRole, RoleOptions> = {
  producer: { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 10_000, retry: (times) => Math.min(times * 100, 1_000) },
  worker: { enableOfflineQueue: true, maxRetriesPerRequest: null, retry: (times) => Math.min(times * 250, 2_000) },
};

/**
 * A replica answers writes with READONLY: after a failover the client may still be on the old master, now
 * demoted (a managed service's DNS name moving to the new one, or Sentinel's stale answer). Reconnecting finds the
 * new master, and the command is sent again there.
 */
const reconnectOnReadOnly = (error: Error): 2 | false => (error.message.startsWith('READONLY') ? 2 : false);

/** What each client points at, for messages: never its password. */
const targets = new WeakMap<RedisClient, string>();

const formatAddress = ({ host, port }: RedisAddress): string => `${host.includes(':') ? `[${host}]` : host}:${port}`;

/** The options a spec names; a URL is read by the same rules as the config's. */
export function toConnectionOptions(spec: RedisConnectionSpec): RedisConnectionOptions {
  if (typeof spec !== 'string') return spec;
  const parsed = parseRedisUrl(spec);
  if ('error' in parsed) throw new Error(`not a Redis URL: ${parsed.error}`);
  return { location: parsed.location, tls: parsed.tls ? {} : null, username: parsed.username, password: parsed.password };
}

/** host:port, the master's name and its sentinels, or a cluster's seed nodes: for messages and logs. */
export function describeRedisLocation(location: RedisLocation): string {
  if (location.kind === 'single') return formatAddress(location.address);
  if (location.kind === 'sentinel') return `master "${location.master}" via sentinels ${location.sentinels.map(formatAddress).join(',')}`;
  return `cluster ${location.nodes.map(formatAddress).join(',')}`;
}

/**
 * Creates a client tuned for its role: an ioredis Redis for one server or a Sentinel-managed master (found again
 * through the sentinels after a failover), an ioredis Cluster for a cluster. `lazyConnect` leaves it unconnected
 * until first used.
 */
export function createRedisClient(spec: RedisConnectionSpec, role: RedisClientRole, extra: { lazyConnect?: boolean } = {}): RedisClient {
  const options = toConnectionOptions(spec);
  const { location, tls } = options;
  const roleOptions = ROLE_OPTIONS[role];
  const credentials = { username: options.username, password: options.password };
  const perRequest = {
    maxRetriesPerRequest: roleOptions.maxRetriesPerRequest,
    ...(roleOptions.commandTimeout === undefined ? {} : { commandTimeout: roleOptions.commandTimeout }),
    ...(tls ? { tls } : {}),
  };
  let client: RedisClient;
  if (location.kind === 'cluster') {
    const clusterOptions: ClusterOptions = {
      enableOfflineQueue: roleOptions.enableOfflineQueue,
      clusterRetryStrategy: roleOptions.retry,
      redisOptions: { ...credentials, ...perRequest, reconnectOnError: reconnectOnReadOnly },
      ...(extra.lazyConnect ? { lazyConnect: true } : {}),
      // With TLS, the nodes' certificates name their hosts: connect by the names given, not resolved addresses.
      ...(tls ? { dnsLookup: (address: string, callback: (error: null, address: string) => void) => callback(null, address) } : {}),
    };
    client = new Cluster(
      location.nodes.map(({ host, port }) => ({ host, port })),
      clusterOptions,
    );
  } else {
    const common: RedisOptions = {
      ...credentials,
      ...perRequest,
      db: location.db,
      enableOfflineQueue: roleOptions.enableOfflineQueue,
      retryStrategy: roleOptions.retry,
      reconnectOnError: reconnectOnReadOnly,
      ...(extra.lazyConnect ? { lazyConnect: true } : {}),
    };
    client =
      location.kind === 'single'
        ? new Redis({ ...common, host: location.address.host, port: location.address.port })
        : new Redis({
            ...common,
            sentinels: location.sentinels.map(({ host, port }) => ({ host, port })),
            name: location.master,
            sentinelUsername: options.sentinelUsername,
            sentinelPassword: options.sentinelPassword,
            // No failoverDetector: its sentinel subscriptions outlive QUIT (ioredis 5.11) and BullMQ's copies of
            // the client would keep a process from exiting. A dead master drops the connection, and a demoted one
            // answers READONLY; either way the client asks the sentinels again.
            ...(tls ? { enableTLSForSentinelMode: true, sentinelTLS: tls } : {}),
          });
  }
  targets.set(client, describeRedisLocation(location));
  return client;
}

/** Whether a client is a Redis Cluster client. */
export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

// Concurrent callers share one wait, so a burst of adds during an outage adds one listener, not hundreds.
const readyWaits = new WeakMap<RedisClient, Promise<void>>();

/**
 * Resolves once the client is connected, or rejects after `timeoutMs`: callers learn quickly that Redis is down
 * rather than waiting on a reconnect loop.
 */
export async function awaitRedisReady(redis: RedisClient, timeoutMs: number): Promise<void> {
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

/** Where a client points (host:port, the Sentinel master, the cluster), for messages: never its password. */
export function describeRedisTarget(redis: RedisClient): string {
  const known = targets.get(redis);
  if (known !== undefined) return known;
  if (isCluster(redis)) return 'a Redis Cluster';
  const { host, port, path } = redis.options;
  return path ? String(path) : `${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

/** Whether an error says the connection failed, as opposed to a command failing. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE|EHOSTUNREACH|EAI_AGAIN)$/.test(code)) return true;
  return /Connection is closed|Stream isn't writeable|connect ETIMEDOUT|Reached the max retries|All sentinels are unreachable|Cluster isn't ready|Failed to refresh slots cache|CLUSTERDOWN/i.test(error.message);
}

/** Closes a client: QUIT when it is connected, else at once (QUIT waits for Redis; while it is away, forever). */
export async function quitRedisClient(redis: RedisClient): Promise<void> {
  if (redis.status === 'ready') {
    try {
      await redis.quit();
      return;
    } catch {
      // Fall through to a hard disconnect.
    }
  }
  redis.disconnect();
}
