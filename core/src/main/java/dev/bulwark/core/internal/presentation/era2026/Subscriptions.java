package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.ports.stateless.NotificationStream;
import dev.bulwark.ports.stateless.StatelessAnswer;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The {@code subscriptions/listen} streams. The acknowledgement comes first and names the notification types the
 * server honours: none, because Bulwark's tool, prompt and resource lists are fixed when it is built and no resource
 * announces updates, so no list-changed or resource-updated notification can ever be due; the stream then stays open
 * until the client leaves, and {@link #closeAll} ends each open one with the {@code subscriptions/listen} result
 * (server shutdown). Every message carries the subscription's id in {@code _meta}. Thread-safe.
 */
final class Subscriptions {

    static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";

    private final ObjectMapper mapper;
    private final Map<Stream, JsonNode> open = new ConcurrentHashMap<>();

    Subscriptions(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The acknowledgement of the subscription request {@code id}, and its stream; or the rejection of its params. */
    StatelessAnswer listen(JsonNode id, ObjectNode params) {
        JsonNode filter = params.get("notifications");
        if (filter == null || !filter.isObject()) {
            return Rejection.badRequest(McpSchema.ErrorCodes.INVALID_PARAMS,
                    "Invalid params: notifications is required and must be an object").answer(mapper, id);
        }
        ObjectNode acknowledgement = mapper.createObjectNode().put("jsonrpc", "2.0").put("method", ACKNOWLEDGED);
        ObjectNode ackParams = acknowledgement.putObject("params");
        ackParams.putObject("notifications"); // nothing Bulwark serves can change: see the class comment
        ackParams.putObject(Era2026Protocol.META).set(Era2026Protocol.SUBSCRIPTION_ID, id);
        return new StatelessAnswer(200, acknowledgement.toString(), Optional.of(new Stream(id)));
    }

    /** Ends every open subscription with its result; the streams are closed. */
    void closeAll() {
        open.forEach((stream, id) -> stream.end());
    }

    /** How many subscriptions are open; for tests and metrics. */
    int openCount() {
        return open.size();
    }

    /** One subscription's stream. */
    private final class Stream implements NotificationStream {

        private final JsonNode id;
        private volatile Consumer<String> sink;
        private volatile Runnable ended;

        Stream(JsonNode id) {
            this.id = id;
        }

        @Override
        public void open(Consumer<String> sink, Runnable ended) {
            this.sink = sink;
            this.ended = ended;
            open.put(this, id);
        }

        @Override
        public void close() {
            open.remove(this);
        }

        void end() {
            Consumer<String> current = sink;
            close();
            if (current != null) {
                ObjectNode response = mapper.createObjectNode().put("jsonrpc", "2.0");
                response.set("id", id);
                ObjectNode result = response.putObject("result").put("resultType", "complete");
                result.putObject(Era2026Protocol.META).set(Era2026Protocol.SUBSCRIPTION_ID, id);
                current.accept(response.toString());
                ended.run();
            }
        }
    }
}
