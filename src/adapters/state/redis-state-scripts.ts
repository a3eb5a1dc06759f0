// Lua scripts for the Redis state store: each runs atomically, which is what the StateStore port's "in one step"
// asks for. Every key a script touches is passed in KEYS.

/**
 * Records keys as seen (SET NX with expiry); an article becomes pending only if its key was not seen before.
 * KEYS: pending hash, pending queue (zset), seen keys of the n pending articles, seen keys of seen-only items.
 * ARGV: recorded-at, seen ttl (s), queue score, n, then per pending article: its key, its JSON.
 * Returns the 1-based positions of the pending articles that were new.
 */
export const RECORD_SEEN_SCRIPT = `
local n = tonumber(ARGV[4])
local fresh = {}
for i = 1, n do
  if redis.call('SET', KEYS[2 + i], ARGV[1], 'NX', 'EX', ARGV[2]) then
    local member = ARGV[3 + 2 * i]
    redis.call('HSET', KEYS[1], member, ARGV[4 + 2 * i])
    redis.call('ZADD', KEYS[2], ARGV[3], member)
    fresh[#fresh + 1] = i
  end
end
for i = 3 + n, #KEYS do
  redis.call('SET', KEYS[i], ARGV[1], 'NX', 'EX', ARGV[2])
end
return fresh
`;

/**
 * Stores an analysed article (and notes it in the articles log, which other processes read to learn of it), and
 * inserts its deliveries (a delivery already there is kept), then clears the article from pending.
 * KEYS: pending hash, pending queue, article record, articles index, deliveries index, articles log (stream),
 * then per delivery: its record, status index, channel index, story index.
 * ARGV: pending member, article JSON ('' for none), article member, article score, article ttl (s),
 * delivery ttl (s), articles log length, then per delivery: id, JSON, score, '1' when finished (sent or failed,
 * so it expires).
 */
export const COMPLETE_ARTICLE_SCRIPT = `
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if ARGV[2] ~= '' then
  redis.call('SET', KEYS[3], ARGV[2], 'EX', ARGV[5])
  redis.call('ZADD', KEYS[4], ARGV[4], ARGV[3])
  redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[7], '*', 'key', ARGV[3])
end
local count = (#KEYS - 6) / 4
for i = 0, count - 1 do
  local k = 6 + 4 * i
  local a = 7 + 4 * i
  local inserted
  if ARGV[a + 4] == '1' then
    inserted = redis.call('SET', KEYS[k + 1], ARGV[a + 2], 'NX', 'EX', ARGV[6])
  else
    inserted = redis.call('SET', KEYS[k + 1], ARGV[a + 2], 'NX')
  end
  if inserted then
    for j = 2, 4 do redis.call('ZADD', KEYS[k + j], ARGV[a + 3], ARGV[a + 1]) end
    redis.call('ZADD', KEYS[5], ARGV[a + 3], ARGV[a + 1])
    redis.call('EXPIRE', KEYS[k + 4], ARGV[6])
  end
end
return count
`;
