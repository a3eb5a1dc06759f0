import type { Redis } from 'ioredis';

/**
 * A warning when Redis may evict keys under memory pressure, which would silently drop queued jobs and state;
 * null when `maxmemory-policy` is `noeviction`. Reads INFO, which managed services allow more often than CONFIG.
 */
export async function checkRedisMemoryPolicy(redis: Pick<Redis, 'info'>): Promise<string | null> {
  let info: string;
  try {
    info = await redis.info('memory');
  } catch (error) {
    return `could not read Redis maxmemory-policy (${error instanceof Error ? error.message : String(error)}); make sure it is "noeviction", or Redis may drop queued jobs and state`;
  }
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (policy === 'noeviction') return null;
  if (policy === undefined) {
    return 'Redis did not report its maxmemory-policy; make sure it is "noeviction", or Redis may drop queued jobs and state';
  }
  return `Redis maxmemory-policy is "${policy}": under memory pressure Redis may evict queued jobs and state; set it to "noeviction"`;
}
