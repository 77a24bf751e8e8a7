package dev.bulwark.core.internal.data.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.test.fakes.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the in-memory store adds to the contract: a size bound with least-recently-used eviction, exact TTLs. */
class InMemoryCacheStoreTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void neverHoldsMoreThanMaxEntries() {
        InMemoryCacheStore store = new InMemoryCacheStore(3, ticker);

        for (int i = 0; i < 10; i++) {
            store.put("k" + i, "v" + i, MINUTE);
        }

        assertThat(store.size()).isEqualTo(3);
        assertThat(store.get("k9")).contains("v9");
        assertThat(store.get("k0")).isEmpty();
    }

    @Test
    void neverHoldsMoreThanMaxBytesEvictingTheLeastRecentlyUsedFirst() {
        long oneEntry = 2L * ("k0".length() + 100) + InMemoryCacheStore.ENTRY_OVERHEAD;
        InMemoryCacheStore store = new InMemoryCacheStore(100, 3 * oneEntry, ticker);
        for (int i = 0; i < 3; i++) {
            store.put("k" + i, "x".repeat(100), MINUTE);
        }
        store.get("k0"); // k1 is now the least recently used

        store.put("k3", "x".repeat(100), MINUTE);

        assertThat(store.bytes()).isEqualTo(3 * oneEntry);
        assertThat(store.get("k1")).isEmpty();
        assertThat(store.get("k0")).isPresent();
        assertThat(store.get("k3")).isPresent();
    }

    @Test
    void aValueLargerThanTheWholeByteBoundIsNotKeptAndEvictsNothingElse() {
        InMemoryCacheStore store = new InMemoryCacheStore(100, 1_000, ticker);
        store.put("small", "v", MINUTE);
        store.put("huge", "an older, smaller value", MINUTE);

        store.put("huge", "x".repeat(1_000), MINUTE);

        assertThat(store.get("huge"))
                .as("neither the new value nor the stale one")
                .isEmpty();
        assertThat(store.get("small")).contains("v");
    }

    @Test
    void replacingOrRemovingAnEntryGivesBackItsBytes() {
        InMemoryCacheStore store = new InMemoryCacheStore(100, 10_000, ticker);
        store.put("k", "x".repeat(500), MINUTE);
        store.put("k", "y", MINUTE);

        assertThat(store.bytes()).isEqualTo(2L * 2 + InMemoryCacheStore.ENTRY_OVERHEAD);
        store.invalidate("k");
        assertThat(store.bytes()).isZero();
    }

    @Test
    void evictsLeastRecentlyUsedEntryNotLeastRecentlyWritten() {
        InMemoryCacheStore store = new InMemoryCacheStore(2, ticker);
        store.put("a", "1", MINUTE);
        store.put("b", "2", MINUTE);
        store.get("a"); // a is now more recently used than b

        store.put("c", "3", MINUTE);

        assertThat(store.get("b")).isEmpty();
        assertThat(store.get("a")).contains("1");
        assertThat(store.get("c")).contains("3");
    }

    @Test
    void servesEntryUntilJustBeforeItsTtl() {
        InMemoryCacheStore store = new InMemoryCacheStore(10, ticker);
        store.put("k", "v", Duration.ofSeconds(10));

        ticker.advance(Duration.ofSeconds(10).minusNanos(1));

        assertThat(store.get("k")).contains("v");
    }

    @Test
    void forgetsEntryExactlyAtItsTtl() {
        InMemoryCacheStore store = new InMemoryCacheStore(10, ticker);
        store.put("k", "v", Duration.ofSeconds(10));

        ticker.advance(Duration.ofSeconds(10));

        assertThat(store.get("k")).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void replacingAnEntryStartsItsTtlAgain() {
        InMemoryCacheStore store = new InMemoryCacheStore(10, ticker);
        store.put("k", "old", Duration.ofSeconds(10));
        ticker.advance(Duration.ofSeconds(8));
        store.put("k", "new", Duration.ofSeconds(10));

        ticker.advance(Duration.ofSeconds(5));

        assertThat(store.get("k")).contains("new");
    }

    @Test
    void rejectsNegativeTtl() {
        InMemoryCacheStore store = new InMemoryCacheStore(10, ticker);

        assertThatThrownBy(() -> store.put("k", "v", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }

    @Test
    void refusesASizeBoundBelowOne() {
        assertThatThrownBy(() -> new InMemoryCacheStore(0, ticker))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEntries");
    }
}
