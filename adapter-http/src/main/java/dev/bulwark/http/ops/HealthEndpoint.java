package dev.bulwark.http.ops;

import dev.bulwark.http.drain.DrainGate;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.ServerHealth;
import dev.bulwark.ports.health.ServerHealthSource;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health} (liveness) and {@code /ready} (readiness) for load balancers and Kubernetes probes, never behind
 * authentication. Liveness answers 200 while the process can serve at all, from memory: it runs no check and waits
 * on no dependency, and its body shows what the last check found ({@link ServerHealthSource#lastKnownHealth()}),
 * {@code "status":"unknown"} before the first. Readiness runs the checks and answers 503 when the server is unhealthy
 * (a required dependency is down) or draining, and turns 503 the moment the drain starts, without running any check.
 * The JSON body holds statuses only: no details, host names or secrets. Thread-safe.
 */
public final class HealthEndpoint extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoint.class);

    /** Which question the endpoint answers. */
    public enum Probe {
        /** Is the process alive? */
        LIVENESS,
        /** Should it get traffic? */
        READINESS
    }

    private final Probe probe;
    private final transient ServerHealthSource health;
    private final transient DrainGate drain;

    public HealthEndpoint(Probe probe, ServerHealthSource health, DrainGate drain) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.health = Objects.requireNonNull(health, "health");
        this.drain = Objects.requireNonNull(drain, "drain");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body;
        int status;
        if (probe == Probe.READINESS && drain.isDraining()) {
            status = 503;
            body = "{\"status\":\"unhealthy\",\"ready\":false,\"draining\":true}";
        } else if (probe == Probe.LIVENESS) {
            status = 200;
            body = liveness();
        } else {
            ServerHealth report = check();
            boolean draining = drain.isDraining() || report.draining();
            boolean ready = report.isReady() && !draining;
            status = ready ? 200 : 503;
            body = json(report, ready, draining);
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body);
    }

    /** The last known statuses, without running a check. */
    private String liveness() {
        Optional<ServerHealth> known;
        try {
            known = health.lastKnownHealth();
        } catch (RuntimeException e) {
            LOG.warn("The last known health could not be read", e);
            known = Optional.empty();
        }
        if (known.isEmpty()) {
            return "{\"status\":\"unknown\",\"draining\":" + drain.isDraining() + ",\"components\":{}}";
        }
        ServerHealth report = known.get();
        boolean draining = drain.isDraining() || report.draining();
        return json(report, report.isReady() && !draining, draining);
    }

    private ServerHealth check() {
        try {
            return health.serverHealth();
        } catch (RuntimeException e) {
            LOG.warn("The health check failed", e);
            return new ServerHealth(ServerHealth.Status.UNHEALTHY, false, Map.of());
        }
    }

    private static String json(ServerHealth report, boolean ready, boolean draining) {
        StringBuilder out = new StringBuilder(96)
                .append("{\"status\":\"").append(report.status().name().toLowerCase(Locale.ROOT))
                .append("\",\"ready\":").append(ready)
                .append(",\"draining\":").append(draining)
                .append(",\"components\":{");
        boolean first = true;
        for (Map.Entry<String, ComponentStatus> component : new TreeMap<>(report.components()).entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"').append(escape(component.getKey())).append("\":\"")
                    .append(component.getValue().name().toLowerCase(Locale.ROOT)).append('"');
        }
        return out.append("}}").toString();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
