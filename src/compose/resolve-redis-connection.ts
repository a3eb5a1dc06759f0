import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { describeRedisLocation, type RedisConnectionOptions } from '../adapters/queue/redis-connection.js';
import type { Config } from '../config/config-schema.js';
import type { Environment } from '../config/environment.js';
import { resolveRedisDeployment, type RedisDeployment } from '../config/redis-config.js';
import { ExitCode, InputError } from './exit-codes.js';

/** The connection options of a deployment's Redis, and a description of it for logs (no secrets). */
export interface ResolvedRedisConnection {
  options: RedisConnectionOptions;
  /** Which kind, where, and whether TLS and a password are used. */
  description: string;
  kind: RedisDeployment['location']['kind'];
}

/** PEM text given inline (from `${VAR}`), or read from a file relative to the config file. */
function readPem(value: string, key: string, configPath: string): string {
  if (value.trimStart().startsWith('-----BEGIN')) return value;
  const path = isAbsolute(value) ? value : resolve(dirname(resolve(configPath)), value);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InputError(ExitCode.configInvalid, `${configPath}: ${key}: cannot read ${value} (${code}); give the path of a PEM file (relative to the config file) or the PEM text`);
  }
}

/**
 * Where and how to reach Redis, from REDIS_URL and the config's `redis:` block, with the TLS files read. A
 * conflict between them, or a TLS file that cannot be read, stops the start with exit code 2 and the fix.
 */
export function resolveRedisConnection(config: Config, environment: Pick<Environment, 'redisUrl'>, configPath: string): ResolvedRedisConnection {
  let deployment: RedisDeployment;
  try {
    deployment = resolveRedisDeployment(config.redis, environment.redisUrl);
  } catch (error) {
    throw new InputError(ExitCode.configInvalid, `${configPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let tls: ConnectionOptions | null = null;
  if (deployment.tls !== null) {
    const { ca, cert, key } = deployment.tls;
    tls = {
      ...(ca === undefined ? {} : { ca: readPem(ca, 'redis.tls.ca', configPath) }),
      ...(cert === undefined ? {} : { cert: readPem(cert, 'redis.tls.cert', configPath) }),
      ...(key === undefined ? {} : { key: readPem(key, 'redis.tls.key', configPath) }),
    };
  }
  const options: RedisConnectionOptions = {
    location: deployment.location,
    tls,
    username: deployment.username,
    password: deployment.password,
    sentinelUsername: deployment.sentinelUsername,
    sentinelPassword: deployment.sentinelPassword,
  };
  const details = [
    tls === null ? 'plain TCP' : 'TLS',
    ...(deployment.username !== undefined ? [`user ${deployment.username}`] : []),
    ...(deployment.password !== undefined ? ['with a password'] : []),
  ];
  return {
    options,
    kind: deployment.location.kind,
    description: `${describeRedisLocation(deployment.location)} (${details.join(', ')}; from ${deployment.source})`,
  };
}
