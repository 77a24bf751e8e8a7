package dev.bulwark.samples.springai.business;

import dev.bulwark.samples.springai.data.OrderStore;
import org.springframework.stereotype.Service;

/** The orders' rules: an order is found by id, and only an open one can be cancelled. Thread-safe. */
@Service
public class OrderService {

    private final OrderStore store;

    public OrderService(OrderStore store) {
        this.store = store;
    }

    /** The status of the order, or {@code unknown}. */
    public String status(String orderId) {
        return store.status(orderId).orElse("unknown");
    }

    /** Cancels an open order; returns its status afterwards. */
    public String cancel(String orderId) {
        String status = status(orderId);
        if (!status.equals("open")) {
            throw new IllegalStateException("Order " + orderId + " is " + status + ": only an open order can be cancelled");
        }
        store.setStatus(orderId, "cancelled");
        return "cancelled";
    }
}
