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
 * With a log position in ARGV[8] (story grouping), it first checks that the article is still pending (else
 * returns -2) and that no article was logged after that position (else returns -1: the grouping read a window
 * that is no longer the latest), and writes nothing in either case.
 * KEYS: pending hash, pending queue, article record, articles index, deliveries index, articles log (stream),
 * then per delivery: its record, status index, channel index, story index.
 * ARGV: pending member, article JSON ('' for none), article member, article score, article ttl (s),
 * delivery ttl (s), articles log length, log position ('' for none), then per delivery: id, JSON, score, '1' when
 * finished (sent or failed, so it expires).
 * Returns the number of deliveries, or -2 or -1 as above.
 */
export const COMPLETE_ARTICLE_SCRIPT = `
if ARGV[8] ~= '' then
  if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return -2 end
  if #redis.call('XRANGE', KEYS[6], '(' .. ARGV[8], '+', 'COUNT', 1) > 0 then return -1 end
end
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
  local a = 8 + 4 * i
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

/**
 * Claims the post of one alert, or extends the caller's own claim; an alert recorded as sent is done for good.
 * KEYS: the claim, the delivery record. ARGV: owner, ttl (ms). Returns {'done'}, {'held', ms left} or {'claimed'}.
 */
export const CLAIM_DELIVERY_SCRIPT = `
local record = redis.call('GET', KEYS[2])
if record and cjson.decode(record).status == 'sent' then return {'done'} end
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then return {'held', redis.call('PTTL', KEYS[1])} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {'claimed'}
`;

/** Drops a claim only if the owner still holds it; 1 when it did. KEYS: the claim. ARGV: owner. */
export const RELEASE_CLAIM_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
