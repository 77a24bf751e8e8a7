package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import dev.bulwark.ports.security.TransportContextKeys;
import io.modelcontextprotocol.common.McpTransportContext;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caller and the client's request id reach the tool through the transport context. */
class CallerContextExtractorTest {

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
        HttpServletRequest bare = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> null);

        McpTransportContext context = CallerContextExtractor.authenticatedOnly().extract(bare);

        assertThat(context.get(TransportContextKeys.PRINCIPAL)).isNull();
    }

    private static HttpServletRequest withHeaders(Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(CallerContextExtractorTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) ->
                        method.getName().equals("getHeader") ? headers.get((String) args[0]) : null);
    }

    @Test
    void theClientsTraceContextHeadersReachTheCore() {
        String parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        McpTransportContext context = new CallerContextExtractor(dev.bulwark.ports.security.Principal.of("caller"))
                .extract(withHeaders(Map.of("traceparent", parent, "tracestate", "vendor=abc")));

        assertThat(context.get(TransportContextKeys.TRACE_CONTEXT))
                .isEqualTo(Map.of("traceparent", parent, "tracestate", "vendor=abc"));
        assertThat(context.get(TransportContextKeys.PRINCIPAL)).isNotNull();
    }

    @Test
    void aMalformedTraceparentIsIgnoredAndItsTracestateWithIt() {
        McpTransportContext context = new CallerContextExtractor(dev.bulwark.ports.security.Principal.of("caller"))
                .extract(withHeaders(Map.of("traceparent", "00-not-a-trace\n{\"x\":1}", "tracestate", "a=b")));

        assertThat(context.get(TransportContextKeys.TRACE_CONTEXT)).isNull();
    }

    @Test
    void aTraceparentWithoutAuthenticationStillCarriesNoCaller() {
        McpTransportContext context = CallerContextExtractor.authenticatedOnly().extract(withHeaders(Map.of(
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));

        assertThat(context.get(TransportContextKeys.PRINCIPAL)).isNull();
        assertThat(context.get(TransportContextKeys.TRACE_CONTEXT)).isNotNull();
    }
}
