package dev.bulwark.samples.plain.business;

import dev.bulwark.samples.plain.data.StockStore;

/** The stock's rules: an unknown item has none in stock. Thread-safe. */
public final class StockService {

    private final StockStore store;

    public StockService(StockStore store) {
        this.store = store;
    }

    /** The stock level of {@code sku}. */
    public StockLevel level(String sku) {
        return new StockLevel(sku, store.count(sku).orElse(0));
    }
}
