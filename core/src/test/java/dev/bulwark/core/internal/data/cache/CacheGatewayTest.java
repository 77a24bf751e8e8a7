package dev.bulwark.core.internal.data.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.test.fakes.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A failing cache store never fails a call; every lookup is counted as hit, miss or error. */
class CacheGatewayTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double count(String result) {
        return registry.get("mcp.cache.requests")
                .tag("result", result)
                .counter()
                .count();
    }

    @Test
    void lookupOnFailingStoreIsEmpty() {
        CacheGateway gateway = new CacheGateway(new FailingCacheStore(), registry);

        assertThat(gateway.lookup("k")).isEmpty();
    }

    @Test
    void lookupOnFailingStoreIsCountedAsError() {
        CacheGateway gateway = new CacheGateway(new FailingCacheStore(), registry);

        gateway.lookup("k");

        assertThat(count("error")).isEqualTo(1.0);
        assertThat(count("miss")).isZero();
    }

    @Test
    void storeOnFailingStoreDoesNotThrowAndIsCountedAsError() {
        CacheGateway gateway = new CacheGateway(new FailingCacheStore(), registry);

        assertThatCode(() -> gateway.store("k", "v", MINUTE)).doesNotThrowAnyException();
        assertThat(count("error")).isEqualTo(1.0);
    }

    @Test
    void invalidateOnFailingStoreDoesNotThrowAndIsCountedAsError() {
        CacheGateway gateway = new CacheGateway(new FailingCacheStore(), registry);

        assertThatCode(() -> gateway.invalidate("k")).doesNotThrowAnyException();
        assertThat(count("error")).isEqualTo(1.0);
    }

    @Test
    void countsAHitWhenTheStoreHasTheKey() {
        CacheGateway gateway = new CacheGateway(new InMemoryCacheStore(10, new ManualTicker()), registry);
        gateway.store("k", "v", MINUTE);

        assertThat(gateway.lookup("k")).contains("v");
        assertThat(count("hit")).isEqualTo(1.0);
        assertThat(count("miss")).isZero();
    }

    @Test
    void countsAMissWhenTheStoreLacksTheKey() {
        CacheGateway gateway = new CacheGateway(new InMemoryCacheStore(10, new ManualTicker()), registry);

        assertThat(gateway.lookup("absent")).isEmpty();
        assertThat(count("miss")).isEqualTo(1.0);
        assertThat(count("hit")).isZero();
    }

    @Test
    void invalidateRemovesTheEntryFromTheStore() {
        InMemoryCacheStore store = new InMemoryCacheStore(10, new ManualTicker());
        CacheGateway gateway = new CacheGateway(store, registry);
        gateway.store("k", "v", MINUTE);

        gateway.invalidate("k");

        assertThat(store.get("k")).isEmpty();
    }

    /** A cache store whose backend is unreachable, as an adapter reports it. */
    @Test
    void withTracingOffALookupRunsInTheCallersContextWithNoSpan() {
        ContextWitnessStore store = new ContextWitnessStore();
        CacheGateway untraced = new CacheGateway(
                store,
                registry,
                new ManualTicker(),
                CacheGateway.MAX_PENDING_INVALIDATIONS,
                Runnable::run,
                OpenTelemetry.noop().getTracer("dev.bulwark.core"));
        Context caller = Context.current();

        assertThat(untraced.lookup("k")).isEmpty();

        assertThat(store.seen).singleElement().isSameAs(caller);
        assertThat(count("miss")).isEqualTo(1.0);
    }

    @Test
    void withTracingOnEachLookupIsOneSpan() {
        Tracer noop = OpenTelemetry.noop().getTracer("dev.bulwark.core");
        List<String> spans = new ArrayList<>();
        Tracer counting = name -> {
            spans.add(name);
            return noop.spanBuilder(name);
        };
        CacheGateway traced = new CacheGateway(
                new InMemoryCacheStore(10, new ManualTicker()),
                registry,
                new ManualTicker(),
                CacheGateway.MAX_PENDING_INVALIDATIONS,
                Runnable::run,
                counting);
        traced.store("k", "v", MINUTE);

        traced.lookup("k");
        traced.lookup("other");

        assertThat(spans).containsExactly(CacheGateway.SPAN_NAME, CacheGateway.SPAN_NAME);
    }

    /** An empty store that notes the context each read is made in. */
    private static final class ContextWitnessStore implements CacheStore {
        final List<Context> seen = new ArrayList<>();

        @Override
        public Optional<String> get(String key) {
            seen.add(Context.current());
            return Optional.empty();
        }

        @Override
        public void put(String key, String value, Duration ttl) {}

        @Override
        public void invalidate(String key) {}
    }

    private static final class FailingCacheStore implements CacheStore {
        @Override
        public Optional<String> get(String key) {
            throw new DependencyUnavailableException("redis", "connection refused");
        }

        @Override
        public void put(String key, String value, Duration ttl) {
            throw new DependencyUnavailableException("redis", "connection refused");
        }

        @Override
        public void invalidate(String key) {
            throw new DependencyUnavailableException("redis", "connection refused");
        }
    }
}
