-- Bulwark token bucket: one atomic decision per call (Redis runs a script with no other command in between).
--
-- KEYS[1]  the bucket (a hash with fields "tokens" and "ts")
-- ARGV[1]  microseconds it takes to refill one token (may be fractional)
-- ARGV[2]  the bucket capacity (burst), a whole number >= 1
--
-- Returns { allowed (1 or 0), whole tokens left, microseconds until one token is there (0 when allowed) }.
--
-- Time is the Redis server's TIME, so every Bulwark instance sees the same clock. A bucket that does not exist is
-- full. The key expires once the bucket would be full again: a full bucket and no bucket are the same thing.

-- Redis < 5 replicates scripts verbatim and refuses writes after TIME without this; newer servers ignore it.
if redis.replicate_commands then
  redis.replicate_commands()
end

local micros_per_token = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end

-- Refill for the time passed; a clock that went backwards (failover to another server) refills nothing.
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) / micros_per_token)
  ts = now
end
if tokens > burst then
  tokens = burst
end

local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) * micros_per_token)
end

redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%.0f', ts))
local expire_ms = math.ceil((burst - tokens) * micros_per_token / 1000) + 1000
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', expire_ms))

return { allowed, math.floor(tokens), wait }
