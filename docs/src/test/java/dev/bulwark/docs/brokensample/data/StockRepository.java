package dev.bulwark.docs.brokensample.data;

/** The broken sample's data layer. */
public final class StockRepository {

    public int count(String item) {
        return item.length();
    }
}
