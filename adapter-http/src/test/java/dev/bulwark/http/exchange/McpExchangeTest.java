package dev.bulwark.http.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.time.Ticker;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class McpExchangeTest {

    private final List<String> ran = new ArrayList<>();
    private final McpExchange exchange = new McpExchange(
            inert(Request.class),
            inert(Response.class),
            Callback.from(() -> ran.add("completed"), failure -> ran.add("failed")),
            null,
            Ticker.system(),
            1024,
            new io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper(
                    new com.fasterxml.jackson.databind.ObjectMapper()));

    @Test
    void endActionsRunOnceInTheOrderTheyWereAttachedBeforeTheRequestCompletes() {
        for (int i = 1; i <= 4; i++) {
            String name = "action " + i;
            exchange.onEnd(() -> ran.add(name));
        }

        exchange.succeeded();
        exchange.succeeded();

        assertThat(ran).containsExactly("action 1", "action 2", "action 3", "action 4", "completed", "completed");
    }

    @Test
    void anEndActionAttachedAfterTheEndRunsAtOnce() {
        exchange.onEnd(() -> ran.add("first"));
        exchange.failed(new IllegalStateException("gone"));

        exchange.onEnd(() -> ran.add("late"));

        assertThat(ran).containsExactly("first", "failed", "late");
    }

    /** A {@code type} whose every method does nothing: the exchange under test records no metrics, so uses none. */
    private static <T> T inert(Class<T> type) {
        return type.cast(
                Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> null));
    }
}
