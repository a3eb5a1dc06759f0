// Lua scripts for the rate budgets in Redis. Each budget is one hash (KEYS[1]), so every script touches one key
// (one slot in a Redis Cluster). Time is Redis's own (TIME), so processes on machines whose clocks differ still
// agree on when a spacing, window or pause ends. Fields: `lease:<token>` (the lease's expiry), `returned` (when
// the last lease came back), `paused` (until when nothing starts), `remaining` and `reset` (the window).

/** Shared start of every script: `now` in ms, `keep` (extends the hash's expiry past an instant) and `num`. */
const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function keep(untilMs)
  local want = math.floor(untilMs - now) + 60000
  if redis.call('PTTL', KEYS[1]) < want then redis.call('PEXPIRE', KEYS[1], want) end
end
local function num(field)
  local value = redis.call('HGET', KEYS[1], field)
  if value then return tonumber(value) end
  return nil
end
`;

/**
 * Grants a lease when fewer than `concurrent` live leases are out, `spacing` ms passed since the last return, and
 * no pause is in force; lapsed leases are dropped on the way.
 * ARGV: token, concurrent, spacing ms, hold ms, poll ms (how soon to ask again while every lease is out).
 * Returns {1, 0} when granted, else {0, ms to wait before asking again}.
 */
export const ACQUIRE_SCRIPT = `${PRELUDE}
local fields = redis.call('HGETALL', KEYS[1])
local returned, paused, live, soonest = nil, 0, 0, nil
for i = 1, #fields, 2 do
  local name, value = fields[i], tonumber(fields[i + 1])
  if name == 'returned' then returned = value
  elseif name == 'paused' then paused = value
  elseif string.sub(name, 1, 6) == 'lease:' then
    if value <= now then
      redis.call('HDEL', KEYS[1], name)
    else
      live = live + 1
      if soonest == nil or value < soonest then soonest = value end
    end
  end
end
local wait = paused - now
if returned then wait = math.max(wait, returned + tonumber(ARGV[3]) - now) end
if live >= tonumber(ARGV[2]) then
  return {0, math.max(wait, math.min(soonest - now, tonumber(ARGV[5])))}
end
if wait > 0 then return {0, wait} end
local expiry = now + tonumber(ARGV[4])
redis.call('HSET', KEYS[1], 'lease:' .. ARGV[1], expiry)
keep(expiry)
return {1, 0}
`;

/**
 * Returns a lease: the spacing counts from now, and a pause (ARGV[3] ms, 0 for none) is set in the same step, so no
 * lease is granted between the return and the pause.
 * ARGV: token, spacing ms, pause ms.
 */
export const RELEASE_SCRIPT = `${PRELUDE}
redis.call('HDEL', KEYS[1], 'lease:' .. ARGV[1])
redis.call('HSET', KEYS[1], 'returned', now)
local untilMs = now + tonumber(ARGV[2])
local pauseMs = tonumber(ARGV[3])
if pauseMs > 0 then
  local paused = math.max(num('paused') or 0, now + pauseMs)
  redis.call('HSET', KEYS[1], 'paused', paused)
  untilMs = math.max(untilMs, paused)
end
keep(untilMs)
return 1
`;

/**
 * Takes one request from the window. With a limit (ARGV[1] >= 0), an expired window starts again with that many;
 * without one (-1), only a learned window counts, and none known means go.
 * ARGV: limit (-1 for none), window ms. Returns 0 when taken, else ms to wait.
 */
export const SPEND_SCRIPT = `${PRELUDE}
local paused = num('paused') or 0
if paused > now then return paused - now end
local resetAt = num('reset') or 0
local limit = tonumber(ARGV[1])
if resetAt <= now then
  if limit < 0 then return 0 end
  resetAt = now + tonumber(ARGV[2])
  redis.call('HSET', KEYS[1], 'reset', resetAt, 'remaining', limit - 1)
  keep(resetAt)
  return 0
end
local remaining = num('remaining')
if remaining == nil then return 0 end
if remaining <= 0 then return resetAt - now end
redis.call('HINCRBY', KEYS[1], 'remaining', -1)
return 0
`;

/**
 * Folds a platform's report into the window, by the rules of mergeWindowReport: the same window keeps the lower
 * count and the later reset, a newer window replaces it, a late report of an older one changes nothing.
 * ARGV: remaining, reset-after ms, same-window tolerance ms.
 */
export const LEARN_SCRIPT = `${PRELUDE}
local remaining, resetAt, same = tonumber(ARGV[1]), now + tonumber(ARGV[2]), tonumber(ARGV[3])
local known, knownReset = num('remaining'), num('reset') or 0
if known ~= nil and knownReset > now and resetAt <= knownReset + same then
  if resetAt < knownReset - same then return 0 end
  remaining = math.min(known, remaining)
  resetAt = math.max(knownReset, resetAt)
end
redis.call('HSET', KEYS[1], 'remaining', remaining, 'reset', resetAt)
keep(resetAt)
return 1
`;

/** Pauses the budget for ARGV[1] ms from now (a longer pause already set stays). */
export const PAUSE_SCRIPT = `${PRELUDE}
local paused = math.max(num('paused') or 0, now + tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'paused', paused)
keep(paused)
return 1
`;
