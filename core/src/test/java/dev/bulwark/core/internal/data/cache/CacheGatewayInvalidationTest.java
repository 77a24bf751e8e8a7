package dev.bulwark.core.internal.data.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.test.fakes.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** An invalidation the store refused is not lost: its old entry is never served once the store answers again. */
class CacheGatewayInvalidationTest {

    private static final Duration TTL = Duration.ofSeconds(60);

    private final ManualTicker ticker = new ManualTicker();
    private final InMemoryCacheStore backend = new InMemoryCacheStore(100, ticker);
    private final OutageCacheStore store = new OutageCacheStore(backend);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Queue<Runnable> scheduledRetries = new ArrayDeque<>();
    private final Executor retryLater = scheduledRetries::add;

    private CacheGateway gateway(int maxPending) {
        return new CacheGateway(store, registry, ticker, maxPending, retryLater);
    }

    private void runScheduledRetries() {
        for (int i = scheduledRetries.size(); i > 0; i--) {
            scheduledRetries.remove().run();
        }
    }

    @Test
    void anEntryWhoseInvalidationFailedIsNotServedOnceTheStoreAnswersAgain() {
        CacheGateway gateway = new CacheGateway(store, registry, ticker);
        gateway.store("k", "old", TTL);
        store.fail();
        gateway.invalidate("k");
        store.recover();

        assertThat(gateway.lookup("k")).isEmpty();
    }

    @Test
    void theLookupOfAPendingKeyDeletesItsOldEntryFromTheStore() {
        CacheGateway gateway = new CacheGateway(store, registry, ticker);
        gateway.store("k", "old", TTL);
        store.fail();
        gateway.invalidate("k");
        store.recover();

        gateway.lookup("k");

        assertThat(backend.get("k")).isEmpty();
    }

    @Test
    void aPendingKeyIsAMissWithoutALookupWhileItsDeleteStillFails() {
        CacheGateway gateway = gateway(10);
        gateway.store("k", "old", TTL);
        store.failDeletes();
        gateway.invalidate("k");

        assertThat(gateway.lookup("k")).isEmpty();
        assertThat(store.gets()).isZero();
        assertThat(backend.get("k")).contains("old");
    }

    @Test
    void aPendingKeyIsNotWrittenSoNoValueComputedBeforeTheWriteIsStored() {
        CacheGateway gateway = gateway(10);
        store.failDeletes();
        gateway.invalidate("k");

        gateway.store("k", "maybe stale", TTL);

        assertThat(backend.get("k")).isEmpty();
    }

    @Test
    void aFailedInvalidationIsRetriedInTheBackgroundSoOtherInstancesStopSeeingTheEntry() {
        CacheGateway gateway = gateway(10);
        gateway.store("k", "old", TTL);
        store.fail();
        gateway.invalidate("k");
        store.recover();

        runScheduledRetries();

        assertThat(backend.get("k")).isEmpty();
    }

    @Test
    void aClosedGatewayStopsRetrying() {
        CacheGateway gateway = gateway(10);
        gateway.store("k", "old", TTL);
        store.fail();
        gateway.invalidate("k");
        store.recover();

        gateway.close();
        runScheduledRetries();

        assertThat(backend.get("k")).as("no delete after close").contains("old");
        assertThat(scheduledRetries).isEmpty();
    }

    @Test
    void aGatewayOnItsOwnThreadEndsThatThreadWhenClosed() throws InterruptedException {
        java.util.Set<Thread> before = retryThreads();
        CacheGateway gateway = new CacheGateway(store, registry, ticker);
        store.fail();
        gateway.invalidate("k");
        java.util.Set<Thread> its = retryThreads();
        its.removeAll(before);
        assertThat(its).as("a retry is scheduled on the gateway's own thread").hasSize(1);
        Thread thread = its.iterator().next();

        gateway.close();
        gateway.invalidate("other"); // still failing: nothing more is scheduled once closed

        thread.join(5_000);
        assertThat(thread.isAlive()).isFalse();
    }

    private static java.util.Set<Thread> retryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("bulwark-cache-retry") && thread.isAlive())
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }

    @Test
    void aRetryThatStillFailsIsScheduledAgain() {
        CacheGateway gateway = gateway(10);
        gateway.store("k", "old", TTL);
        store.fail();
        gateway.invalidate("k");

        runScheduledRetries();
        store.recover();
        runScheduledRetries();

        assertThat(backend.get("k")).isEmpty();
        assertThat(scheduledRetries).isEmpty();
    }

    @Test
    void oneScheduledRetryServesEveryPendingKey() {
        CacheGateway gateway = gateway(10);
        store.fail();
        gateway.invalidate("a");
        gateway.invalidate("b");

        assertThat(scheduledRetries).hasSize(1);
    }

    @Test
    void aKeyIsReadAndWrittenNormallyOnceItsRetriedDeleteSucceeded() {
        CacheGateway gateway = gateway(10);
        store.fail();
        gateway.invalidate("k");
        store.recover();
        runScheduledRetries();

        gateway.store("k", "new", TTL);

        assertThat(gateway.lookup("k")).contains("new");
    }

    @Test
    void aLaterSuccessfulInvalidationEndsThePendingState() {
        CacheGateway gateway = gateway(10);
        store.fail();
        gateway.invalidate("k");
        store.recover();
        gateway.invalidate("k");

        gateway.store("k", "new", TTL);

        assertThat(gateway.lookup("k")).contains("new");
    }

    @Test
    void moreFailedInvalidationsThanAreKeptBypassTheCacheUntilTheLongestTtlHasPassed() {
        CacheGateway gateway = gateway(1);
        Duration longTtl = CacheGateway.OVERFLOW_BYPASS_FLOOR.plusMinutes(5);
        gateway.store("other", "cached", longTtl);
        store.fail();
        gateway.invalidate("a");
        gateway.invalidate("b"); // not kept: which entries are stale is no longer known
        store.recover();

        assertThat(gateway.lookup("other")).as("while bypassed").isEmpty();
        gateway.store("fresh", "v", TTL);
        assertThat(backend.get("fresh")).as("nothing stored while bypassed").isEmpty();

        ticker.advance(longTtl);
        assertThat(gateway.lookup("other")).as("after the longest TTL").isEmpty(); // expired meanwhile
        gateway.store("fresh", "v", TTL);
        assertThat(gateway.lookup("fresh")).contains("v");
    }

    @Test
    void theOverflowBypassLastsAtLeastTheFloorWhenOnlyShortTtlsWereStored() {
        CacheGateway gateway = gateway(1);
        store.fail();
        gateway.invalidate("a");
        gateway.invalidate("b");
        store.recover();

        ticker.advance(CacheGateway.OVERFLOW_BYPASS_FLOOR.minusSeconds(1));
        gateway.store("k", "v", TTL);

        assertThat(backend.get("k")).isEmpty();
    }

    @Test
    void aFailedInvalidationIsCountedAsAnError() {
        CacheGateway gateway = gateway(10);
        store.fail();

        gateway.invalidate("k");

        assertThat(registry.get("mcp.cache.requests")
                        .tag("result", "error")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aGaugeShowsHowManyInvalidationsArePending() {
        CacheGateway gateway = gateway(10);
        store.failDeletes();
        gateway.invalidate("a");
        gateway.invalidate("b");

        assertThat(registry.get("mcp.cache.pending.invalidations").gauge().value())
                .isEqualTo(2.0);
    }

    @Test
    void thePendingGaugeFallsToZeroOnceTheRetriedDeletesSucceed() {
        CacheGateway gateway = gateway(10);
        store.failDeletes();
        gateway.invalidate("a");
        store.recover();

        runScheduledRetries();

        assertThat(registry.get("mcp.cache.pending.invalidations").gauge().value())
                .isZero();
    }

    @Test
    void aGaugeShowsWhileTheCacheIsBypassedAfterTooManyFailedInvalidations() {
        CacheGateway gateway = gateway(1);
        gateway.store("k", "v", TTL);
        store.failDeletes();
        assertThat(registry.get("mcp.cache.bypassed").gauge().value()).isZero();

        gateway.invalidate("a");
        gateway.invalidate("b");
        assertThat(registry.get("mcp.cache.bypassed").gauge().value()).isEqualTo(1.0);

        ticker.advance(TTL.plus(CacheGateway.OVERFLOW_BYPASS_FLOOR));
        assertThat(registry.get("mcp.cache.bypassed").gauge().value()).isZero();
    }
}
