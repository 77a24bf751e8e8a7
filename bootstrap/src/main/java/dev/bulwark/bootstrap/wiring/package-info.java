/**
 * The Dagger component and one module per choice of implementation; swap a module to swap an adapter.
 *
 * <p><b>{@link DatabaseModule}</b>: The database adapter: PostgreSQL when {@code DATABASE_URL} is set, the embedded
 * H2 (PostgreSQL mode) otherwise, chosen at run time so one jar serves both. Opening never waits for a database
 * that is down: the server starts, its readiness reports the database down, and the database tools fail fast until
 * it answers. Contributes the user repository and SQL gateway the built-in user and SQL tools run on, the
 * database's health indicator (required: the server is not ready without it, though every other tool keeps serving)
 * and its pool and breaker meters. The schema migration (and with it the embedded database) starts {@link
 * DatabaseModule#MIGRATION_DELAY} after start, off the path to the first answer, or earlier when a call, {@code
 * health_check} or {@code /ready} needs the database.
 *
 * <p><b>{@link StoresModule}</b>: Chooses the stores the core runs on, by configuration: with {@code REDIS_URL}
 * set, the Redis cache and the shared Redis rate-limit store ({@link RedisModule}); without it, no shared store: the
 * core keeps its cache in memory and its local token buckets decide. The unused
 * implementation is never built. When the shared store fails, the core falls back to its local limiter, and treats
 * cache failures as misses.
 *
 * <p>On the embedded database (no {@code DATABASE_URL}), each instance has a database of its own, so the Redis
 * cache is partitioned by that database's identity ({@link PartitionedCacheStore}): instances sharing a Redis never
 * serve each other's users. The rate limits stay shared.
 *
 * <p><b>{@link RedisModule}</b>: The Redis adapter, on when {@code REDIS_URL} is set: one {@link RedisConnection}
 * (built without connecting, so the server starts while Redis is unreachable), the shared cache and rate-limit
 * stores over it, and its health indicator (optional: losing Redis makes the server degraded) and meters,
 * contributed to the server's sets.
 *
 * <p>Which adapter serves is decided at run time by the configuration, not by swapping modules, so one jar serves
 * with or without Redis: every binding here is empty (and contributes nothing) without a URL, and the core
 * then builds its own in-memory stores.
 *
 * <p><b>{@link OutboundModule}</b>: The outbound adapter: the services registered in the config file's {@code
 * services} section, behind one {@link OutboundServices}. Building it sends nothing, so the server starts while a
 * service is down; its background health checks start with it. Contributes one health indicator per service (with
 * the service's criticality: a required service that is down makes the server not ready, an optional one degraded)
 * and the services' meters. With no service configured it contributes nothing, and the core registers no service
 * tool.
 *
 * <p><b>{@link PartitionedCacheStore}</b>: A part of a shared {@link CacheStore} that only one database's server
 * instances use: every key is put under {@code db:<identity>:}, so instances that share the store (one Redis and
 * key prefix) but not the database never read, overwrite or evict each other's entries. {@link StoresModule} uses
 * it for the embedded database, which is private to its process. Thread-safe when the store is.
 *
 * <p><b>{@link CoreModule}</b>: Builds the core around whatever the other modules chose: the stores, the health
 * indicators each adapter module contributes ({@code @IntoSet}), and any extra tools ({@code @IntoSet}). The
 * reference server's built-in tools are always registered, through the same public API an embedding team uses; the
 * services pack only when services are configured, and the conformance tool pack only when {@code
 * tools.conformance} is on.
 *
 * <p><b>{@link AdapterConfigCheck}</b>: The values only an adapter can judge ({@code database.url}, {@code
 * redis.url}, {@code http.allowed-origins}, the API keys file of {@code auth.api-keys-file}), checked before
 * anything is wired: the launcher reports every such problem at once and exits before the embedded database starts
 * or a port opens. The modules run the same checks when they build their adapter, for a component built without the
 * launcher. The services' OpenAPI documents in local files are checked there only when the start stops anyway: a
 * server that is built reads each document once, as {@link OpenApiPacks} builds its pack, and reports every pack's
 * problems together then (a document under a base URL is fetched only there).
 *
 * <p><b>{@link MetricsModule}</b>: One Prometheus meter registry for the whole server (never Micrometer's global
 * registry), with the JVM and process binders that replace the seeds' psutil figures: memory, GC, threads, class
 * loading, CPU, uptime, and whatever meters the adapter modules contribute.
 *
 * <p><b>{@link HttpServing}</b>: The server jar's Streamable HTTP: {@link BulwarkHttp}, the same entry point an
 * embedding team uses, with what only the server jar knows: the API keys file and the SQL write scope. Stateless.
 *
 * <p><b>{@link ServerComponent}</b>: The server's object graph. Its modules choose the implementations: in-memory
 * or Redis stores (chosen at run time by {@code REDIS_URL}, see {@link StoresModule}); the Postgres module extends
 * them without touching the core.
 */
package dev.bulwark.bootstrap.wiring;
