import { Cluster, type Redis } from 'ioredis';

type InfoReader = Pick<Redis, 'info'>;

/** The warning for one server's INFO, or null when its policy is `noeviction`. */
async function checkOne(redis: InfoReader, where: string): Promise<string | null> {
  let info: string;
  try {
    info = await redis.info('memory');
  } catch (error) {
    return `could not read Redis maxmemory-policy${where} (${error instanceof Error ? error.message : String(error)}); make sure it is "noeviction", or Redis may drop queued jobs and state`;
  }
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (policy === 'noeviction') return null;
  if (policy === undefined) {
    return `Redis did not report its maxmemory-policy${where}; make sure it is "noeviction", or Redis may drop queued jobs and state`;
  }
  return `Redis maxmemory-policy is "${policy}"${where}: under memory pressure Redis may evict queued jobs and state; set it to "noeviction"`;
}

/**
 * A warning when Redis may evict keys under memory pressure, which would silently drop queued jobs and state;
 * null when `maxmemory-policy` is `noeviction`, on every master of a cluster. Reads INFO, which managed services
 * allow more often than CONFIG.
 */
export async function checkRedisMemoryPolicy(redis: InfoReader | Cluster): Promise<string | null> {
  if (!(redis instanceof Cluster)) return checkOne(redis, '');
  // Before the cluster is ready it knows no nodes yet.
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  for (const node of redis.nodes('master')) {
    const warning = await checkOne(node, ` on cluster node ${node.options.host ?? '?'}:${node.options.port ?? '?'}`);
    if (warning !== null) return warning;
  }
  return null;
}
