package dev.bulwark.samples.plain;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.samples.plain.business.StockService;
import dev.bulwark.samples.plain.data.StockStore;
import dev.bulwark.samples.plain.tools.StockPack;

/** Wires the application by hand: the store, the service over it, and the tool pack over the service. */
public final class StockApplication {

    private StockApplication() {}

    /** A server with the stock tools; the caller closes it. */
    public static Bulwark bulwark() {
        return Bulwark.builder(BulwarkConfig.defaults())
                .pack(new StockPack(new StockService(new StockStore())))
                .build();
    }
}
