package dev.bulwark.http.ops;

import dev.bulwark.http.drain.DrainGate;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.ServerHealth;
import dev.bulwark.ports.health.ServerHealthSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health} (liveness) and {@code /ready} (readiness), never behind authentication.
 */
public final class HealthEndpoint extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoint.class);

    /** Which question the endpoint answers. */
    public enum Probe {
        /** Is the process alive? */
        LIVENESS,
        /** Should it get traffic? */
        READINESS
    }

    private final Probe probe;
    private final ServerHealthSource health;
    private final DrainGate drain;

    public HealthEndpoint(Probe probe, ServerHealthSource health, DrainGate drain) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.health = Objects.requireNonNull(health, "health");
        this.drain = Objects.requireNonNull(drain, "drain");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String body;
        int status;
        if (probe == Probe.READINESS && drain.isLeaving()) {
            status = 503;
            body = "{\"status\":\"unhealthy\",\"ready\":false,\"draining\":true}";
        } else if (probe == Probe.LIVENESS) {
            status = 200;
            body = liveness();
        } else {
            ServerHealth report = check();
            boolean draining = drain.isLeaving() || report.draining();
            boolean ready = report.isReady() && !draining;
            status = ready ? 200 : 503;
            body = json(report, ready, draining);
        }
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
        response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(json), callback);
        return true;
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
            return "{\"status\":\"unknown\",\"draining\":" + drain.isLeaving() + ",\"components\":{}}";
        }
        ServerHealth report = known.get();
        boolean draining = drain.isLeaving() || report.draining();
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
                .append("{\"status\":\"")
                .append(report.status().name().toLowerCase(Locale.ROOT))
                .append("\",\"ready\":")
                .append(ready)
                .append(",\"draining\":")
                .append(draining)
                .append(",\"components\":{");
        boolean first = true;
        for (Map.Entry<String, ComponentStatus> component : new TreeMap<>(report.components()).entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"')
                    .append(escape(component.getKey()))
                    .append("\":\"")
                    .append(component.getValue().name().toLowerCase(Locale.ROOT))
                    .append('"');
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
