package dev.bulwark.samples.plain.data;

import java.util.Map;
import java.util.Optional;

/** Where stock counts are kept: in memory in this sample, a database in an application. Immutable. */
public final class StockStore {

    private final Map<String, Integer> countBySku = Map.of("SKU-1", 12, "SKU-2", 0);

    /** The count of {@code sku}, if the store knows it. */
    public Optional<Integer> count(String sku) {
        return Optional.ofNullable(countBySku.get(sku));
    }
}
