package dev.bulwark.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.internal.data.cache.InMemoryCacheStore;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.test.contract.CacheStoreContract;
import dev.bulwark.test.fakes.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@link CacheStore} contract for the partition an instance on the embedded database keeps in a shared store,
 * and the partition itself: instances sharing a Redis never serve each other's users.
 */
class PartitionedCacheStoreContractTest extends CacheStoreContract {

    private final ManualTicker ticker = new ManualTicker();
    private final InMemoryCacheStore shared = new InMemoryCacheStore(1_000, ticker);

    @Override
    protected CacheStore createStore() {
        return new PartitionedCacheStore(shared, "h2-0000000000000001");
    }

    @Override
    protected void advanceTime(Duration duration) {
        ticker.advance(duration);
    }

    @Test
    void twoPartitionsOfOneSharedStoreNeverSeeEachOthersEntries() {
        CacheStore mine = new PartitionedCacheStore(shared, "h2-aaaaaaaaaaaaaaaa");
        CacheStore theirs = new PartitionedCacheStore(shared, "h2-bbbbbbbbbbbbbbbb");

        mine.put("tool:get_user:v1:shared:k", "alice in my database", Duration.ofMinutes(1));
        theirs.put("tool:get_user:v1:shared:k", "alice in theirs", Duration.ofMinutes(1));
        theirs.invalidate("tool:get_user:v1:shared:k");

        assertThat(mine.get("tool:get_user:v1:shared:k")).contains("alice in my database");
        assertThat(theirs.get("tool:get_user:v1:shared:k")).isEmpty();
        assertThat(shared.get("tool:get_user:v1:shared:k"))
                .as("nothing unpartitioned")
                .isEmpty();
        assertThat(shared.get("db:h2-aaaaaaaaaaaaaaaa:tool:get_user:v1:shared:k"))
                .contains("alice in my database");
    }
}
