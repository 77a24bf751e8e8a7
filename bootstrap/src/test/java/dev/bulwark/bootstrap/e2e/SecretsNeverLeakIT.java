package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.Tokens;
import dev.bulwark.redis.DeadPort;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret ever leaves the server: it runs with a JWT secret, an API key, a request-state key, and Redis and database
 * URLs whose passwords point at servers that are down, and is driven through failure after failure (refused tokens, a
 * token in the query string, calls whose dependencies fail, health and metrics while degraded, shutdown). Every
 * response (status line, headers, body), every metrics scrape and every log line is captured, and none holds a secret,
 * a presented token, or a credential-bearing URL.
 */
class SecretsNeverLeakIT {

    private static final String RESOURCE = "https://mcp.test/mcp";

    @TempDir
    Path workDir;

    /** Where Redis and PostgreSQL are said to be, and nothing listens. */
    private final DeadPort redisPort = new DeadPort();

    private final DeadPort databasePort = new DeadPort();

    @AfterEach
    void releasePorts() {
        redisPort.close();
        databasePort.close();
    }

    @Test
    void noSecretAppearsInAnyResponseMetricOrLogLineDuringFailures() throws Exception {
        String redisPassword = "redis-pw-" + ApiKeys.newKey().substring(4, 20);
        String databasePassword = "db-pw-" + ApiKeys.newKey().substring(4, 20);
        String apiKey = ApiKeys.newKey();
        String requestStateKey = "request-state-" + ApiKeys.newKey();
        String redisUrl = "redis://default:" + redisPassword + "@127.0.0.1:" + redisPort.port() + "/0";
        String databaseUrl =
                "postgresql://bulwark:" + databasePassword + "@127.0.0.1:" + databasePort.port() + "/bulwark";
        Path keys = workDir.resolve("api-keys.json");
        Files.writeString(
                keys,
                "{\"keys\": [{\"subject\": \"ci-bot\", \"scopes\": [\"*\"], \"hash\": \"" + ApiKeys.hashOf(apiKey)
                        + "\"}]}");

        JWTClaimsSet valid = Tokens.claims(RESOURCE, "*").build();
        String expired = Tokens.hs256(Tokens.with(
                Tokens.claims(RESOURCE, "*"),
                b -> b.expirationTime(Date.from(Instant.now().minus(Duration.ofHours(1))))));
        String forged = Tokens.hs256WithRsaPublicKey(valid);
        String unsigned = Tokens.unsigned(valid);
        String wrongKey = ApiKeys.newKey();
        String validToken = Tokens.hs256(valid);

        List<String> seen = new ArrayList<>();
        String stderr;
        try (HttpServerProcess server = HttpServerProcess.startDegraded(
                workDir,
                Map.of(
                        "JWT_SECRET",
                        Tokens.HS_SECRET,
                        "REDIS_URL",
                        redisUrl,
                        "DATABASE_URL",
                        databaseUrl,
                        "MCP_REQUEST_STATE_KEY",
                        requestStateKey),
                "--auth",
                "required",
                "--api-keys-file",
                keys.toString(),
                "--jwt-issuer",
                Tokens.ISSUER,
                "--resource-url",
                RESOURCE,
                "--debug")) {
            for (String refused : List.of(expired, forged, unsigned, wrongKey, "not-a-token")) {
                seen.add(render(
                        server.post(HttpServerProcess.INITIALIZE, Map.of("Authorization", "Bearer " + refused))));
            }
            seen.add(render(server.post(HttpServerProcess.INITIALIZE, Map.of("X-API-Key", wrongKey))));
            seen.add(render(server.send(HttpRequest.newBuilder(URI.create(server.mcp() + "?access_token=" + validToken))
                    .header("Content-Type", "application/json")
                    .header("Accept", HttpServerProcess.ACCEPT_BOTH)
                    .POST(HttpRequest.BodyPublishers.ofString(HttpServerProcess.INITIALIZE))
                    .build())));

            for (String credential : List.of(apiKey, validToken)) {
                Map<String, String> auth = Map.of("Authorization", "Bearer " + credential);
                HttpResponse<String> init = server.post(HttpServerProcess.INITIALIZE, auth);
                seen.add(render(init));
                String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
                Map<String, String> headers = new LinkedHashMap<>(auth);
                headers.put("Mcp-Session-Id", session);
                headers.put("MCP-Protocol-Version", "2025-11-25");
                for (String call : List.of(
                        call("create_user", "{\"name\":\"Ann\",\"email\":\"ann@example.com\"}"),
                        call("list_users", "{}"),
                        call("execute_query", "{\"query\":\"SELECT 1\"}"),
                        call("check_dependencies", "{}"),
                        call("health_check", "{}"),
                        call("get_metrics", "{}"),
                        call("process_data", "{\"data\":{\"a\":1},\"operation\":\"validate\"}"))) {
                    seen.add(render(server.post(call, headers)));
                }
            }
            seen.add(render(server.get(server.operations("/metrics"))));
            seen.add(render(server.get(server.operations("/health"))));
            seen.add(render(server.get(server.operations("/ready"))));
            assertThat(server.terminate(Duration.ofSeconds(45))).isZero();
            stderr = server.stderrText();
        }

        List<String> secrets = List.of(
                Tokens.HS_SECRET,
                redisPassword,
                databasePassword,
                redisUrl,
                databaseUrl,
                apiKey,
                validToken,
                expired,
                forged,
                unsigned,
                wrongKey,
                requestStateKey);
        assertThat(stderr).as("the server logged its failures").contains("dev.bulwark.audit");
        for (String secret : secrets) {
            assertThat(stderr).as("the log").doesNotContain(secret);
            assertThat(seen)
                    .as("the responses and metrics")
                    .noneSatisfy(text -> assertThat(text).contains(secret));
        }
    }

    private static String call(String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    private static String render(HttpResponse<String> response) {
        return response.statusCode() + " " + response.headers().map() + " " + response.body();
    }
}
