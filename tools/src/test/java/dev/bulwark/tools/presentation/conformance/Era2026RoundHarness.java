package dev.bulwark.tools.presentation.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.internal.presentation.era2026.ClientInputRound;
import dev.bulwark.core.internal.presentation.era2026.InputRounds;
import dev.bulwark.core.internal.presentation.era2026.InvalidInputRoundException;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * A test-only stand-in for the MCP 2026-07-28 dispatcher: serves one request at a time through the SDK's stateless
 * server (Bulwark's full pipeline behind it) the way the dispatcher does for multi round-trip requests. It opens
 * the request's input round, puts it in the request's {@link RequestOrigin}, and
 * answers the round's {@code input_required} result instead of the handler's when there is one; a refused round is
 * answered {@code -32602}. Answers are JSON-RPC response objects, as trees. Thread-safe.
 */
final class Era2026RoundHarness implements McpStatelessServerTransport {

    private static final String CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";

    private final ObjectMapper mapper = new ObjectMapper();
    private final InputRounds rounds;
    private final AtomicLong ids = new AtomicLong();
    private volatile McpStatelessServerHandler handler;

    Era2026RoundHarness(InputRounds rounds) {
        this.rounds = rounds;
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        this.handler = handler;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    /**
     * Sends {@code method} with {@code params} as {@code caller}; the client capabilities are those of
     * {@code params._meta}, else sampling, elicitation and roots, as the conformance suite declares by default.
     */
    JsonNode send(String method, ObjectNode params, Principal caller) {
        JsonNode declared = params.path("_meta").get(CAPABILITIES);
        JsonNode capabilities = declared != null
                ? declared
                : mapper.createObjectNode()
                        .<ObjectNode>set("sampling", mapper.createObjectNode())
                        .<ObjectNode>set("elicitation", mapper.createObjectNode())
                        .set("roots", mapper.createObjectNode());
        long id = ids.incrementAndGet();
        ObjectNode answer = mapper.createObjectNode().put("jsonrpc", "2.0").put("id", id);
        ClientInputRound round;
        try {
            round = (ClientInputRound) rounds.open(method, params, capabilities, caller);
        } catch (InvalidInputRoundException refused) {
            answer.putObject("error")
                    .put("code", McpSchema.ErrorCodes.INVALID_PARAMS)
                    .put("message", refused.getMessage());
            return answer;
        }
        McpTransportContext context = McpTransportContext.create(RequestOrigin.builder(ProtocolEra.REQUESTS_2026_07_28)
                .caller(caller)
                .inputRound(round)
                .build()
                .asContext());
        McpSchema.JSONRPCResponse response = handler.handleRequest(
                        context,
                        new McpSchema.JSONRPCRequest("2.0", method, id, mapper.convertValue(params, Map.class)))
                .block(Duration.ofSeconds(30));
        Optional<ObjectNode> inputRequired = round.inputRequired();
        if (inputRequired.isPresent()) {
            answer.set("result", inputRequired.get());
        } else if (response.error() != null) {
            answer.set(
                    "error",
                    mapper.valueToTree(Map.of(
                            "code",
                            response.error().code(),
                            "message",
                            String.valueOf(response.error().message()))));
        } else {
            try {
                answer.set(
                        "result",
                        mapper.readTree(new JacksonMcpJsonMapper(mapper).writeValueAsString(response.result())));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return answer;
    }
}
