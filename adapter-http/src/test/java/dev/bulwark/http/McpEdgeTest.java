package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthenticationFilter;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.auth.ScopeChallengeFilter;
import dev.bulwark.http.drain.DrainFilter;
import dev.bulwark.http.drain.DrainGate;
import dev.bulwark.http.edge.BodySizeFilter;
import dev.bulwark.http.edge.MediaTypeFilter;
import dev.bulwark.http.edge.OriginFilter;
import dev.bulwark.http.edge.ProtocolVersionFilter;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.http.session.SessionFilter;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import jakarta.servlet.Filter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order of the edge in front of {@code /mcp}, decided in one place, for each mode with and without auth. */
class McpEdgeTest {

    private final McpJsonMapper jsonMapper = new JacksonMcpJsonMapper(new ObjectMapper());
    private final HttpMetrics metrics = new HttpMetrics();

    private static HttpAuthSettings apiKeyAuth() {
        return HttpAuthSettings.builder()
                .apiKeys(new ApiKeys(List.of(new ApiKey("ci-bot", Set.of(), ApiKeys.hashOf("secret-key-0123456789")))))
                .resourceUrl("http://127.0.0.1:8080/mcp")
                .build();
    }

    private List<Class<?>> edge(HttpMode mode, HttpAuthSettings auth) {
        HttpServerSettings settings = HttpHarness.settings(mode);
        McpEdge edge = new McpEdge(settings, auth, jsonMapper, metrics, Ticker.system(), new DrainGate());
        McpTransport transport = McpTransport.create(settings, auth, jsonMapper, metrics, Ticker.system());
        return edge.filters(transport).stream().<Class<?>>map(Filter::getClass).toList();
    }

    @Test
    void statefulWithoutAuthenticationDrainsFirstThenChecksOriginProtocolMediaBodyAndSession() {
        assertThat(edge(HttpMode.STATEFUL, HttpAuthSettings.off())).containsExactly(DrainFilter.class,
                OriginFilter.class, ProtocolVersionFilter.class, MediaTypeFilter.class, BodySizeFilter.class,
                SessionFilter.class);
    }

    @Test
    void statelessHasNoSessionFilter() {
        assertThat(edge(HttpMode.STATELESS, HttpAuthSettings.off())).containsExactly(DrainFilter.class,
                OriginFilter.class, ProtocolVersionFilter.class, MediaTypeFilter.class, BodySizeFilter.class);
    }

    @Test
    void withAuthenticationCallersAreAuthenticatedRightAfterTheOriginCheckAndScopesAreCheckedLast() {
        assertThat(edge(HttpMode.STATEFUL, apiKeyAuth())).containsExactly(DrainFilter.class, OriginFilter.class,
                AuthenticationFilter.class, ProtocolVersionFilter.class, MediaTypeFilter.class, BodySizeFilter.class,
                SessionFilter.class, ScopeChallengeFilter.class);
        assertThat(edge(HttpMode.STATELESS, apiKeyAuth())).containsExactly(DrainFilter.class, OriginFilter.class,
                AuthenticationFilter.class, ProtocolVersionFilter.class, MediaTypeFilter.class, BodySizeFilter.class,
                ScopeChallengeFilter.class);
    }
}
