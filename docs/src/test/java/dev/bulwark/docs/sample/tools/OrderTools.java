package dev.bulwark.docs.sample.tools;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.bulwark.docs.sample.business.OrderService;
import dev.bulwark.docs.sample.business.OrderStatus;

/** The sample's tool handlers: each turns a call into one business call. */
public final class OrderTools {

    /** The input of the {@code order_status} tool. */
    public record StatusInput(@JsonPropertyDescription("The order's id, such as A-100") String orderId) {
    }

    private final OrderService orders;

    public OrderTools(OrderService orders) {
        this.orders = orders;
    }

    /** The handler of the {@code order_status} tool. */
    public OrderStatus status(StatusInput input) {
        return orders.status(input.orderId());
    }
}
