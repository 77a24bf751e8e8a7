package dev.bulwark.tools.presentation.conformance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Bulwark;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends MCP 2026-07-28 requests, one at a time, to a {@link Bulwark}'s entry point of that era, as a transport
 * that read them over stdio would. Answers are JSON-RPC response objects, as trees. Thread-safe.
 */
final class Era2026RoundHarness {

    private static final String CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    private static final String VERSION = "io.modelcontextprotocol/protocolVersion";

    private final ObjectMapper mapper = new ObjectMapper();
    private final Bulwark bulwark;
    private final AtomicLong ids = new AtomicLong();

    Era2026RoundHarness(Bulwark bulwark) {
        this.bulwark = bulwark;
    }

    /**
     * Sends {@code method} with {@code params} as {@code caller}; the client capabilities are those of
     * {@code params._meta}, else sampling, elicitation and roots, as the conformance suite declares by default.
     */
    JsonNode send(String method, ObjectNode params, Principal caller) {
        ObjectNode sent = params.deepCopy();
        ObjectNode meta = sent.has("_meta") ? (ObjectNode) sent.get("_meta") : sent.putObject("_meta");
        meta.put(VERSION, ProtocolEra.REQUESTS_2026_07_28.version());
        if (!meta.has(CAPABILITIES)) {
            meta.putObject(CAPABILITIES)
                    .<ObjectNode>set("sampling", mapper.createObjectNode())
                    .<ObjectNode>set("elicitation", mapper.createObjectNode())
                    .set("roots", mapper.createObjectNode());
        }
        ObjectNode request = mapper.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", ids.incrementAndGet())
                .put("method", method);
        request.set("params", sent);
        Map<String, Object> message = mapper.convertValue(request, new TypeReference<Map<String, Object>>() {});
        try {
            String answer = bulwark.era2026()
                    .serve(Era2026Request.overStdio(message, RequestOrigin.of(caller)), notification -> {})
                    .get(30, TimeUnit.SECONDS)
                    .json();
            return mapper.readTree(answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
