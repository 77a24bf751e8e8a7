package dev.bulwark.docs.sample.data;

import java.util.Map;
import java.util.Optional;

/** The sample's data layer: where a real application would use JDBC, here an in-memory map. */
public final class OrderRepository {

    private final Map<String, String> states;

    public OrderRepository(Map<String, String> states) {
        this.states = Map.copyOf(states);
    }

    public Optional<String> state(String orderId) {
        return Optional.ofNullable(states.get(orderId));
    }
}
