package dev.bulwark.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.monitor.FleetStatus.ServerStatus;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code /fleet}: the fleet's status as JSON.
 */
final class FleetStatusEndpoint extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient Supplier<FleetStatus> status;

    FleetStatusEndpoint(Supplier<FleetStatus> status) {
        this.status = Objects.requireNonNull(status, "status");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(JSON.writeValueAsString(json(status.get())));
    }

    static ObjectNode json(FleetStatus fleet) {
        ObjectNode root = JSON.createObjectNode().put("status", fleet.overall());
        var servers = root.putArray("servers");
        for (ServerStatus server : fleet.servers()) {
            ObjectNode node = servers.addObject().put("name", server.name()).put("status", server.state());
            server.last().ifPresent(last -> {
                node.put("outcome", last.outcome().label());
                last.httpStatus().ifPresent(code -> node.put("http_status", code));
                node.put("checked_at", last.checkedAt().toString());
            });
            server.lastHealthyAt().ifPresent(at -> node.put("last_healthy_at", at.toString()));
            node.put("consecutive_failures", server.consecutiveFailures());
            server.last().ifPresent(last -> {
                last.tools().ifPresent(tools -> node.put("tools", tools));
                ObjectNode times = node.putObject("response_time_seconds");
                last.durations().forEach((method, duration) -> times.put(method, duration.toNanos() / 1e9));
            });
        }
        return root;
    }
}
