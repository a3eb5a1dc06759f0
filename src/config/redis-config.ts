import { z } from 'zod';
import { parseDuration } from '../core/duration.js';
import { parseRedisAddress, parseRedisUrl, type ParsedRedisUrl, type RedisAddress, type RedisLocation } from './redis-url.js';

const duration = z.string().refine((value) => parseDuration(value) !== null, {
  message: 'expected a duration such as "90s", "15m", "1h" or "7d"',
});

/** An optional secret: `${VAR:-}` left empty counts as not set. */
const secret = z.string().optional().transform((value) => (value === '' ? undefined : value));

const redisUrl = z.string().superRefine((value, ctx) => {
  const parsed = parseRedisUrl(value);
  if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
});

const address = (defaultPort: number) =>
  z.string().superRefine((value, ctx) => {
    const parsed = parseRedisAddress(value, defaultPort);
    if ('error' in parsed) ctx.addIssue({ code: 'custom', message: `${parsed.error}; expected host:port such as "10.0.0.5:${defaultPort}"` });
  });

/** A certificate or key: a file path (relative to the config file), or the PEM text itself (from `${VAR}`). */
const pem = z.string().min(1, 'expected a file path or PEM text');

export const RedisConfigSchema = z
  .strictObject({
    /** Where Redis is, as a URL (redis://, rediss://, redis+sentinel://, redis+cluster://); REDIS_URL wins over it, and over `sentinel` and `cluster`. */
    url: redisUrl.optional(),
    prefix: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected letters, digits, ".", "_" or "-"').default('newswatch'),
    /** How long a worker holds a job without renewing its lock; a crashed worker's jobs return after about twice this. */
    lock_duration: duration.default('30s'),
    /** The ACL user and its password on the Redis servers (not the sentinels), when the URL carries none. */
    username: secret,
    password: secret,
    /** TLS to every server (and sentinel): `true`, or the CA, client certificate and key to use. */
    tls: z
      .union([z.literal(true), z.strictObject({ ca: pem.optional(), cert: pem.optional(), key: pem.optional() })], {
        error: 'expected true, or ca, cert and key (each a file path or PEM text)',
      })
      .optional(),
    /** A master found through Redis Sentinel, which follows it to a replica when the master fails. */
    sentinel: z
      .strictObject({
        master: z.string().min(1, "expected the master's name as the sentinels know it, such as mymaster").optional(),
        sentinels: z.array(address(26_379)).min(1, 'expected at least one sentinel address').optional(),
        /** The sentinels' own ACL user and password, when they have one. */
        username: secret,
        password: secret,
      })
      .optional(),
    /** A Redis Cluster, reached through any of its nodes (it tells the client about the others). */
    cluster: z.strictObject({ nodes: z.array(address(6_379)).min(1, 'expected at least one node address') }).optional(),
  })
  .superRefine((redis, ctx) => {
    const fromUrl = redis.url === undefined ? null : parseRedisUrl(redis.url);
    const url = fromUrl !== null && !('error' in fromUrl) ? fromUrl : null;
    const given = [
      ...(redis.url !== undefined ? ['url'] : []),
      ...(redis.sentinel?.sentinels !== undefined || redis.sentinel?.master !== undefined ? ['sentinel'] : []),
      ...(redis.cluster !== undefined ? ['cluster'] : []),
    ];
    if (given.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [given[1] ?? 'cluster'],
        message: `Redis is already located by redis.${given[0]}; keep one of redis.url, redis.sentinel (master and sentinels) and redis.cluster`,
      });
    }
    if (redis.sentinel !== undefined && given[0] === 'sentinel') {
      if (redis.sentinel.master === undefined) ctx.addIssue({ code: 'custom', path: ['sentinel'], message: "expected master: the master's name as the sentinels know it, such as mymaster" });
      if (redis.sentinel.sentinels === undefined) ctx.addIssue({ code: 'custom', path: ['sentinel'], message: 'expected sentinels: a list of sentinel addresses such as "10.0.0.5:26379"' });
    }
    const sentinelCredentials = redis.sentinel?.username !== undefined || redis.sentinel?.password !== undefined;
    if (sentinelCredentials && (redis.cluster !== undefined || (url !== null && url.location.kind !== 'sentinel'))) {
      ctx.addIssue({ code: 'custom', path: ['sentinel'], message: 'sentinel credentials apply only when Redis is found through Sentinel (redis+sentinel:// or sentinel.sentinels)' });
    }
    if (url?.password !== undefined && redis.password !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'the password is also in redis.url; give it in one place' });
    }
    if (url?.username !== undefined && redis.username !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'the user is also in redis.url; give it in one place' });
    }
    if (typeof redis.tls === 'object' && (redis.tls.cert === undefined) !== (redis.tls.key === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'a client certificate needs its key: give cert and key together' });
    }
  });

export type RedisConfig = z.infer<typeof RedisConfigSchema>;

/** TLS material as the config gives it: each a file path (relative to the config file) or PEM text. */
export interface RedisTlsSources {
  ca?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
}

/** Everything needed to connect to a deployment's Redis, merged from REDIS_URL and the `redis:` block. */
export interface RedisDeployment {
  location: RedisLocation;
  /** null: plain TCP. */
  tls: RedisTlsSources | null;
  username: string | undefined;
  password: string | undefined;
  sentinelUsername: string | undefined;
  sentinelPassword: string | undefined;
  /** Where the location came from, for messages: `REDIS_URL`, `redis.url`, `redis.sentinel`, `redis.cluster` or the default. */
  source: string;
}

/**
 * Where and how to reach Redis: REDIS_URL (already checked by the environment schema) wins over the block's
 * location, and the block adds what a URL does not carry (credentials it lacks, TLS files, the sentinels'
 * password). Throws an Error naming both places when REDIS_URL and the block give the same credential, or the
 * block's sentinel credentials have no sentinels to go to.
 */
export function resolveRedisDeployment(redis: RedisConfig, environmentUrl: string | undefined): RedisDeployment {
  let parsed: ParsedRedisUrl;
  let source: string;
  const fromUrl = (url: string, name: string): ParsedRedisUrl => {
    const result = parseRedisUrl(url);
    if ('error' in result) throw new Error(`${name} is not a Redis URL: ${result.error}`);
    return result;
  };
  if (environmentUrl !== undefined) {
    parsed = fromUrl(environmentUrl, 'REDIS_URL');
    source = 'REDIS_URL';
    if (parsed.password !== undefined && redis.password !== undefined) {
      throw new Error('REDIS_URL carries a password and redis.password in the config sets one too; give it in one place');
    }
    if (parsed.username !== undefined && redis.username !== undefined) {
      throw new Error('REDIS_URL carries a user and redis.username in the config sets one too; give it in one place');
    }
  } else if (redis.url !== undefined) {
    parsed = fromUrl(redis.url, 'redis.url');
    source = 'redis.url';
  } else if (redis.sentinel?.master !== undefined && redis.sentinel.sentinels !== undefined) {
    const sentinels = redis.sentinel.sentinels.map((text) => parseRedisAddress(text, 26_379)).filter((a): a is RedisAddress => !('error' in a));
    parsed = { location: { kind: 'sentinel', master: redis.sentinel.master, sentinels, db: 0 }, tls: false, username: undefined, password: undefined };
    source = 'redis.sentinel';
  } else if (redis.cluster !== undefined) {
    const nodes = redis.cluster.nodes.map((text) => parseRedisAddress(text, 6_379)).filter((a): a is RedisAddress => !('error' in a));
    parsed = { location: { kind: 'cluster', nodes }, tls: false, username: undefined, password: undefined };
    source = 'redis.cluster';
  } else {
    parsed = { location: { kind: 'single', address: { host: '127.0.0.1', port: 6_379 }, db: 0 }, tls: false, username: undefined, password: undefined };
    source = 'the default address';
  }
  const sentinelUsername = redis.sentinel?.username;
  const sentinelPassword = redis.sentinel?.password;
  if ((sentinelUsername !== undefined || sentinelPassword !== undefined) && parsed.location.kind !== 'sentinel') {
    throw new Error(`redis.sentinel sets credentials for sentinels, but ${source} names no sentinels; remove them or use a redis+sentinel:// URL`);
  }
  const tls = typeof redis.tls === 'object' ? { ...redis.tls } : redis.tls === true || parsed.tls ? {} : null;
  return {
    location: parsed.location,
    tls,
    username: parsed.username ?? redis.username,
    password: parsed.password ?? redis.password,
    sentinelUsername,
    sentinelPassword,
    source,
  };
}
