package dev.bulwark.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.cache.CacheStore;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CacheStore} must have; extend it once per implementation.
 */
public abstract class CacheStoreContract {

    protected CacheStore store;

    /** A new, empty store for one test. */
    protected abstract CacheStore createStore();

    /** Lets time pass for the store. The default really sleeps; stores on a manual clock advance it. */
    protected void advanceTime(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    /** The shortest TTL this store honours exactly; Redis counts in milliseconds, so one second is safe. */
    protected Duration shortTtl() {
        return Duration.ofSeconds(1);
    }

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    private static String key() {
        return "contract:" + UUID.randomUUID();
    }

    @Test
    void returnsEmptyForAbsentKey() {
        assertThat(store.get(key())).isEmpty();
    }

    @Test
    void returnsStoredValue() {
        String key = key();
        store.put(key, "{\"a\":1}", Duration.ofMinutes(1));
        assertThat(store.get(key)).contains("{\"a\":1}");
    }

    @Test
    void keepsUnicodeTextIntact() {
        String key = key();
        String value = "{\"name\":\"Zoë ✓ 日本\"}";
        store.put(key, value, Duration.ofMinutes(1));
        assertThat(store.get(key)).contains(value);
    }

    @Test
    void replacesPreviousValue() {
        String key = key();
        store.put(key, "first", Duration.ofMinutes(1));
        store.put(key, "second", Duration.ofMinutes(1));
        assertThat(store.get(key)).contains("second");
    }

    @Test
    void forgetsEntryAfterTtl() throws InterruptedException {
        String key = key();
        store.put(key, "value", shortTtl());
        advanceTime(shortTtl().plusMillis(200));
        assertThat(store.get(key)).isEmpty();
    }

    @Test
    void invalidateRemovesEntry() {
        String key = key();
        store.put(key, "value", Duration.ofMinutes(1));
        store.invalidate(key);
        assertThat(store.get(key)).isEmpty();
    }

    @Test
    void invalidatingAbsentKeyIsNotAnError() {
        store.invalidate(key());
        assertThat(store.get(key())).isEmpty();
    }

    @Test
    void keysDoNotCollide() {
        String first = key();
        String second = key();
        store.put(first, "one", Duration.ofMinutes(1));
        store.put(second, "two", Duration.ofMinutes(1));
        assertThat(store.get(first)).contains("one");
        assertThat(store.get(second)).contains("two");
    }

    @Test
    void rejectsNonPositiveTtl() {
        assertThatThrownBy(() -> store.put(key(), "v", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }
}
