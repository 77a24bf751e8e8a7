/**
 * JMH benchmarks; the build only compiles them, docs/performance.md says how to run them.
 *
 * <p><b>{@link ManyToolsServer}</b>: A Bulwark HTTP server with a thousand registered tools and one with a 1 MiB
 * result, that the scale driver's {@code tools-list} and {@code large-result} modes load (scripts/scale.sh): a
 * server end to end rather than JMH, since both costs lie in the transport's writing as much as in the pipeline.
 *
 * <p><b>{@link RedisCpuPerCall}</b>: What a cached tool call costs Redis itself, read from Redis's own {@code INFO
 * commandstats} and {@code INFO cpu}: it runs cached calls (hits) of one tool through the whole pipeline against a
 * real {@code redis-server} on loopback and prints, per call, the microseconds each command took inside Redis
 * ({@code usec} of {@code commandstats}, which counts a script's inner commands both on their own line and inside
 * the script's) and Redis's process CPU ({@code used_cpu_user + used_cpu_sys}, which also counts reading and
 * answering the requests). A measurement tool, not a test: it asserts nothing. Run it from the benchmarks module's
 * classpath (see docs/performance.md):
 *
 * <pre>{@code java -cp <classpath> dev.bulwark.benchmarks.RedisCpuPerCall [calls] [callers] [two-trips]}</pre>
 *
 * <p>With {@code two-trips}, the cache store is hidden from the rate-limit store ({@link TwoTrips}), so each cached
 * call makes two round trips (the decision, then the {@code GET}) instead of one.
 *
 * <p>Each caller is its own principal, so each has its own rate-limit budget (the limit is set far above what a run
 * can spend).
 *
 * <p><b>{@link CacheHitBenchmark}</b>: The cache-hit path, in memory versus Redis (a real {@code redis-server} on
 * loopback, started from the embedded-redis artifact):
 *
 * <ul>
 *   <li>{@link CacheHitBenchmark#storeGet()}: one {@code CacheStore.get} of a present key (~1 KB JSON value);
 *   <li>{@link CacheHitBenchmark#pipelineHit()}: one tool call through the whole pipeline that the cache answers (request id, error
 *       mapping, log, metrics, authorization, rate limit, validation, cache lookup). With Redis, the rate-limit
 *       decision is made in Redis too, as it is in a server with {@code REDIS_URL} set: {@code redis}, the decision
 *       and the cache read in one round trip (as the server does); {@code redis-two-trips}, the same stores with
 *       the cache store hidden behind a plain {@link CacheStore}, so the decision and the read are two round trips.
 * </ul>
 *
 * <p>Results and how to run it are in {@code docs/performance.md}. Not thread-safe: JMH gives each trial its own
 * state.
 *
 * <p><b>{@link ExecutionModeBenchmark}</b>: What the default execution mode costs: one call of a tool whose handler
 * returns a constant, through the whole pipeline (no cache), declared {@link Tool.Execution#ISOLATED} ({@link
 * ExecutionModeBenchmark#isolated()}: the handler runs on the tool executor, the caller waits at most the timeout,
 * as over a transport that has no request threads of its own; {@link ExecutionModeBenchmark#isolatedHere()}: the
 * handler runs on the calling thread once the call is armed, as over HTTP and Bulwark's stdio transport) and {@link
 * Tool.Execution#CALLER_THREAD} ({@link ExecutionModeBenchmark#callerThread()}: the handler runs on the calling
 * thread). Their difference is the price of isolation: the hand-off to the tool executor and back, and whatever
 * enforces the timeout. Results and how to run it are in {@code docs/performance.md}. Not thread-safe: JMH gives
 * each trial its own state.
 *
 * <p><b>{@link SchemaValidationBenchmark}</b>: What the input schema check costs per call: a schema compiled as the
 * pipeline compiles it ({@link SchemaValidator#compile}), then one argument value checked against it. {@link
 * SchemaValidationBenchmark#valid()} checks {@code {"email":"a@example.com"}} against the schema of the conformance
 * tool {@code json_schema_2020_12_tool} ({@code $defs}/{@code $ref}, {@code allOf}/{@code anyOf} of {@code
 * required}, {@code if}/{@code then}/{@code else}, {@code enum}, {@code additionalProperties: false}); {@link
 * SchemaValidationBenchmark#invalid()} checks a value that breaks several of its rules; {@link
 * SchemaValidationBenchmark#noArguments()} checks {@code {}} against the schema of a tool without arguments.
 * Results and how to run it are in {@code docs/performance.md}. Not thread-safe: JMH gives each trial its own
 * state.
 *
 * <p><b>{@link RedisCallOverheadBenchmark}</b>: What the adapter's resilience costs on a Redis hit: a plain pooled
 * Jedis {@code GET} against the same {@code GET} through {@link RedisCacheStore} (circuit breaker, timeout, worker
 * hand-off); and what a rate-limit decision costs through {@link RedisRateLimitStore}, alone and with the cache
 * read of a cached call. Not thread-safe: one state per trial.
 *
 * <p><b>{@link TwoTrips}</b>: Hides a cache store behind a plain {@link CacheStore}, so that the rate-limit store
 * does not recognise it and cannot read it in the same round trip as its decision: the core then makes two calls
 * per cached call instead of one. For comparing the two in one run.
 */
package dev.bulwark.benchmarks;
