package dev.bulwark.docs.brokensample.tools;

import dev.bulwark.docs.brokensample.data.StockRepository;

/** A tool handler that reads the data layer directly, skipping the business layer: what the rules refuse. */
public final class StockTools {

    private final StockRepository stock = new StockRepository();

    public int count(String item) {
        return stock.count(item);
    }
}
