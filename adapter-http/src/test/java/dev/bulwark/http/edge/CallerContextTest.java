package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import io.modelcontextprotocol.common.McpTransportContext;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.Test;

/** The caller, the client's request id and its trace context reach the core through the transport context. */
class CallerContextTest {

    @Test
    void everyRequestCarriesTheConfiguredCallerAndASafeRequestId() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            assertThat(HttpHarness.toolText(harness.callTool(null, "whoami", Map.of("X-Request-Id", "abc-123"))))
                    .isEqualTo("http-tester abc-123");
        }
    }

    @Test
    void overlongRequestIdIsIgnored() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            assertThat(HttpHarness.toolText(harness.callTool(null, "whoami", Map.of("X-Request-Id", "a".repeat(129)))))
                    .isEqualTo("http-tester null");
        }
    }

    @Test
    void withAuthenticationOnAnUnauthenticatedRequestCarriesNoCaller() {
        Request bare = (Request) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Request.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> HttpFields.EMPTY;
                    default -> null;
                });

        McpTransportContext context = CallerContext.authenticatedOnly().extract(bare);

        assertThat(RequestOrigin.from(context::get).caller()).isEmpty();
    }

    /** A Jetty core request with these headers and nothing else (no attributes: nobody authenticated it). */
    private static Request withHeaders(Map<String, String> headers) {
        HttpFields.Mutable fields = HttpFields.build();
        headers.forEach(fields::put);
        return (Request) Proxy.newProxyInstance(
                CallerContextTest.class.getClassLoader(),
                new Class<?>[] {Request.class},
                (proxy, method, args) -> method.getName().equals("getHeaders") ? fields.asImmutable() : null);
    }

    @Test
    void theClientsTraceContextHeadersReachTheCore() {
        String parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        McpTransportContext context = new CallerContext(dev.bulwark.ports.security.Principal.of("caller"))
                .extract(withHeaders(Map.of("traceparent", parent, "tracestate", "vendor=abc")));

        assertThat(RequestOrigin.from(context::get).traceContext())
                .isEqualTo(Map.of("traceparent", parent, "tracestate", "vendor=abc"));
        assertThat(RequestOrigin.from(context::get).caller()).isPresent();
    }

    @Test
    void aRequestOfThe2026EraGetsItsEraWhenItsOriginIsBuilt() {
        CallerContext callers = new CallerContext(dev.bulwark.ports.security.Principal.of("caller"));

        assertThat(callers.originOf(withHeaders(Map.of()), ProtocolEra.REQUESTS_2026_07_28)
                        .era())
                .isEqualTo(ProtocolEra.REQUESTS_2026_07_28);
        assertThat(CallerContext.authenticatedOnly()
                        .originOf(withHeaders(Map.of()), ProtocolEra.REQUESTS_2026_07_28)
                        .era())
                .isEqualTo(ProtocolEra.REQUESTS_2026_07_28);
        assertThat(callers.originOf(withHeaders(Map.of())).era()).isEqualTo(ProtocolEra.SESSIONS_2025_11_25);
    }

    @Test
    void aMalformedTraceparentIsIgnoredAndItsTracestateWithIt() {
        McpTransportContext context = new CallerContext(dev.bulwark.ports.security.Principal.of("caller"))
                .extract(withHeaders(Map.of("traceparent", "00-not-a-trace\n{\"x\":1}", "tracestate", "a=b")));

        assertThat(RequestOrigin.from(context::get).traceContext()).isEmpty();
    }

    @Test
    void aTraceparentWithoutAuthenticationStillCarriesNoCaller() {
        McpTransportContext context = CallerContext.authenticatedOnly()
                .extract(withHeaders(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));

        assertThat(RequestOrigin.from(context::get).caller()).isEmpty();
        assertThat(RequestOrigin.from(context::get).traceContext()).isNotEmpty();
    }
}
