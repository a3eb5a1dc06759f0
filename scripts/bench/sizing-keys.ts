/**
 * Every Redis key family newswatch writes, with the expiry its code gives it, and a census of a live deployment's
 * keys: how many of each family, their memory (MEMORY USAGE on a sample, scaled to the count) and their TTLs.
 */
import type { Redis } from 'ioredis';

export interface KeyFamily {
  name: string;
  /** The key after `<prefix>:`. */
  pattern: string;
  /** The expiry the code sets, as written in the TTL table. */
  expiry: string;
  /** The TTL a live key should show, in seconds: a range (-1 in it: some keys have none), or null for none (-1). */
  ttlSeconds: [number, number] | null;
  /** Where the expiry is set. */
  source: string;
  matches: (rest: string) => boolean;
}

const DAY = 86_400;

/** The families, most specific first (a key counts in the first family that matches it). */
export function keyFamilies(seenDays: number): KeyFamily[] {
  const state = 'src/adapters/state/redis-state-store.ts';
  const family = (name: string, pattern: string, expiry: string, ttlSeconds: [number, number] | null, source: string, test: RegExp): KeyFamily => ({
    name,
    pattern,
    expiry,
    ttlSeconds,
    source,
    matches: (rest) => test.test(rest),
  });
  return [
    family('seen', 'seen:<article key>', `retention.seen (${seenDays} d), set once when first seen`, [seenDays * DAY - 3_600, seenDays * DAY], `${state} (RECORD_SEEN_SCRIPT)`, /^seen:/),
    family('feed states', 'feeds (hash, a field per feed)', 'none: one field per configured feed', null, state, /^feeds$/),
    family('pending articles', 'pending (hash), pending:queue (zset)', 'none: an entry goes when its article is analysed', null, state, /^pending(:queue)?$/),
    family('analysed article', 'article:<article key>', '7 d', [7 * DAY - 3_600, 7 * DAY], `${state} (ARTICLE_TTL_SECONDS)`, /^article:/),
    family('articles index', 'articles (zset by analysis time)', 'none: the daily prune drops members older than retention.articles', null, state, /^articles$/),
    family('articles log', 'articles:log (stream)', 'none: capped at about 100,000 entries', null, `${state} (ARTICLE_LOG_LENGTH)`, /^articles:log$/),
    family('delivery record', 'delivery:["<article key>","<channel>"]', '30 d once sent or failed; none while pending or held for a digest', [30 * DAY - 3_600, 30 * DAY], `${state} (DELIVERY_TTL_SECONDS)`, /^delivery:/),
    family('delivery indexes', 'deliveries, deliveries:status:<status>, deliveries:channel:<channel> (zsets)', 'none: the daily prune drops finished deliveries older than retention.deliveries', null, state, /^deliveries(:|$)/),
    family('story entry', 'story:["<story id>","<channel>"] (zset)', '30 d, renewed by each delivery of the story in that channel', [30 * DAY - 3_600, 30 * DAY], `${state} (DELIVERY_TTL_SECONDS)`, /^story:/),
    family('delivery claim', 'delivery-claim:<delivery>', 'redis.lock_duration (at least 10 s) while a post runs; deleted after it', [1, 60], 'src/pipeline/deliver-step.ts', /^delivery-claim:/),
    family('once-claims', 'claim:<what>', 'the claim\'s own time: a poll max(interval, 60 s); digests, briefs, escalations, notices their periods', [1, 31 * DAY], 'src/pipeline/*.ts (claimOnce)', /^claim:/),
    family('rate budgets', 'budget:<platform>:<...> (hash)', 'a minute after the last lease, spacing, window or pause ends', [1, 120], 'src/adapters/budgets/redis-budget-scripts.ts', /^budget:/),
    family('live config', 'live:topics, live:feeds, live:audit, live:version', 'none (the audit list keeps 10,000 entries)', null, 'src/adapters/state/redis-live-config-store.ts', /^live:/),
    family('WebSub subscriptions', 'websub:subscriptions (hash)', 'none: one field per pushed feed', null, 'src/adapters/state/redis-subscription-store.ts', /^websub:/),
    family('BullMQ job', 'newswatch-<queue>:<job id> (hash)', 'none: completed jobs go after an hour (at most 1,000 kept a queue), failed ones beyond the latest 1,000', null, 'src/adapters/queue/bullmq-queue.ts', /^newswatch-[a-z]+:(?!(wait|active|paused|delayed|prioritized|completed|failed|events|meta|id|stalled-check|marker|pc|waiting-children|stalled|limiter|de|repeat)$)/),
    family('BullMQ queue keys', 'newswatch-<queue>:wait, :active, :completed, :events, ... ', 'none (the events stream keeps about 10,000 entries); the stalled-job check\'s marker lives redis.lock_duration', [-1, 60], 'bullmq', /^newswatch-[a-z]+:/),
  ];
}

export interface FamilyCensus {
  family: string;
  pattern: string;
  /** The expiry the code sets. */
  expiry: string;
  keys: number;
  /** MEMORY USAGE of the sampled keys, scaled to the family's count. */
  bytes: number;
  /** The TTLs seen on the sample (seconds; -1 none). */
  ttl: { min: number; max: number } | null;
  /** Every sampled TTL in the range the code sets (or none where it sets none). */
  ttlAsCoded: boolean | null;
}

/** Scans every key under `prefix`, sorts it into its family, and samples up to `sample` keys of each. */
export async function censusKeys(redis: Redis, prefix: string, families: readonly KeyFamily[], sample = 200): Promise<FamilyCensus[]> {
  const counts = new Map<string, number>();
  const samples = new Map<string, string[]>();
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 2_000);
    cursor = next;
    for (const key of found) {
      const rest = key.slice(prefix.length + 1);
      const family = families.find((candidate) => candidate.matches(rest))?.name ?? 'other';
      counts.set(family, (counts.get(family) ?? 0) + 1);
      const list = samples.get(family) ?? [];
      if (list.length < sample) list.push(key);
      samples.set(family, list);
    }
  } while (cursor !== '0');
  const census: FamilyCensus[] = [];
  for (const family of [...families.map((candidate) => candidate.name), 'other']) {
    const keys = counts.get(family) ?? 0;
    const coded = families.find((candidate) => candidate.name === family);
    const described = { family, pattern: coded?.pattern ?? '', expiry: coded?.expiry ?? '' };
    if (keys === 0) {
      // Listed all the same, so the table names every family; none was alive at the census.
      if (coded) census.push({ ...described, keys: 0, bytes: 0, ttl: null, ttlAsCoded: null });
      continue;
    }
    const sampled = samples.get(family) ?? [];
    const pipeline = redis.pipeline();
    for (const key of sampled) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0').ttl(key);
    const replies = ((await pipeline.exec()) ?? []).map(([error, value]) => (error ? 0 : Number(value)));
    // A key that expired between the scan and its TTL (-2) is left out.
    const live = sampled.map((_, i) => ({ usage: replies[2 * i] ?? 0, ttl: replies[2 * i + 1] ?? -2 })).filter((entry) => entry.ttl !== -2);
    const usages = live.map((entry) => entry.usage);
    const ttls = live.map((entry) => entry.ttl);
    const expected = coded?.ttlSeconds;
    census.push({
      ...described,
      keys,
      bytes: Math.round((usages.reduce((sum, value) => sum + value, 0) / Math.max(1, usages.length)) * keys),
      ttl: ttls.length > 0 ? { min: Math.min(...ttls), max: Math.max(...ttls) } : null,
      ttlAsCoded: expected === undefined ? null : ttls.every((ttl) => (expected === null ? ttl === -1 : ttl >= expected[0] && ttl <= expected[1])),
    });
  }
  return census;
}

/** INFO memory's used_memory, in bytes. */
export async function usedMemory(redis: Redis): Promise<number> {
  return Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1] ?? 0);
}

/** Members of a sorted set, a hash or a stream, and its MEMORY USAGE: bytes per member. */
export async function bytesPerMember(redis: Redis, key: string): Promise<{ members: number; bytesPerMember: number } | null> {
  const type = await redis.type(key);
  const members = type === 'zset' ? await redis.zcard(key) : type === 'hash' ? await redis.hlen(key) : type === 'stream' ? await redis.xlen(key) : 0;
  if (members === 0) return null;
  const bytes = Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
  return { members, bytesPerMember: Math.round(bytes / members) };
}
