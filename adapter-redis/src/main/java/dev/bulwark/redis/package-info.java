/**
 * Redis implementations of the ports (shared response cache, rate limiting on a sliding window shared by every instance, health and
 * meters), every Redis call behind one circuit breaker and a short timeout, so losing Redis never fails a call.
 *
 * <p><b>{@link RedisConnection}</b>: One Redis server as the adapter uses it: a pooled Jedis client, and the
 * resilience every call goes through. Build one per server process, share it between {@link RedisCacheStore},
 * {@link RedisRateLimitStore}, {@link RedisHealthIndicator} and {@link RedisMetrics}, and {@link
 * RedisConnection#close()} it on shutdown:
 *
 * <pre>{@code
 * RedisConnection redis = RedisConnection.builder(RedisSettings.builder()
 *                 .url("rediss://app:secret@cache.internal:6380/0")
 *                 .operationTimeout(Duration.ofMillis(250))
 *                 .build())
 *         .build();
 * CacheStore cache = new RedisCacheStore(redis);
 * RateLimitStore limits = new RedisRateLimitStore(redis);
 * }</pre>
 *
 * <p>A command runs on its caller's thread when the breaker is closed and a pooled connection is idle: that
 * connection's socket timeout (the operation timeout) bounds the wait, and no thread hand-off is paid. Otherwise it
 * runs as {@code Failsafe.with(circuitBreaker).compose(timeout)} on the adapter's own worker threads, so the caller
 * waits at most the operation timeout whatever Redis does (refuse connections, stop answering, accept but never
 * finish a TLS handshake, leave the pool empty), and a slow connect finishes in the background for the next call.
 * Connect, socket and pool-wait times are bounded too, so workers are never stuck for long. After {@code
 * breakerFailureThreshold} failures in a row the breaker opens and calls fail at once without touching the network;
 * a call that times out opens it at once, since a server that does not answer would make every following call wait
 * the full timeout. A refusal (out of memory, read-only, not permitted) is not a failure to the breaker: Redis
 * answered, and opening it would skip the reads a full Redis still serves. After {@code breakerOpenDuration} the
 * breaker half-opens and lets a few calls try Redis again; two successes close it. When it opens, the pool's idle
 * connections are dropped, so a restarted Redis is reached on fresh connections.
 *
 * <p>Failures surface as {@link DependencyUnavailableException} with dependency {@code "redis"} and a message safe
 * to log: it names the operation and why (timed out, connection failed, breaker open, refused by Redis: out of
 * memory, read-only, not permitted), never the URL, the host or a password, and carries no vendor exception. What
 * Redis refused is also remembered until the operation succeeds again, for {@link RedisHealthIndicator}. Building a
 * connection never waits for Redis: the server starts when Redis is unreachable, and picks it up when it answers.
 * Thread-safe.
 *
 * <p><b>{@link SlidingWindowCommands}</b>: One rate-limit decision on a window kept in Redis, in one round trip and
 * without a script: a hash per window whose fields are slot indexes ({@code floor(redis time / slot length)}) and
 * whose values are the calls accepted in that slot. One transaction, sent as one pipeline ({@code MULTI}, {@code
 * HINCRBY} the current slot, {@code HGETALL}, {@code PEXPIRE}, optionally a cache {@code GET}, {@code EXEC}),
 * counts the call first and then reads the window with the count in it; the instance adds up the slots that still
 * count (the current one and the {@link RateLimit#WINDOW_SLOTS} before it) and accepts the call if that is within
 * the capacity.
 *
 * <p>Why this is exact under any concurrency: Redis runs a transaction with no other command in between, so the
 * calls on one window are counted one after the other; the first {@code capacity} calls of a window each see at
 * most {@code capacity} and are accepted; any later one sees more and is rejected, and takes its count back ({@code
 * HINCRBY -1}, a second round trip paid only by rejected calls). A rejected call not yet taken back can only make
 * another look over the limit, never under it. So N instances with a limit of L accept at most L in any window.
 *
 * <p>Why not a script: a Lua script costs Redis about five times the CPU of these commands (see
 * docs/performance-history.md), and one Redis core serves every instance's decisions.
 *
 * <p>Fields that no longer count are deleted ({@code HDEL}) when a decision sees them: at most once per slot per
 * window. The key expires once its newest slot has left the window, plus a second, so idle windows cost nothing.
 * Stateless, so thread-safe.
 *
 * <p><b>{@link RedisRateLimitStore}</b>: A {@link RateLimitStore} in Redis: one sliding window per key and slot
 * length under {@code <prefix>ratewindow:<slot length in ns>:<key>}, shared by every server instance that uses the
 * same Redis, so N instances with a limit of L accept at most L calls in any window in total, not N x L. Instances
 * whose limits for a key have different slot lengths (a rolling deploy that changed the limit) keep a window each:
 * counted in one hash, each would read the other's slots as stale and delete them, and neither would limit
 * anything. The semantics are {@link RateLimit}'s, the same as the core's in-memory store, and the same contract
 * suite checks both.
 *
 * <p>Each decision is one Redis transaction, one round trip, no script (see {@link SlidingWindowCommands}); a
 * rejected call pays a second round trip to take its count back. Windows are counted on Redis's clock ({@link
 * RedisTime}): instances whose clocks differ still agree on them.
 *
 * <p>With a {@link RedisCacheStore} on the same connection it offers {@link RedisRateLimitStore#readsAlongWith}:
 * the decision of a cached tool call and its cache {@code GET} in the same transaction, so a cached call costs one
 * round trip, not two.
 *
 * <p>Calls go through the {@link RedisConnection}'s breaker and timeout; on failure they throw {@link
 * dev.bulwark.ports.DependencyUnavailableException} and the core decides with its local limiter instead (this
 * instance's share of the limit), never "unlimited". Thread-safe.
 *
 * <p><b>{@link RedisHealthIndicator}</b>: Redis's health, from one {@code PING} bounded by the operation timeout
 * and from what Redis did with the calls made recently. Redis is {@link Criticality#OPTIONAL optional}: every tool
 * still answers without it (cache misses, local rate limits), so losing it makes the server degraded, not
 * unhealthy.
 *
 * <ul>
 *   <li>{@code UP}: the ping answered and calls go to Redis (breaker closed or trying again);
 *   <li>{@code DEGRADED}: the ping answered, but Redis refused calls within the last minute and none of those
 *       operations succeeded since (out of memory with {@code noeviction}, a read-only replica, a snapshot it cannot
 *       save, an ACL without a command Bulwark runs), so cache writes are skipped or rate limits are local; or the
 *       breaker is still open from a recent failure, so calls skip Redis for a moment longer;
 *   <li>{@code DOWN}: the ping failed or timed out.
 * </ul>
 *
 * <p>Details: {@code latency_ms}, {@code circuit_breaker}, {@code pool_active}, {@code pool_idle}, a {@code reason}
 * when not up, and {@code refused_operations} (for example {@code cache_put, rate_limit}) when Redis refuses calls;
 * never a host, a user or a credential. The ping does not go through the breaker, so health sees Redis return even
 * while calls still skip it, and a successful ping lets an open breaker whose delay has passed try Redis again.
 * Thread-safe.
 *
 * <p><b>{@link RedisGuard}</b>: The path every Redis call takes. While the breaker is closed and the pool has an
 * idle connection to lend, the call runs on its caller's thread through {@code Failsafe.with(circuitBreaker)}: the
 * connection is open already, so its socket timeout (the operation timeout) bounds the wait, and no thread hand-off
 * is paid. Otherwise (a connection to open, or the breaker not closed) it runs as {@code
 * Failsafe.with(circuitBreaker).compose(timeout)} on the adapter's own worker threads, so the caller waits at most
 * the operation timeout while a slow connect or TLS handshake goes on in the background and its connection joins
 * the pool for the next call. It counts calls and errors ({@link RedisStats}), remembers what Redis refused until
 * the operation succeeds again ({@link RedisRefusals}), opens the breaker at once on a timeout, half-opens it when
 * a probe finds Redis back after the open delay, and turns every failure into a {@link
 * DependencyUnavailableException} whose message names no host or password.
 *
 * <p>Thread-safe.
 *
 * <p><b>{@link RedisTime}</b>: The clock the shared rate-limit windows are counted on: the Redis server's {@code
 * TIME}, as this instance reads it. Every instance counts the same window on the same clock, whatever its own clock
 * says. Reading {@code TIME} on every decision would cost a round trip each (or a script, which costs Redis far
 * more CPU than the decision itself), so the instance learns the offset between its monotonic clock and Redis's
 * once, and again every {@link RedisTime#RESYNC_INTERVAL_NANOS} (on the call that finds it stale), to within half
 * the round trip of that {@code TIME}: far below the slot of any window (a tenth of it).
 *
 * <p>Thread-safe.
 *
 * <p><b>{@link RedisMetrics}</b>: The Redis adapter's own meters, for any registry it is bound to (Prometheus names
 * in brackets):
 *
 * <ul>
 *   <li>{@code bulwark.redis.commands{operation}} [{@code bulwark_redis_commands_total}]: calls per operation
 *       ({@code cache_get}, {@code cache_put}, {@code cache_invalidate}, {@code rate_limit}, {@code ping});
 *   <li>{@code bulwark.redis.command.errors{operation}} [{@code bulwark_redis_command_errors_total}]: calls that
 *       failed, timed out or were skipped by the open breaker; for {@code rate_limit}, each one was decided by the
 *       local limiter instead;
 *   <li>{@code bulwark.redis.pool.connections{state}} [{@code bulwark_redis_pool_connections}]: pooled
 *       connections {@code active} and {@code idle};
 *   <li>{@code bulwark.redis.circuit.breaker.state{state}} [{@code bulwark_redis_circuit_breaker_state}]: 1 for the
 *       breaker's current state ({@code closed}, {@code open}, {@code half_open}), 0 for the others;
 *   <li>{@code bulwark.redis.rate.limit.decisions{result}} [{@code bulwark_redis_rate_limit_decisions_total}]:
 *       decisions Redis made, {@code allowed} or {@code rejected}.
 * </ul>
 *
 * <p>Cache hits, misses and errors are counted by the core for every cache store ({@code
 * mcp_cache_requests_total}). Thread-safe; bind it once per registry.
 *
 * <p><b>{@link RedisUrl}</b>: A parsed {@code redis://} or {@code rediss://} URL: {@code
 * redis[s]://[[user]:password@]host[:port][/database]}. A user-info part without a colon ({@code
 * redis://secret@host}) is a password, as redis-cli and most clients read it; percent-escapes in user and password
 * are decoded. Error messages never repeat the URL, which may hold a password, and {@link RedisUrl#toString()}
 * shows no credentials. Immutable.
 *
 * <p><b>{@link RedisRefusals}</b>: The last {@link RedisRefusal} of each {@link RedisOperation}, until that
 * operation succeeds again: what lets health say "degraded" while Redis answers {@code PING} but refuses the work.
 * Kept per operation because refusals are often partial: a full Redis refuses {@code cache_put} while {@code
 * cache_get} still succeeds, and a read must not clear the refused write. A refusal older than the window is
 * forgotten too, so a condition nobody runs into any more (no traffic) does not keep the server degraded forever.
 *
 * <p>Recording a success costs one volatile read when nothing was refused. Thread-safe.
 *
 * <p><b>{@link RedisCacheStore}</b>: A {@link CacheStore} in Redis, shared by every server instance that uses the
 * same Redis and key prefix. Each value is a Redis string under {@code <prefix>cache:<key>} with the entry's TTL in
 * milliseconds ({@code SET ... PX}), so Redis itself forgets expired entries.
 *
 * <p>Every call goes through the {@link RedisConnection}'s breaker and timeout: when Redis is down or slow, calls
 * fail fast with {@link dev.bulwark.ports.DependencyUnavailableException}, which the core serves as a miss (reads)
 * or skips (writes). Thread-safe.
 *
 * <p><b>{@link RedisRefusal}</b>: Why Redis answered a command with an error instead of running it, when the cause
 * is Redis's own state or configuration: it keeps answering {@code PING}, yet refuses the same work every time
 * until an operator acts. Each kind carries a fixed description safe to log and to show in health details: Redis's
 * own message is never passed on (it can name the ACL user).
 *
 * <p><b>{@link RedisTracing}</b>: A client span per Redis call, named by the OpenTelemetry database conventions:
 * its command ({@code db.operation.name}: {@code GET}, {@code SET}, {@code DEL}, {@code MULTI}), {@code
 * db.system.name} {@code redis}, the adapter's operation ({@code bulwark.redis.operation}), and {@code error.type}
 * when it failed. The span is started on the caller's thread, before the hand-off to a worker, so it is a child of
 * the caller's span. It names no key, host or URL. Thread-safe.
 *
 * <p><b>{@link RedisClients}</b>: Builds the pooled Jedis client of a {@link RedisConnection} from its settings:
 * bounded connect, socket and pool-wait times, a fixed protocol and no per-connection handshake beyond the login,
 * TLS verified against the JVM's trust store for {@code rediss://}. Building it opens no connection.
 *
 * <p>Stateless, so thread-safe.
 *
 * <p><b>{@link RedisFailures}</b>: Says in fixed words why a Redis call failed, and whether it failed for want of
 * an answer in time. Vendor messages name hosts and users, so none is ever passed on.
 *
 * <p>Stateless, so thread-safe.
 *
 * <p><b>{@link RedisStats}</b>: The adapter's running counts: calls and failures per operation, rate-limit
 * decisions. Kept here rather than in a meter registry so the stores work without one; {@link RedisMetrics}
 * publishes them. Thread-safe.
 *
 * <p><b>{@link RedisTaskStore}</b>: an owner's two sorted sets hold the tasks it keeps, scored by their expiry, and
 * those active, scored by the end of their lease or their expiry. Creating and replacing are Lua scripts, so the
 * bounds and the compare-and-set on the version hold whichever instances write at once.
 */
package dev.bulwark.redis;
