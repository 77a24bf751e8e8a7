package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import dev.bulwark.ports.security.TransportContextKeys;
import io.modelcontextprotocol.common.McpTransportContext;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caller and the client's request id reach the tool through the transport context. */
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
        Request bare = (Request) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Request.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> HttpFields.EMPTY;
                    default -> null;
                });

        McpTransportContext context = CallerContext.authenticatedOnly().extract(bare);

        assertThat(context.get(TransportContextKeys.PRINCIPAL)).isNull();
    }
}
