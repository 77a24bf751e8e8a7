package dev.bulwark.promises;

import dev.bulwark.core.Bulwark;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.serve.BulwarkHttp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;

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

        /** The server's HTTP mode this dialect needs. */
        HttpMode mode() {
            return mode;
        }
    }

    private final Dialect dialect;

    HttpDoor(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public Opened open(Stage stage) {
        MeterRegistry registry = new SimpleMeterRegistry();
        Bulwark bulwark = stage.bulwark(stage.admin, registry);
        ApiKeys keys = apiKeys(stage);
        BulwarkHttp http = BulwarkHttp.builder(bulwark)
                .port(0)
                .managementPort(0)
                .mode(dialect.mode)
                .settings(HttpSettings.defaults().toBuilder()
                        .maxConnectionsPerAddress(Budgets.CONNECTIONS_PER_ADDRESS)
                        .idleTimeout(Budgets.IDLE_TIMEOUT)
                        .build())
                .apiKeys(keys)
                .start();
        return new HttpClientSide(dialect, stage, http.port(), new MeterCounters(registry), () -> {
            http.close();
            bulwark.close();
        });
    }

    /** An MCP port out of range: the builder is its user's only setting. */
    @Override
    public Refused openWithOneWrongSetting(Stage stage) {
        try (Bulwark bulwark = stage.bulwark(stage.admin, new SimpleMeterRegistry())) {
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

    /** The API keys of the stage's two callers. */
    static ApiKeys apiKeys(Stage stage) {
        return new ApiKeys(List.of(key(stage.limited), key(stage.admin)));
    }

    private static ApiKey key(Caller caller) {
        return new ApiKey(caller.subject(), caller.scopes(), ApiKeys.hashOf(caller.apiKey()));
    }
}
