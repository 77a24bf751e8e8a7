package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.http.auth.AuthenticationHandler;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.auth.ScopeChallengeHandler;
import dev.bulwark.http.drain.CallsInFlight;
import dev.bulwark.http.drain.DrainGate;
import dev.bulwark.http.drain.DrainHandler;
import dev.bulwark.http.edge.BodyBudgetHandler;
import dev.bulwark.http.edge.BodySizeHandler;
import dev.bulwark.http.edge.McpMethodHandler;
import dev.bulwark.http.edge.MediaTypeHandler;
import dev.bulwark.http.edge.OriginHandler;
import dev.bulwark.http.edge.ProtocolVersionHandler;
import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.ExchangeHandler;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.http.session.SessionHandler;
import dev.bulwark.http.transport.Era2026Handler;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.Handler;
import org.junit.jupiter.api.Test;

/** The order of the edge in front of {@code /mcp}, decided in one place, for each mode with and without auth. */
class McpChainTest {

    private final McpJsonMapper jsonMapper = new JacksonMcpJsonMapper(new ObjectMapper());
    private final HttpMetrics metrics = new HttpMetrics();

    private static HttpAuthSettings apiKeyAuth() {
        return HttpAuthSettings.builder()
                .apiKeys(new ApiKeys(List.of(new ApiKey("ci-bot", Set.of(), ApiKeys.hashOf("secret-key-0123456789")))))
                .settings(AuthSettings.builder()
                        .resourceUrl(Optional.of("http://127.0.0.1:8080/mcp"))
                        .build())
                .build();
    }

    private McpChain chain(HttpMode mode, HttpAuthSettings auth) {
        return new McpChain(
                HttpHarness.settings(mode),
                HttpHarness.MAX_REQUEST_BYTES,
                auth,
                jsonMapper,
                metrics,
                Ticker.system(),
                new DrainGate(),
                new CallsInFlight());
    }

    private McpTransport transport(HttpMode mode, HttpAuthSettings auth) {
        return McpTransport.create(
                HttpHarness.settings(mode), HttpHarness.MAX_REQUEST_BYTES, auth, jsonMapper, metrics, Ticker.system());
    }

    private List<Class<?>> edge(HttpMode mode, HttpAuthSettings auth) {
        return chain(mode, auth).edge(transport(mode, auth)).stream()
                .<Class<?>>map(EdgeHandler::getClass)
                .toList();
    }

    /** The handlers a request to {@code /mcp} passes, outermost first, down to the transport. */
    private List<Handler> endpoint(HttpMode mode, HttpAuthSettings auth) {
        McpTransport transport = transport(mode, auth);
        List<Handler> passed = new ArrayList<>();
        Handler handler = chain(mode, auth).endpoint(transport);
        while (handler != null) {
            passed.add(handler);
            handler = handler instanceof Handler.Wrapper wrapper ? wrapper.getHandler() : null;
        }
        assertThat(passed.get(passed.size() - 1)).isSameAs(transport.handler());
        return passed;
    }

    @Test
    void statefulWithoutAuthenticationChecksTheMethodAndDrainsFirstThenOriginProtocolMediaBodyEraAndSession() {
        assertThat(edge(HttpMode.STATEFUL, HttpAuthSettings.off()))
                .containsExactly(
                        McpMethodHandler.class,
                        DrainHandler.class,
                        OriginHandler.class,
                        ProtocolVersionHandler.class,
                        MediaTypeHandler.class,
                        BodySizeHandler.class,
                        BodyBudgetHandler.class,
                        Era2026Handler.class,
                        SessionHandler.class);
    }

    @Test
    void statelessHasNoSessionHandler() {
        assertThat(edge(HttpMode.STATELESS, HttpAuthSettings.off()))
                .containsExactly(
                        McpMethodHandler.class,
                        DrainHandler.class,
                        OriginHandler.class,
                        ProtocolVersionHandler.class,
                        MediaTypeHandler.class,
                        BodySizeHandler.class,
                        BodyBudgetHandler.class,
                        Era2026Handler.class);
    }

    @Test
    void withAuthenticationCallersAreAuthenticatedRightAfterTheOriginCheckAndScopesAreCheckedLast() {
        assertThat(edge(HttpMode.STATEFUL, apiKeyAuth()))
                .containsExactly(
                        McpMethodHandler.class,
                        DrainHandler.class,
                        OriginHandler.class,
                        AuthenticationHandler.class,
                        ProtocolVersionHandler.class,
                        MediaTypeHandler.class,
                        BodySizeHandler.class,
                        BodyBudgetHandler.class,
                        Era2026Handler.class,
                        SessionHandler.class,
                        ScopeChallengeHandler.class);
        assertThat(edge(HttpMode.STATELESS, apiKeyAuth()))
                .containsExactly(
                        McpMethodHandler.class,
                        DrainHandler.class,
                        OriginHandler.class,
                        AuthenticationHandler.class,
                        ProtocolVersionHandler.class,
                        MediaTypeHandler.class,
                        BodySizeHandler.class,
                        BodyBudgetHandler.class,
                        Era2026Handler.class,
                        ScopeChallengeHandler.class);
    }

    @Test
    void aRequestToTheEndpointOpensItsExchangeThenPassesTheEdgeInOrderAndEndsAtTheTransport() {
        for (HttpMode mode : HttpMode.values()) {
            for (HttpAuthSettings auth : List.of(HttpAuthSettings.off(), apiKeyAuth())) {
                List<Handler> passed = endpoint(mode, auth);

                assertThat(passed.get(0)).isInstanceOf(ExchangeHandler.class);
                List<Class<?>> between = passed.subList(1, passed.size() - 1).stream()
                        .<Class<?>>map(Handler::getClass)
                        .toList();
                assertThat(between).containsExactlyElementsOf(edge(mode, auth));
            }
        }
    }
}
