package dev.bulwark.http.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.origin.RequestOrigin;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamableServedSessionTest {

    private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();
    private static final McpSchema.ClientCapabilities CAPABILITIES =
            McpSchema.ClientCapabilities.builder().elicitation().build();
    private static final McpSchema.Implementation CLIENT = new McpSchema.Implementation("client", "1");

    private final EventLog log = new EventLog(16, Long.MAX_VALUE, new EventBudget(Long.MAX_VALUE));
    private final StreamableSession session = new StreamableSession(
            new McpStreamableServerSession("s", CAPABILITIES, CLIENT, Duration.ofMinutes(5), Map.of(), Map.of()),
            new McpSchema.InitializeRequest("2025-11-25", CAPABILITIES, CLIENT),
            JSON,
            1000,
            log);
    private final SseStream answering = session.newStream(7);
    private final StreamableServedSession served = new StreamableServedSession(session, JSON, answering);

    @Test
    void anExchangesNotificationGoesOnTheRequestsOwnStream() {
        McpAsyncServerExchange exchange = (McpAsyncServerExchange) served.exchange(RequestOrigin.NONE);

        exchange.progressNotification(new McpSchema.ProgressNotification("p", 0.5, 1.0, "half"))
                .block(Duration.ofSeconds(5));

        assertThat(log.size()).isEqualTo(1);
        assertThat(exchange.getClientInfo().name()).isEqualTo("client");
    }

    @Test
    void onceTheCallIsAnsweredItsExchangeSendsNothingAndARequestFailsAtOnce() {
        McpAsyncServerExchange exchange = (McpAsyncServerExchange) served.exchange(RequestOrigin.NONE);
        served.answered();

        exchange.progressNotification(new McpSchema.ProgressNotification("p", 0.5, 1.0, "late"))
                .block(Duration.ofSeconds(5));
        assertThat(log.size()).isZero();
        assertThatThrownBy(() -> exchange.createElicitation(McpSchema.ElicitRequest.builder()
                                .message("Your name?")
                                .requestedSchema(Map.of("type", "object"))
                                .build())
                        .block(Duration.ofSeconds(5)))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("already answered");
        assertThat(log.size()).isZero();
    }
}
