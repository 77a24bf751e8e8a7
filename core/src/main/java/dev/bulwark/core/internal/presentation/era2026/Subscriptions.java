package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.NotificationStream;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The {@code subscriptions/listen} streams. The acknowledgement comes first and names the notification types the
 * server honours: none, because Bulwark's tool, prompt and resource lists are fixed when it is built and no resource
 * announces updates, so no list-changed or resource-updated notification can ever be due; the stream then stays open
 * until the client leaves, and {@link #closeAll} ends each open one with the {@code subscriptions/listen} result
 * (server shutdown). Every message carries the subscription's id in {@code _meta}. One caller (a principal's
 * subject) holds at most {@value #MAX_OPEN_PER_CALLER} open subscriptions, as many as sessions by default: each holds
 * a connection over HTTP for as long as its client likes, so a caller past that is refused ({@code 429},
 * {@value #TOO_MANY}) until it ends one. A place is taken when a subscription is acknowledged, in one step with the
 * check, so callers asking at the same moment cannot pass the cap, and it is given back once, when the stream
 * closes or ends (a transport that cannot open an acknowledged stream closes it). With authentication off every
 * client is the one configured caller, so they share the 100, as local processes share the sessions of their one
 * address. Thread-safe.
 */
final class Subscriptions {

    static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";
    /** The most subscriptions one caller holds open. */
    static final int MAX_OPEN_PER_CALLER = 100;
    /** The JSON-RPC error code of a subscription refused because its caller holds too many. */
    static final int TOO_MANY = -32000;

    private final ObjectMapper mapper;
    private final int maxOpenPerCaller;
    private final Map<Stream, JsonNode> open = new ConcurrentHashMap<>();
    private final Map<String, Integer> openByCaller = new ConcurrentHashMap<>();
    /** Set by {@link #closeAll}: a stream opened later (acknowledged just before) is ended as soon as it opens. */
    private volatile boolean ending;

    Subscriptions(ObjectMapper mapper) {
        this(mapper, MAX_OPEN_PER_CALLER);
    }

    /** With at most {@code maxOpenPerCaller} open subscriptions per caller (for tests). */
    Subscriptions(ObjectMapper mapper, int maxOpenPerCaller) {
        this.mapper = mapper;
        this.maxOpenPerCaller = maxOpenPerCaller;
    }

    /**
     * The acknowledgement of the subscription request {@code id} of {@code caller} (a principal's subject, or
     * {@code ""}), and its stream; or the rejection of its params, or of a caller that holds too many.
     */
    Era2026Answer listen(JsonNode id, ObjectNode params, String caller) {
        JsonNode filter = params.get("notifications");
        if (filter == null || !filter.isObject()) {
            return Rejection.badRequest(
                            McpSchema.ErrorCodes.INVALID_PARAMS,
                            "Invalid params: notifications is required and must be an object")
                    .answer(mapper, id);
        }
        if (!takePlace(caller)) {
            return new Rejection(
                            429,
                            TOO_MANY,
                            "Too many open subscriptions: a caller holds at most " + maxOpenPerCaller
                                    + "; end one before opening another",
                            null)
                    .answer(mapper, id);
        }
        ObjectNode acknowledgement =
                mapper.createObjectNode().put("jsonrpc", "2.0").put("method", ACKNOWLEDGED);
        ObjectNode ackParams = acknowledgement.putObject("params");
        ackParams.putObject("notifications"); // nothing Bulwark serves can change: see the class comment
        ackParams.putObject(Era2026Protocol.META).set(Era2026Protocol.SUBSCRIPTION_ID, id);
        return new Era2026Answer(200, acknowledgement.toString(), Optional.of(new Stream(id, caller)));
    }

    /** Takes one of {@code caller}'s places, checked and counted in one step; false when it holds them all. */
    private boolean takePlace(String caller) {
        boolean[] taken = new boolean[1];
        openByCaller.compute(caller, (key, held) -> {
            int now = held == null ? 0 : held;
            if (now >= maxOpenPerCaller) {
                return held;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /**
     * Ends every open subscription with its result; the streams are closed. One acknowledged but not yet opened by
     * its transport is ended as soon as it opens, and so is any opened from now on: the server is stopping.
     */
    void closeAll() {
        ending = true;
        open.forEach((stream, id) -> stream.end());
    }

    /** How many subscriptions are open; for tests and metrics. */
    int openCount() {
        return open.size();
    }

    /** How many places {@code caller} holds: its subscriptions acknowledged and not yet closed; for tests. */
    int openCount(String caller) {
        return openByCaller.getOrDefault(caller, 0);
    }

    /** One subscription's stream: it holds its caller's place from its acknowledgement until it closes or ends. */
    private final class Stream implements NotificationStream {

        private final JsonNode id;
        private final String caller;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile Consumer<String> sink;
        private volatile Runnable ended;

        Stream(JsonNode id, String caller) {
            this.id = id;
            this.caller = caller;
        }

        @Override
        public void open(Consumer<String> sink, Runnable ended) {
            this.sink = sink;
            this.ended = ended;
            open.put(this, id);
            if (closed.get()) {
                open.remove(this); // closed before it opened: its place is already given back
                return;
            }
            if (ending) {
                end(); // closeAll ran between the acknowledgement and now; end() runs once whoever calls it
            }
        }

        @Override
        public void close() {
            closeOnce();
        }

        /** Closes the stream and gives its place back; whether this call did (it was not closed or ended before). */
        private boolean closeOnce() {
            if (!closed.compareAndSet(false, true)) {
                return false;
            }
            open.remove(this);
            openByCaller.computeIfPresent(caller, (key, held) -> held == 1 ? null : held - 1);
            return true;
        }

        /** Sends the subscription's result, then ends the stream; once, whoever ends it first. */
        @Override
        public void end() {
            Consumer<String> current = sink;
            if (closeOnce() && current != null) {
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
