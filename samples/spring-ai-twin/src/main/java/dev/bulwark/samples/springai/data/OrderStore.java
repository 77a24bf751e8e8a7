package dev.bulwark.samples.springai.data;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Repository;

/** Where orders are kept: in memory in this sample, a database in an application. Thread-safe. */
@Repository
public class OrderStore {

    private final Map<String, String> statusById = new ConcurrentHashMap<>(Map.of("A-1", "shipped", "A-2", "open", "A-3", "open"));

    public Optional<String> status(String orderId) {
        return Optional.ofNullable(statusById.get(orderId));
    }

    public void setStatus(String orderId, String status) {
        statusById.put(orderId, status);
    }
}
