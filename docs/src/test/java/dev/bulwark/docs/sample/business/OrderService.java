package dev.bulwark.docs.sample.business;

import dev.bulwark.docs.sample.data.OrderRepository;

/** The sample's business rules: an order nobody knows is reported as such, not as a failure. */
public final class OrderService {

    private final OrderRepository repository;

    public OrderService(OrderRepository repository) {
        this.repository = repository;
    }

    public OrderStatus status(String orderId) {
        return new OrderStatus(orderId, repository.state(orderId).orElse("unknown"));
    }
}
