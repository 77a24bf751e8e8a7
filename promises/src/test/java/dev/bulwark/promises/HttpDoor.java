package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.Bulwark;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.serve.BulwarkHttp;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Streamable HTTP through {@link BulwarkHttp}, API keys on: with 2025-11-25 sessions, without, or 2026-07-28. */
final class HttpDoor implements Door {

    /** How a client speaks to the server. */
    enum Dialect {
        SESSIONS_2025(HttpMode.STATEFUL),
        STATELESS_2025(HttpMode.STATELESS),
        ERA_2026(HttpMode.STATEFUL);

        private final HttpMode mode;

        Dialect(HttpMode mode) {
            this.mode = mode;
        }
    }

    /** A bound on one exchange: generous, it only matters when an answer never comes. */
    private static final Duration EXCHANGE = Duration.ofSeconds(60);

    private final Dialect dialect;

    HttpDoor(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public Opened open(Stage stage, MeterRegistry registry) {
        Bulwark bulwark = stage.bulwark(stage.admin, registry);
        ApiKeys keys = new ApiKeys(List.of(key(stage.limited), key(stage.admin)));
        BulwarkHttp http = BulwarkHttp.builder(bulwark)
                .port(0)
                .managementPort(0)
                .mode(dialect.mode)
                .apiKeys(keys)
                .start();
        return new Served(bulwark, http);
    }

    /** An MCP port out of range: the builder is its user's only setting. */
    @Override
    public Refused openWithOneWrongSetting(Stage stage, MeterRegistry registry) {
        try (Bulwark bulwark = stage.bulwark(stage.admin, registry)) {
            BulwarkHttp.Builder builder = BulwarkHttp.builder(bulwark)
                    .port(70_000)
                    .managementPort(0)
                    .mode(dialect.mode)
                    .apiKeys(new ApiKeys(List.of(key(stage.admin))));
            try (BulwarkHttp started = builder.start()) {
                throw new AssertionError("BulwarkHttp started on port " + started.port() + " with port 70000");
            } catch (IllegalArgumentException | IllegalStateException refused) {
                return new Refused("http.port", refused.getMessage());
            }
        }
    }

    private static ApiKey key(Caller caller) {
        return new ApiKey(caller.subject(), caller.scopes(), ApiKeys.hashOf(caller.apiKey()));
    }

    private final class Served implements Opened {
        private final Bulwark bulwark;
        private final BulwarkHttp http;
        private final HttpClient client =
                HttpClient.newBuilder().connectTimeout(EXCHANGE).build();
        private final Map<String, String> sessions = new ConcurrentHashMap<>();
        private final AtomicLong ids = new AtomicLong();

        Served(Bulwark bulwark, BulwarkHttp http) {
            this.bulwark = bulwark;
            this.http = http;
        }

        @Override
        public Answer call(Caller caller, ToolCall call) throws Exception {
            long id = ids.incrementAndGet();
            boolean era2026 = dialect == Dialect.ERA_2026;
            HttpRequest.Builder request = post(caller, Wire.toolsCall(id, call, era2026));
            if (era2026) {
                request.header("MCP-Protocol-Version", Wire.ERA_2026)
                        .header("Mcp-Method", "tools/call")
                        .header("Mcp-Name", call.tool());
            } else {
                request.header("MCP-Protocol-Version", Wire.ERA_2025);
                String session = session(caller);
                if (session != null) {
                    request.header("Mcp-Session-Id", session);
                }
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = Wire.answerTo(id, response.body());
            if (answer == null && response.statusCode() >= 400) {
                // refused at the edge, before dispatch (403 insufficient_scope): a JSON-RPC error without an id
                answer = Wire.refusal(response.body());
            }
            if (answer == null) {
                throw new AssertionError(
                        "HTTP " + response.statusCode() + " with no answer to " + call + ": " + response.body());
            }
            return new Answer(answer);
        }

        /** The caller's 2025 session (null without sessions), made by an initialize the first time. */
        private String session(Caller caller) throws Exception {
            if (sessions.containsKey(caller.subject())) {
                return sessions.get(caller.subject()).isEmpty() ? null : sessions.get(caller.subject());
            }
            HttpResponse<String> initialized = client.send(
                    post(caller, Wire.initialize(ids.incrementAndGet())).build(), HttpResponse.BodyHandlers.ofString());
            if (initialized.statusCode() != 200) {
                throw new AssertionError("initialize answered " + initialized.statusCode() + ": " + initialized.body());
            }
            String session = initialized.headers().firstValue("Mcp-Session-Id").orElse("");
            HttpRequest.Builder notification =
                    post(caller, Wire.initialized()).header("MCP-Protocol-Version", Wire.ERA_2025);
            if (!session.isEmpty()) {
                notification.header("Mcp-Session-Id", session);
            }
            client.send(notification.build(), HttpResponse.BodyHandlers.discarding());
            sessions.put(caller.subject(), session);
            return session.isEmpty() ? null : session;
        }

        private HttpRequest.Builder post(Caller caller, String body) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/mcp"))
                    .timeout(EXCHANGE)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("X-API-Key", caller.apiKey())
                    .POST(HttpRequest.BodyPublishers.ofString(body));
        }

        @Override
        public void close() {
            http.close();
            bulwark.close();
        }
    }
}
