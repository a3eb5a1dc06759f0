import type { Cluster, Redis } from 'ioredis';
import type { WebSubSubscription } from '../../core/websub/subscription.js';
import type { SubscriptionStore } from '../../ports/subscription-store.js';
import { stateKeyPrefix } from './redis-state-keys.js';

/**
 * Merges the changes (JSON; a null stays a null) into a record, or with no changes deletes it, only while the
 * record carries the expected request id.
 */
const UPDATE_IF_CURRENT_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return 0 end
local record = cjson.decode(current)
if record['requestId'] ~= ARGV[2] then return 0 end
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return 1
end
for field, value in pairs(cjson.decode(ARGV[3])) do record[field] = value end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return 1
`;

/** The WebSub subscriptions in one Redis hash (feed id → record), shared by every process of a deployment. */
export function createRedisSubscriptionStore(redis: Redis | Cluster, options: { prefix: string }): SubscriptionStore {
  // Under the state keys' prefix (a hash tag on a cluster), beside the rest of the deployment's state.
  const key = `${stateKeyPrefix(redis, options.prefix)}:websub:subscriptions`;
  const updateIfCurrent = async (feedId: string, requestId: string, changes: string): Promise<boolean> =>
    Number(await redis.eval(UPDATE_IF_CURRENT_SCRIPT, 1, key, feedId, requestId, changes)) === 1;
  return {
    async get(feedId) {
      const value = await redis.hget(key, feedId);
      return value ? (JSON.parse(value) as WebSubSubscription) : null;
    },
    async list() {
      const all = await redis.hgetall(key);
      return Object.keys(all)
        .sort()
        .map((feedId) => JSON.parse(all[feedId] ?? 'null') as WebSubSubscription);
    },
    async save(subscription) {
      await redis.hset(key, subscription.feedId, JSON.stringify(subscription));
    },
    update: (feedId, requestId, changes) => updateIfCurrent(feedId, requestId, JSON.stringify({ ...changes, feedId, requestId })),
    deleteIfCurrent: (feedId, requestId) => updateIfCurrent(feedId, requestId, ''),
    async close() {
      // The client belongs to the caller.
    },
  };
}
