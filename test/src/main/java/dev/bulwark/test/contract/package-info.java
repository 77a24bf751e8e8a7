/**
 * The port contract suites: the behaviour every cache store, rate-limit store, SQL gateway and user repository must
 * have. Extend one per implementation and supply a fresh instance.
 *
 * <p><b>{@link RateLimitStoreContract}</b>: The behaviour every {@link RateLimitStore} must have, as {@link
 * RateLimit} defines it: at most {@link RateLimit#capacity()} calls accepted in any window of {@link
 * RateLimit#windowNanos()}, all of which may come at once; a call counts for at least a window and at most a window
 * and one slot ({@link RateLimit#slotNanos()}); a rejection says when a call will be accepted again; each decision
 * atomic under concurrency.
 *
 * <p>Extend it once per implementation. Time is the test's: {@link RateLimitStoreContract#advanceTime(Duration)}
 * moves the clock the store decides on (a manual ticker, or a manual source standing in for the server's clock), so
 * nothing here sleeps. Every test starts at a slot boundary of its limit's time scale as far as the store can tell:
 * it calls {@link RateLimitStoreContract#advanceTime(Duration)} only forward, from wherever the clock is, and
 * asserts nothing that depends on where the clock started.
 *
 * <p><b>{@link SqlGatewayContract}</b>: The behaviour every {@link SqlGateway} must have, against a real database.
 * Extend it once per implementation (H2, PostgreSQL, your own): supply the gateway, a way to run SQL as the
 * schema's owner (to build the fixture and to check that data is intact), the grants that let the SQL tools' roles
 * use the fixture, and a statement slower than the gateway's statement timeout. The fixture is two tables in {@link
 * SqlGatewayContract#schema()}: {@code contract_customers} (3 rows), {@code contract_orders} (3 rows, a foreign key
 * to customers) and the view {@code contract_order_totals}.
 *
 * <p><b>{@link CacheStoreContract}</b>: The behaviour every {@link CacheStore} must have. Extend it once per
 * implementation (in-memory, Redis, your own) and supply a fresh store; override {@link
 * CacheStoreContract#advanceTime(Duration)} if your store runs on a test clock.
 */
package dev.bulwark.test.contract;
