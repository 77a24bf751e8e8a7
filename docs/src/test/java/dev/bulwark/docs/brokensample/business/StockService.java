package dev.bulwark.docs.brokensample.business;

import dev.bulwark.docs.brokensample.data.StockRepository;

/** The broken sample's business layer, which its tool skips. */
public final class StockService {

    private final StockRepository stock = new StockRepository();

    public int count(String item) {
        return stock.count(item);
    }
}
