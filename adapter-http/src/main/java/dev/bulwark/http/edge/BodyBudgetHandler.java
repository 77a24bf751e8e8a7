package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.http.ops.ThrottledLog;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a POST's body in the {@link BodyBudget} until its exchange and its call have ended.
 */
public final class BodyBudgetHandler extends EdgeHandler {

    /** How long a body waits for room before it is refused. */
    public static final Duration PATIENCE = Duration.ofSeconds(5);
    /**
     * How long a declared body may go on arriving, from when its read first waited for bytes, before it gives its
     * room back until it is in.
     */
    public static final Duration SLOW_AFTER = Duration.ofSeconds(1);
    /** The refusal's error type in {@code mcp_errors_total}, with the {@code http_} prefix. */
    public static final String BUSY = "busy";
    /**
     * The largest body read, when the budget has no room, to tell whether it is a request: parsing it takes about
     * 22 times this, once, on its request thread. A body that is not a request (an answer to the server's own
     * request, a cancellation) never waits: a call holding the budget may be waiting for just that answer.
     */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(BodyBudgetHandler.class);

    private final BodyBudget budget;
    private final Duration patience;
    private final ThrottledLog refused = new ThrottledLog(
            LOG,
            "Request refused as busy: the request bodies the"
                    + " server holds take their share of the heap (a 64th); give the server more heap or send smaller"
                    + " requests",
            Duration.ofMinutes(1));

    /** @param patience how long a body waits for room before it is refused */
    public BodyBudgetHandler(BodyBudget budget, Duration patience) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.patience = Objects.requireNonNull(patience, "patience");
    }

    @Override
    protected boolean admit(McpExchange exchange) {
        if (!"POST".equals(exchange.method())) {
            return true;
        }
        long declared = exchange.request().getLength();
        long bytes = declared;
        try {
            if (bytes < 0 || !budget.fits(bytes) && bytes <= MAX_ANSWER_BYTES) {
                bytes = exchange.rawBody().length;
                if (!budget.fits(bytes)
                        && bytes <= MAX_ANSWER_BYTES
                        && InboundMessageMapper.expectsNoAnswer(exchange.json())) {
                    return true;
                }
            }
        } catch (IOException unreadable) {
            exchange.answerUnreadableBody(unreadable);
            return false;
        }
        if (!budget.take(bytes, patience)) {
            RefusedBody.discardRest(exchange.request());
            refuseAsBusy(exchange);
            return false;
        }
        Hold hold = new Hold(bytes);
        exchange.onWorkEnd(hold);
        if (declared < 0) {
            return true; // read already
        }
        try {
            exchange.rawBody(SLOW_AFTER, hold);
        } catch (IOException unreadable) {
            exchange.answerUnreadableBody(unreadable);
            return false;
        }
        if (hold.given()) { // it arrived slowly, without its room: count it again now that it is in
            if (!budget.take(bytes, patience)) {
                refuseAsBusy(exchange);
                return false;
            }
            exchange.onWorkEnd(new Hold(bytes));
        }
        return true;
    }

    private void refuseAsBusy(McpExchange exchange) {
        refused.warn("held_bytes", budget.held(), "max_bytes", budget.maxBytes());
        exchange.response().getHeaders().put("Retry-After", "1");
        exchange.refuse(
                503,
                BUSY,
                JsonRpcErrors.SERVER_UNAVAILABLE,
                "Service unavailable: the server is busy"
                        + " with other large requests and did not run this one; retry shortly");
    }

    /** A body's bytes taken from the budget: running it gives them back, once however often it runs. */
    private final class Hold extends AtomicBoolean implements Runnable {
        private static final long serialVersionUID = 1L;
        private final long bytes;

        Hold(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void run() {
            if (compareAndSet(false, true)) {
                budget.giveBack(bytes);
            }
        }

        boolean given() {
            return get();
        }
    }
}
